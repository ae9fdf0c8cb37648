//! The pages, by area.

pub mod admin;
pub mod dashboard;
pub mod public;
