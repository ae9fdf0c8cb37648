//! Automations: requests and their status timeline, staff leads, tasks on a board, the
//! automation's message thread and each task's comments. `access` holds the one visibility rule
//! (customers, VENDORs, staff) every route goes through.

pub mod access;
pub mod notices;
pub mod requests;
pub mod tasks;
pub mod threads;
