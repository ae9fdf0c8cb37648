//! The usage bundle: the client portal's usage page with its charts.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::dashboard::DashboardUsageRoutes;

fn main() {
    mount(Bundle::Usage, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Usage/> }>
                <DashboardUsageRoutes/>
            </Routes>
        }
    });
}
