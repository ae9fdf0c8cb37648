//! The client portal at `/dashboard`, and the account pages both portals share.

pub mod account;
pub mod api_keys;
pub mod automations;
pub mod organization;
pub mod overview;
pub mod team;
pub mod usage;

use leptos::prelude::*;
use leptos_router::components::ParentRoute;
use leptos_router::{MatchNestedRoutes, path};

use self::account::AccountRoutes;
use self::api_keys::ApiKeysRoutes;
use self::automations::AutomationsRoutes;
use self::organization::OrganizationRoutes;
use self::overview::OverviewRoutes;
use self::team::TeamRoutes;
use self::usage::UsageRoutes;
use crate::components::NavGroup;
use crate::components::shell::{Portal, PortalShell};
use crate::state::features::Features;

/// The client portal's sidebar: the overview, then the areas by what they serve.
pub const NAV: &[NavGroup] = &[
    NavGroup { heading: None, areas: &[overview::NAV, automations::NAV, usage::NAV] },
    NavGroup { heading: Some("Organization"), areas: &[team::NAV, organization::NAV, api_keys::NAV] },
    NavGroup { heading: Some("Account"), areas: &[account::NAV] },
];

/// `/dashboard/*`: the portal's shell (which signs the visitor in first) around its areas, but
/// for the account pages.
#[component(transparent)]
pub fn DashboardRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/dashboard") view=ClientShell>
            <OverviewRoutes/>
            <OrganizationRoutes/>
            <ApiKeysRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The account pages under `/dashboard` (the account bundle holds them, see `shared::Bundle`).
#[component(transparent)]
pub fn DashboardAccountRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/dashboard") view=ClientShell>
            <AccountRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The automations and the person's tasks under `/dashboard` (the automations bundle).
#[component(transparent)]
pub fn DashboardAutomationsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/dashboard") view=ClientShell>
            <AutomationsRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The team pages under `/dashboard` (the team bundle).
#[component(transparent)]
pub fn DashboardTeamRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/dashboard") view=ClientShell>
            <TeamRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The usage page under `/dashboard` (the usage bundle).
#[component(transparent)]
pub fn DashboardUsageRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/dashboard") view=ClientShell>
            <UsageRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The shell of the client portal with its sidebar and the account pages in the user menu.
#[component]
fn ClientShell() -> impl IntoView {
    let provide: fn() = || _ = Features::provide();
    view! { <PortalShell portal=Portal::Client nav=NAV menu=account::NAV provide=provide/> }
}
