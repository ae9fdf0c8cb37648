//! The team area: an organization's members.

pub mod members;
