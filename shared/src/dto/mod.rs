//! Request and response bodies of the REST API, one module per area.

pub mod api_keys;
pub mod audit;
pub mod auth;
pub mod automations;
pub mod common;
pub mod files;
pub mod flags;
pub mod metrics;
pub mod notifications;
pub mod organizations;
pub mod settings;
pub mod system;
pub mod team;
pub mod usage;
pub mod users;
