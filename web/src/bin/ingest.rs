//! The ingest bundle: an organization's usage ingest keys (`/admin/ingest-keys/:org_id`).

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminIngestRoutes;

fn main() {
    mount(Bundle::Ingest, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Ingest/> }>
                <AdminIngestRoutes/>
            </Routes>
        }
    });
}
