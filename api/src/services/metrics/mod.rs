//! The metrics area: the operator's figures for the admin overview (signups over time,
//! organizations by status). Read-only; the series are cut into periods by `periods`.

pub mod organizations;
pub mod periods;
pub mod signups;
