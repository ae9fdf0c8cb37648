//! The web app's entry bundles and which one a path loads. The server answers each path with its
//! bundle's page, and a bundle hands a path it does not hold to an ordinary page load, so moving
//! between portals downloads the other portal's code only then.

/// An entry bundle of the web app: its own wasm and JS, loaded by its own page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Bundle {
    /// Home, sign-in, sign-up, recovery and the error pages: every path not under a portal.
    Public,
    /// The client portal at `/dashboard`.
    App,
    /// The operator's admin portal at `/admin`.
    Admin,
    /// The signed-in person's own account pages in either portal ([`ACCOUNT_PAGES`] under
    /// `/dashboard` and `/admin`).
    Account,
    /// The admin portal's home with its figures and charts (the overview at `/admin`): the chart
    /// code stays out of the other bundles.
    Insights,
    /// The operator's usage monitoring with its charts (`/admin/usage/…`).
    Monitoring,
    /// An organization's usage ingest keys (`/admin/ingest-keys/:org_id`): issuing and revoking
    /// them brings the list kit, dialogs and forms, which the chart bundles leave out.
    Ingest,
    /// The admin portal's control of the platform itself: the audit log and system settings.
    Control,
    /// The admin portal's feature flags: the list, and a flag's rollout and overrides.
    Flags,
    /// The admin portal's user accounts: the list, and an account's memberships, sessions and
    /// changes (role, disable, enable, two-factor and password resets).
    Users,
    /// The client portal's usage page with its charts (`/dashboard/usage`).
    Usage,
    /// The client portal's team: members, their roles and the invitations (`/dashboard/team`).
    Team,
    /// The client portal's automations with their tasks and messages, and the person's tasks
    /// (`/dashboard/automations/…`, `/dashboard/my-tasks`).
    Automations,
    /// The staff's automations across organizations (`/admin/automations/…`): the same pages on
    /// the admin API.
    Delivery,
}

/// The account pages, the same in both portals (`/dashboard/profile`, `/admin/profile`, …).
pub const ACCOUNT_PAGES: [&str; 3] = ["profile", "sessions", "security"];

/// The admin portal's pages held by a bundle of their own, by first path segment (`""` is the
/// portal's home); every other admin page is in [`Bundle::Admin`].
pub const ADMIN_PAGES: [(&str, Bundle); 8] = [
    ("", Bundle::Insights),
    ("audit", Bundle::Control),
    ("automations", Bundle::Delivery),
    ("flags", Bundle::Flags),
    ("ingest-keys", Bundle::Ingest),
    ("settings", Bundle::Control),
    ("usage", Bundle::Monitoring),
    ("users", Bundle::Users),
];

/// The client portal's pages held by a bundle of their own, by first path segment; every other
/// client page is in [`Bundle::App`].
pub const DASHBOARD_PAGES: [(&str, Bundle); 4] = [
    ("automations", Bundle::Automations),
    ("my-tasks", Bundle::Automations),
    ("team", Bundle::Team),
    ("usage", Bundle::Usage),
];

impl Bundle {
    /// Every bundle.
    pub const ALL: [Bundle; 14] = [
        Bundle::Public,
        Bundle::App,
        Bundle::Admin,
        Bundle::Account,
        Bundle::Insights,
        Bundle::Monitoring,
        Bundle::Ingest,
        Bundle::Control,
        Bundle::Flags,
        Bundle::Usage,
        Bundle::Users,
        Bundle::Team,
        Bundle::Automations,
        Bundle::Delivery,
    ];

    /// The bundle that holds `path` (a URL path, without query).
    pub fn for_path(path: &str) -> Bundle {
        // The first segment of the path under `base`, when the path is under it.
        let page = |base: &str| {
            path.strip_prefix(base)
                .filter(|rest| rest.is_empty() || rest.starts_with('/'))
                .map(|rest| rest.trim_start_matches('/').split('/').next().unwrap_or_default())
        };
        match (page("/admin"), page("/dashboard")) {
            (Some(p), _) | (_, Some(p)) if ACCOUNT_PAGES.contains(&p) => Bundle::Account,
            (Some(p), _) => ADMIN_PAGES.iter().find(|(page, _)| *page == p).map_or(Bundle::Admin, |(_, b)| *b),
            (_, Some(p)) => DASHBOARD_PAGES.iter().find(|(page, _)| *page == p).map_or(Bundle::App, |(_, b)| *b),
            (None, None) => Bundle::Public,
        }
    }

