//! The `api_keys` area: integrators' keys of an organization.

mod keys;
