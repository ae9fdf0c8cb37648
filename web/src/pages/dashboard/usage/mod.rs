//! The client portal's usage: what the organization's automations used, per metric, with CSV
//! exports (the usage bundle; on while the `usage.dashboard` flag is).

pub mod usage_page;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::usage_page::Usage;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "usage",
    label: "Usage",
    icon: IconName::ChartBar,
    needs: Some(Permission::UsageRead),
    feature: Some(shared::flags::USAGE_DASHBOARD),
}];

/// `/dashboard/usage`.
#[component(transparent)]
pub fn UsageRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("usage") view=Usage/> }.into_inner()
}
