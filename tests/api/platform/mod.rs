//! The `platform` area: health and errors, bad input, the OpenAPI document, the role matrix,
//! serving the web app, list paging and search, `Idempotency-Key`, and the domain events outbox.

mod events;
mod idempotency;
mod input;
mod lists;
mod matrix;
mod openapi;
mod system;
mod web_app;
