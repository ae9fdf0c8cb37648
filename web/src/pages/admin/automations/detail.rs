//! `/admin/automations/:id`: one automation, as the staff work on it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::api;
use crate::api::automations::Side;
use crate::components::detail_page;
use crate::pages::dashboard::automations::view::{AutomationView, Shown};
use crate::state::remote::Remote;

/// `/admin/automations/:id`.
#[component]
pub fn AdminAutomationPage() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").and_then(|id| uuid::Uuid::parse_str(&id).ok())).unwrap_or_default();
    let automation = Remote::new(move || api::automations::admin_automation(id()));
    detail_page(("/admin/automations", "Automations"), "Automation", automation, move |a| {
        let shown = Shown { side: Side::Staff, automation: a.automation, organization: Some(a.organization) };
        view! { <AutomationView shown=shown reload=Callback::new(move |_| automation.refetch())/> }
    })
}
