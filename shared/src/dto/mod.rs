//! Request and response bodies of the REST API, by area.

pub mod admin;
pub mod auth;
pub mod common;
pub mod dashboard;
pub mod system;
