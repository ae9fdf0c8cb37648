//! The active organization's API keys.

pub mod api_keys_page;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::api_keys_page::ApiKeys;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "api-keys",
    label: "API keys",
    icon: IconName::Clipboard,
    needs: Some(Permission::ApiKeysManage),
    feature: None,
}];

/// `/dashboard/api-keys`.
#[component(transparent)]
pub fn ApiKeysRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("api-keys") view=ApiKeys/> }.into_inner()
}
