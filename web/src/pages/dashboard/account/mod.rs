//! The signed-in person's own account: profile, sessions, security. Both portals mount these
//! routes (`/dashboard/profile`, `/admin/profile`, …); the paths are relative to the portal.

pub mod email;
mod notifications;
pub mod profile;
pub mod security;
pub mod sessions;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};

use self::profile::Profile;
use self::security::Security;
use self::sessions::Sessions;
use crate::components::{IconName, NavItem};

/// The sidebar entries (also the user menu's links).
pub const NAV: &[NavItem] = &[
    NavItem { path: "profile", label: "Profile", icon: IconName::UserCircle, needs: None, feature: None },
    NavItem { path: "sessions", label: "Sessions", icon: IconName::Desktop, needs: None, feature: None },
    NavItem { path: "security", label: "Security", icon: IconName::ShieldCheck, needs: None, feature: None },
];

/// `profile`, `sessions`, `security` under the portal.
#[component(transparent)]
pub fn AccountRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("profile") view=Profile/>
        <Route path=path!("sessions") view=Sessions/>
        <Route path=path!("security") view=Security/>
    }
    .into_inner()
}
