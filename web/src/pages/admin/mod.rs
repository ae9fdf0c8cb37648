//! The operator's admin portal.

pub mod audit;
pub mod organization;
pub mod organizations;
