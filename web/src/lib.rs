//! The OMGsystems web app: leptos single-page apps for the public pages, the client portal and
//! the admin portal, compiled to wasm32 and served by the API server. One crate, one set of
//! components; each entry bundle (`src/bin/`) mounts only its own routes, so it carries only
//! its own pages.

pub mod api;
pub mod app;
pub mod components;
pub mod pages;
pub mod state;
