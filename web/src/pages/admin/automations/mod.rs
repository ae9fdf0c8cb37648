//! The staff's automations across organizations (in the delivery bundle, see `shared::Bundle`):
//! the list with its filters, and an automation's page, the client portal's
//! (`crate::pages::dashboard::automations::view`) on the admin API.

pub mod detail;
pub mod list;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::detail::AdminAutomationPage;
use self::list::AdminAutomations;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "automations",
    label: "Automations",
    icon: IconName::Bolt,
    needs: Some(Permission::AdminAutomationsRead),
    feature: None,
}];

/// `/admin/automations`, `/admin/automations/:id`.
#[component(transparent)]
pub fn AdminAutomationsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("automations") view=AdminAutomations/>
        <Route path=path!("automations/:id") view=AdminAutomationPage/>
    }
    .into_inner()
}
