//! The audit log.

pub mod audit_log;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::audit_log::AuditLog;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "audit",
    label: "Audit log",
    icon: IconName::Clipboard,
    needs: Some(Permission::AdminAuditRead),
    feature: None,
}];

/// `/admin/audit`.
#[component(transparent)]
pub fn AuditRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("audit") view=AuditLog/> }.into_inner()
}
