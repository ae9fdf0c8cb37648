//! The automations bundle: the client portal's automations and the person's tasks (`/dashboard/automations/…`, `/dashboard/my-tasks`).

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::dashboard::DashboardAutomationsRoutes;

fn main() {
    mount(Bundle::Automations, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Automations/> }>
                <DashboardAutomationsRoutes/>
            </Routes>
        }
    });
}
