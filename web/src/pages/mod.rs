//! The pages, by portal (`public`, `dashboard`, `admin`) and area. Each area's `mod.rs` declares
//! its routes (a transparent route group) and its sidebar entries (`NAV`) beside its pages; each
//! portal lists its areas.

pub mod admin;
pub mod dashboard;
pub mod public;
