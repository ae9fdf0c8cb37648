//! `/admin/ingest-keys/:org_id`: the organization named, then its ingest keys.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Permission;

use super::keys::IngestKeys;
use crate::api;
use crate::components::{EmptyState, PageHeader, detail_page};
use crate::state::remote::Remote;
use crate::state::session::Session;

/// `/admin/ingest-keys/:org_id`.
#[component]
pub fn IngestKeysPage() -> impl IntoView {
    let session = Session::current();
    let params = use_params_map();
    let org_id = move || params.with(|p| p.get("org_id").unwrap_or_default());
    let org = Remote::new(move || api::organizations::admin_organization(&org_id()));
    detail_page(("/admin/usage", "Usage"), "Organization", org, move |o| {
        let keys = if session.can(Permission::AdminUsageKeysManage) {
            view! { <IngestKeys org_id=o.id/> }.into_any()
        } else {
            view! { <EmptyState title="Not allowed" text="Managing ingest keys needs the permission to manage them."/> }
                .into_any()
        };
        view! {
            <PageHeader
                title=format!("Ingest keys of {}", o.name)
                description=format!("The keys that report the usage of {}.", o.slug)
            >
                <a class="btn btn-secondary" href=format!("/admin/usage/{}", o.id)>"Usage of this organization"</a>
            </PageHeader>
            {keys}
        }
    })
}
