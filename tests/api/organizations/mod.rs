//! The `organizations` area: the operator's organization management and tenant isolation.

mod admin_organizations;
mod tenancy;
