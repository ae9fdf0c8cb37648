//! The insights bundle: the admin portal's figures and charts (the overview at `/admin`).

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminInsightsRoutes;

fn main() {
    mount(Bundle::Insights, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Insights/> }>
                <AdminInsightsRoutes/>
            </Routes>
        }
    });
}
