//! Customer organizations: the list, and one organization's detail with suspension.

pub mod detail;
pub mod list;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::detail::OrganizationDetail;
use self::list::Organizations;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "organizations",
    label: "Organizations",
    icon: IconName::Building,
    needs: Some(Permission::AdminOrganizationsRead),
    feature: None,
}];

/// `/admin/organizations`, `/admin/organizations/:id`.
#[component(transparent)]
pub fn OrganizationsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("organizations") view=Organizations/>
        <Route path=path!("organizations/:id") view=OrganizationDetail/>
    }
    .into_inner()
}
