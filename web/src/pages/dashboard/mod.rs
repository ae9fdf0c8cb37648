//! The client portal, and the account pages both portals share.

pub mod api_keys;
pub mod overview;
pub mod profile;
pub mod security;
pub mod sessions;
pub mod settings;
