//! The operator's admin portal at `/admin`.

pub mod audit;
pub mod automations;
pub mod flags;
pub mod ingest_keys;
pub mod organizations;
pub mod overview;
pub mod settings;
pub mod usage;
pub mod users;

use leptos::prelude::*;
use leptos_router::components::ParentRoute;
use leptos_router::{MatchNestedRoutes, path};

use self::audit::AuditRoutes;
use self::automations::AdminAutomationsRoutes;
use self::flags::FlagsRoutes;
use self::ingest_keys::IngestKeysRoutes;
use self::organizations::OrganizationsRoutes;
use self::overview::OverviewRoutes;
use self::settings::SettingsRoutes;
use self::usage::UsageMonitoringRoutes;
use self::users::UsersRoutes;
use crate::components::NavGroup;
use crate::components::shell::{Portal, PortalShell};
use crate::pages::dashboard::account::security::MfaEnrolment;
use crate::pages::dashboard::account::{self, AccountRoutes};

/// The admin portal's sidebar: the overview, then the areas by what they serve.
pub const NAV: &[NavGroup] = &[
    NavGroup { heading: None, areas: &[overview::NAV] },
    NavGroup { heading: Some("Customers"), areas: &[organizations::NAV, users::NAV, automations::NAV] },
    NavGroup { heading: Some("Platform"), areas: &[usage::NAV, flags::NAV, settings::NAV, audit::NAV] },
    NavGroup { heading: Some("Account"), areas: &[account::NAV] },
];

/// `/admin/*`: the portal's shell (operators only, ADMINs with two-factor authentication) around
/// its customer areas (the bundles of its other pages hold those, see `shared::Bundle`).
#[component(transparent)]
pub fn AdminRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <OrganizationsRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The audit log and system settings under `/admin` (the control bundle).
#[component(transparent)]
pub fn AdminControlRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <AuditRoutes/>
            <SettingsRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The feature flags under `/admin` (the flags bundle).
#[component(transparent)]
pub fn AdminFlagsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <FlagsRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The user accounts under `/admin` (the users bundle).
#[component(transparent)]
pub fn AdminUsersRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <UsersRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The account pages under `/admin` (the account bundle holds them, see `shared::Bundle`).
#[component(transparent)]
pub fn AdminAccountRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <AccountRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The automations across organizations under `/admin` (the delivery bundle).
#[component(transparent)]
pub fn AdminDeliveryRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <AdminAutomationsRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The overview under `/admin` (the insights bundle).
#[component(transparent)]
pub fn AdminInsightsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <OverviewRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The usage monitoring under `/admin` (the monitoring bundle).
#[component(transparent)]
pub fn AdminMonitoringRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <UsageMonitoringRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// An organization's ingest keys under `/admin` (the ingest bundle).
#[component(transparent)]
pub fn AdminIngestRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <ParentRoute path=path!("/admin") view=AdminShell>
            <IngestKeysRoutes/>
        </ParentRoute>
    }
    .into_inner()
}

/// The shell of the admin portal with its sidebar and the account pages in the user menu.
#[component]
fn AdminShell() -> impl IntoView {
    let enrolment = ViewFn::from(|| view! { <MfaEnrolment/> });
    view! { <PortalShell portal=Portal::Admin nav=NAV menu=account::NAV enrolment=enrolment/> }
}
