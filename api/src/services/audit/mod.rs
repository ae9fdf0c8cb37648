//! The audit area: reading the trail (writing it is `platform::audit`).

pub mod log;