    /// The bundle's name, as the build names its files (`<name>-<hash>.js`, `<name>_bg-<hash>.wasm`).
    pub fn name(self) -> &'static str {
        match self {
            Bundle::Public => "public",
            Bundle::App => "app",
            Bundle::Admin => "admin",
            Bundle::Account => "account",
            Bundle::Insights => "insights",
            Bundle::Monitoring => "monitoring",
            Bundle::Ingest => "ingest",
            Bundle::Control => "control",
            Bundle::Flags => "flags",
            Bundle::Usage => "usage",
            Bundle::Users => "users",
            Bundle::Team => "team",
            Bundle::Automations => "automations",
            Bundle::Delivery => "delivery",
        }
    }

    /// The page that loads the bundle, in the built web dir.
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Public => "index.html",
            Bundle::App => "app.html",
            Bundle::Admin => "admin.html",
            Bundle::Account => "account.html",
            Bundle::Insights => "insights.html",
            Bundle::Monitoring => "monitoring.html",
            Bundle::Ingest => "ingest.html",
            Bundle::Control => "control.html",
            Bundle::Flags => "flags.html",
            Bundle::Usage => "usage.html",
            Bundle::Users => "users.html",
            Bundle::Team => "team.html",
            Bundle::Automations => "automations.html",
            Bundle::Delivery => "delivery.html",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Bundle;

    #[test]
    fn paths_pick_their_bundle() {
        for (path, bundle) in [
            ("/", Bundle::Public),
            ("/login", Bundle::Public),
            ("/administrator", Bundle::Public),
            ("/dashboards", Bundle::Public),
            ("/admin", Bundle::Insights),
            ("/admin/", Bundle::Insights),
            ("/admin/organizations", Bundle::Admin),
            ("/admin/audit", Bundle::Control),
            ("/admin/settings/", Bundle::Control),
            ("/admin/flags/0190", Bundle::Flags),
            ("/admin/usage", Bundle::Monitoring),
            ("/admin/usage/0190", Bundle::Monitoring),
            ("/admin/ingest-keys/0190", Bundle::Ingest),
            ("/admin/ingest-keysx", Bundle::Admin),
            ("/admin/usages", Bundle::Admin),
            ("/admin/users", Bundle::Users),
            ("/admin/users/0190", Bundle::Users),
            ("/admin/username", Bundle::Admin),
            ("/admin/auditors", Bundle::Admin),
            ("/admin/organizations/1", Bundle::Admin),
            ("/dashboard", Bundle::App),
            ("/dashboard/api-keys", Bundle::App),
            ("/dashboard/usage", Bundle::Usage),
            ("/dashboard/usage/", Bundle::Usage),
            ("/dashboard/usages", Bundle::App),
            ("/dashboard/team", Bundle::Team),
            ("/dashboard/automations/0190", Bundle::Automations),
            ("/dashboard/my-tasks", Bundle::Automations),
            ("/admin/automations", Bundle::Delivery),
            ("/admin/automations/0190", Bundle::Delivery),
            ("/dashboard/teams", Bundle::App),
            ("/invitations/accept", Bundle::Public),
            ("/dashboard/profile", Bundle::Account),
            ("/dashboard/sessions/", Bundle::Account),
            ("/admin/security", Bundle::Account),
            ("/admin/profiles", Bundle::Admin),
            ("/dashboard/api-keys/profile", Bundle::App),
            ("/profile", Bundle::Public),
        ] {
            assert_eq!(Bundle::for_path(path), bundle, "{path}");
        }
    }

    #[test]
    fn names_and_pages_differ() {
        for a in Bundle::ALL {
            for b in Bundle::ALL.into_iter().filter(|b| *b != a) {
                assert_ne!(a.name(), b.name());
                assert_ne!(a.page(), b.page());
            }
        }
    }
}
