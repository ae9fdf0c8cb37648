//! The OMGsystems web app: a leptos single-page app for the client and admin portals, compiled
//! to wasm32 and served by the API server.

mod api;
mod app;
mod components;
mod pages;
mod state;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
