//! User accounts: the list, and one account's page (its facts, organizations and live sessions)
//! with the ADMIN's changes to it.

pub mod actions;
pub mod detail;
pub mod list;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::detail::UserDetail;
use self::list::Users;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "users",
    label: "Users",
    icon: IconName::Users,
    needs: Some(Permission::AdminUsersRead),
    feature: None,
}];

/// `/admin/users`, `/admin/users/:id`.
#[component(transparent)]
pub fn UsersRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("users") view=Users/>
        <Route path=path!("users/:id") view=UserDetail/>
    }
    .into_inner()
}
