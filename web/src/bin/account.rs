//! The account bundle: the signed-in person's profile, sessions and security pages, in the shell
//! of either portal.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminAccountRoutes;
use web::pages::dashboard::DashboardAccountRoutes;

fn main() {
    mount(Bundle::Account, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Account/> }>
                <DashboardAccountRoutes/>
                <AdminAccountRoutes/>
            </Routes>
        }
    });
}
