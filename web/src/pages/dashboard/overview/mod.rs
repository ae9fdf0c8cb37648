//! The client portal's home: the organization at a glance, and its members.

pub mod overview_page;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::overview_page::Overview;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] =
    &[NavItem { path: "", label: "Overview", icon: IconName::Home, needs: Some(Permission::OrgRead), feature: None }];

/// `/dashboard`.
#[component(transparent)]
pub fn OverviewRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("") view=Overview/> }.into_inner()
}
