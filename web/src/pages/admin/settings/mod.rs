//! System settings, generated from the settings registry (`shared::settings`).

pub mod system_settings;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::system_settings::SystemSettingsPage;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "settings",
    label: "System settings",
    icon: IconName::Cog,
    needs: Some(Permission::AdminSettingsManage),
    feature: None,
}];

/// `/admin/settings`.
#[component(transparent)]
pub fn SettingsRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("settings") view=SystemSettingsPage/> }.into_inner()
}
