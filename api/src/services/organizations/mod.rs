//! The organizations area: the tenants themselves: creating them, who may act in one, the
//! client portal's view and settings, and the operator's list, suspension and reactivation.

pub mod access;
pub mod admin;
pub mod create;
pub mod organization;
