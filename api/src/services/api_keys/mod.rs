//! The API keys area: integrators' keys of an organization.

pub mod keys;
pub mod rate_limit;
