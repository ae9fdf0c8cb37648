//! The pages measured, what shows that each one's content is on screen, and the goals.

use std::time::Duration;

/// One page of the web app.
#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Its name in the report.
    pub name: &'static str,
    /// The path opened.
    pub path: &'static str,
    /// Whether it is opened as a returning signed-in user (the refresh cookie in the browser).
    pub signed_in: bool,
    /// CSS selectors that all match only once the real content is rendered (not a spinner or
    /// a skeleton): the content is ready the first moment every one of them matches.
    pub ready_when: &'static [&'static str],
    /// What the selectors stand for, in the report.
    pub ready_means: &'static str,
    /// The load-time goal for the page, if it has one.
    pub goal: Option<Goal>,
}

/// A goal: content ready within `within` under the default throttling.
#[derive(Debug, Clone, Copy)]
pub struct Goal {
    /// What it promises, in the report.
    pub what: &'static str,
    /// The longest acceptable median time to content ready.
    pub within: Duration,
}

/// Home, sign-in and the signed-in client overview.
pub const PAGES: [Page; 3] = [
    Page {
        name: "home",
        path: "/",
        signed_in: false,
        ready_when: &["main.hero h1"],
        ready_means: "the main heading",
        goal: None,
    },
    Page {
        name: "sign-in",
        path: "/login",
        signed_in: false,
        ready_when: &["form input#email:not([disabled])"],
        ready_means: "the sign-in form's email input, enabled",
        goal: Some(Goal { what: "sign-in usable within 2.5 s", within: Duration::from_millis(2500) }),
    },
    Page {
        name: "overview (signed in)",
        path: "/dashboard",
        signed_in: true,
        // The organization's cards and a member's row (its email cell; skeleton rows are
        // `tr.skeleton-row`, empty or failed lists one cell spanning the row).
        ready_when: &[".grid-cards .stat .stat-value", "table tbody tr:not(.skeleton-row) > td:nth-child(2)"],
        ready_means: "the organization's cards and the members table, loaded",
        goal: Some(Goal { what: "signed-in overview within 3.5 s", within: Duration::from_millis(3500) }),
    },
];
