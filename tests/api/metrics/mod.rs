//! The `metrics` area: the operator's signups per day, week and month, and organizations by
//! status.

mod organizations;
mod signups;
