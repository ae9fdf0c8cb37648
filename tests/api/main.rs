//! HTTP-level tests: every test spawns the real server with its own database and talks to it
//! over HTTP. Database tests run on SQLite and on PostgreSQL (`db_test!`).

mod account;
mod admin_organizations;
mod api_keys;
mod audit_logs;
mod auth;
mod browser;
mod input;
mod lockout;
mod matrix;
mod mfa;
mod openapi;
mod sessions;
mod settings;
mod system;
mod tenancy;
mod tokens;
mod web_app;
