//! The flags bundle: the admin portal's feature flags.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminFlagsRoutes;

fn main() {
    mount(Bundle::Flags, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Flags/> }>
                <AdminFlagsRoutes/>
            </Routes>
        }
    });
}
