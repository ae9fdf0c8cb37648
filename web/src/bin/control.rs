//! The control bundle: the admin portal's audit log and system settings.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminControlRoutes;

fn main() {
    mount(Bundle::Control, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Control/> }>
                <AdminControlRoutes/>
            </Routes>
        }
    });
}
