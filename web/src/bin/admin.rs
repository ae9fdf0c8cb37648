//! The admin bundle: the operator's admin portal at `/admin`.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminRoutes;

fn main() {
    mount(Bundle::Admin, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Admin/> }>
                <AdminRoutes/>
            </Routes>
        }
    });
}
