//! The delivery bundle: the staff's automations across organizations (`/admin/automations/…`).

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminDeliveryRoutes;

fn main() {
    mount(Bundle::Delivery, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Delivery/> }>
                <AdminDeliveryRoutes/>
            </Routes>
        }
    });
}
