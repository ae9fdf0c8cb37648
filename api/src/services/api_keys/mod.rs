//! The API keys area: integrators' keys of an organization.

pub mod keys;
