//! The monitoring bundle: the operator's usage monitoring with its charts (`/admin/usage/…`).

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminMonitoringRoutes;

fn main() {
    mount(Bundle::Monitoring, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Monitoring/> }>
                <AdminMonitoringRoutes/>
            </Routes>
        }
    });
}
