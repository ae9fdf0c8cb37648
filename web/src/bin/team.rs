//! The team bundle: the client portal's team, its members and invitations (`/dashboard/team`).

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::dashboard::DashboardTeamRoutes;

fn main() {
    mount(Bundle::Team, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Team/> }>
                <DashboardTeamRoutes/>
            </Routes>
        }
    });
}
