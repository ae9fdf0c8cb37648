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
}

impl Bundle {
    /// Every bundle.
    pub const ALL: [Bundle; 3] = [Bundle::Public, Bundle::App, Bundle::Admin];

    /// The bundle that holds `path` (a URL path, without query).
    pub fn for_path(path: &str) -> Bundle {
        let under = |base: &str| path.strip_prefix(base).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'));
        if under("/admin") {
            Bundle::Admin
        } else if under("/dashboard") {
            Bundle::App
        } else {
            Bundle::Public
        }
    }

    /// The bundle's name, as the build names its files (`<name>-<hash>.js`, `<name>_bg-<hash>.wasm`).
    pub fn name(self) -> &'static str {
        match self {
            Bundle::Public => "public",
            Bundle::App => "app",
            Bundle::Admin => "admin",
        }
    }

    /// The page that loads the bundle, in the built web dir.
    pub fn page(self) -> &'static str {
        match self {
            Bundle::Public => "index.html",
            Bundle::App => "app.html",
            Bundle::Admin => "admin.html",
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
            ("/admin", Bundle::Admin),
            ("/admin/", Bundle::Admin),
            ("/admin/organizations/1", Bundle::Admin),
            ("/dashboard", Bundle::App),
            ("/dashboard/api-keys", Bundle::App),
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
