//! The team area: an organization's members and invitations.

pub mod invitations;
pub mod members;
pub mod notices;
