//! The app bundle: the client portal at `/dashboard`.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::dashboard::DashboardRoutes;

fn main() {
    mount(Bundle::App, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::App/> }>
                <DashboardRoutes/>
            </Routes>
        }
    });
}
