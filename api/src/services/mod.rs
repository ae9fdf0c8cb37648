//! Business logic on database connections and typed contexts; no HTTP types here.

pub mod account;
pub mod admin_organizations;
pub mod api_keys;
pub mod audit;
pub mod audit_query;
pub mod auth;
pub mod mfa;
pub mod organizations;
pub mod password;
pub mod sessions;
pub mod settings;
pub mod tenant;
pub mod throttle;
pub mod tokens;
pub mod users;
