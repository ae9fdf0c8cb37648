//! Links into the web app: every link in an email or a notification is built here, from the
//! public URL and a path, so portals and mail agree on where things live.

/// The web app path where a password is reset with an emailed token.
pub const RESET_PASSWORD_PATH: &str = "/reset-password";
/// The web app path where an email address is confirmed with an emailed token.
pub const VERIFY_EMAIL_PATH: &str = "/verify-email";
/// The web app path where an emailed invitation is previewed and accepted (`?token=`).
pub const ACCEPT_INVITATION_PATH: &str = "/invitations/accept";

/// The client portal's profile page (where notification preferences are set).
pub const DASHBOARD_PROFILE_PATH: &str = "/dashboard/profile";
/// The admin portal's profile page.
pub const ADMIN_PROFILE_PATH: &str = "/admin/profile";

/// The page of an automation in the portal of a user with `role`.
pub fn automation_path(role: crate::Role, id: impl core::fmt::Display) -> String {
    let portal = if role.is_operator() { "/admin" } else { "/dashboard" };
    format!("{portal}/automations/{id}")
}

/// Where a user with `role` sets their notification preferences: the profile page of their
/// portal, at its notifications section.
pub fn preferences_path(role: crate::Role) -> String {
    let profile = if role.is_operator() { ADMIN_PROFILE_PATH } else { DASHBOARD_PROFILE_PATH };
    format!("{profile}#notifications")
}

/// An absolute link: `public_url` (without a trailing slash) + `path`, with query pairs escaped.
pub fn link(public_url: &str, path: &str, query: &[(&str, &str)]) -> String {
    let mut out = format!("{}{}", public_url.trim_end_matches('/'), path);
    for (i, (k, v)) in query.iter().enumerate() {
        out.push(if i == 0 { '?' } else { '&' });
        out.push_str(&escape(k));
        out.push('=');
        out.push_str(&escape(v));
    }
    out
}

/// A path to return to after signing in, when it is one of ours: it starts with a single `/`,
/// holds only visible ASCII without `\` (browsers drop tabs and line breaks and read `\` as
/// `/`, so `/\t/evil.example` would leave the site), and has no scheme or authority.
pub fn safe_return_path(next: &str) -> Option<&str> {
    let ok = next.starts_with('/')
        && !next.starts_with("//")
        && next.bytes().all(|b| b.is_ascii_graphic() && b != b'\\')
        && !next.contains("://");
    ok.then_some(next)
}

fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_our_own_paths_are_returned_to() {
        assert_eq!(safe_return_path("/dashboard/api-keys?x=1"), Some("/dashboard/api-keys?x=1"));
        for bad in [
            "//evil.example",
            "/\\evil.example",
            "/\t/evil.example",
            "/\n/evil",
            "https://evil.example",
            "dashboard",
            "/a b",
            "/x?u=http://e",
        ] {
            assert_eq!(safe_return_path(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn links_escape_their_query() {
        assert_eq!(link("https://x.io/", "/a", &[]), "https://x.io/a");
        assert_eq!(link("https://x.io", "/a", &[("t", "a b&c")]), "https://x.io/a?t=a%20b%26c");
    }
}
