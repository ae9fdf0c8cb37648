//! `/dashboard/automations/:id`: one automation of the active organization.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use super::view::{AutomationView, Shown};
use crate::api;
use crate::api::automations::Side;
use crate::components::detail_page;
use crate::state::remote::Remote;

/// `/dashboard/automations/:id`.
#[component]
pub fn AutomationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| uuid::Uuid::parse_str(&id).ok())).unwrap_or_default();
    let automation = Remote::per_org(move || api::automations::automation(id()));
    detail_page(("/dashboard/automations", "Automations"), "Automation", automation, move |a| {
        view! { <AutomationView shown=Shown { side: Side::Client, automation: a, organization: None } reload=Callback::new(move |_| automation.refetch())/> }
    })
}
