//! The active organization's settings.

pub mod org_settings;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::org_settings::OrgSettings;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "settings",
    label: "Organization",
    icon: IconName::Building,
    needs: Some(Permission::OrgRead),
    feature: None,
}];

/// `/dashboard/settings`.
#[component(transparent)]
pub fn OrganizationRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("settings") view=OrgSettings/> }.into_inner()
}
