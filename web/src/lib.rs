//! The OMGsystems web app: a leptos single-page app for the client and admin portals, compiled
//! to wasm32 and served by the API server. It speaks to the API through the `shared` DTOs.

pub use shared;
