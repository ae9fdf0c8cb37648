//! The `team` area: invitations, members, the organization's time zone and its own audit trail.

mod audit_logs;
mod invitations;
mod members;
