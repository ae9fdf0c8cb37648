//! HTTP-level tests: every test spawns the real server with its own database and talks to it
//! over HTTP. Database tests run on SQLite and on PostgreSQL (`db_test!`). One module per area,
//! one file per topic; the fixtures of each area live in `tests/src/fixtures/<area>.rs`.

mod api_keys;
mod audit;
mod auth;
mod automations;
mod browser;
mod files;
mod flags;
mod metrics;
mod organizations;
mod platform;
mod settings;
mod team;
mod usage;
mod users;
