//! The admin portal's home: the platform's figures and charts (in the insights bundle, see
//! `shared::Bundle`).

pub mod overview_page;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::overview_page::Overview;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "",
    label: "Overview",
    icon: IconName::ChartBar,
    needs: Some(Permission::AdminMetricsRead),
    feature: None,
}];

/// `/admin`.
#[component(transparent)]
pub fn OverviewRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("") view=Overview/> }.into_inner()
}
