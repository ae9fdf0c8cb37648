//! Feature flags: the list with a form for a new flag, and one flag's page (default, rollout,
//! overrides per organization, archive).

pub mod detail;
pub mod list;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::detail::FlagDetail;
use self::list::Flags;
use crate::components::{Badge, IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "flags",
    label: "Feature flags",
    icon: IconName::Cog,
    needs: Some(Permission::AdminFlagsRead),
    feature: None,
}];

/// `/admin/flags`, `/admin/flags/:id`.
#[component(transparent)]
pub fn FlagsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("flags") view=Flags/>
        <Route path=path!("flags/:id") view=FlagDetail/>
    }
    .into_inner()
}

/// A flag or override's state: on or off.
pub fn on_off(on: bool) -> impl IntoView {
    view! { <Badge text=if on { "On" } else { "Off" } tone=if on { "green" } else { "gray" }/> }
}

/// A rollout in basis points for people: `12.5%`.
pub fn percent(bp: u32) -> String {
    match (bp / 100, bp % 100) {
        (whole, 0) => format!("{whole}%"),
        (whole, f) if f.is_multiple_of(10) => format!("{whole}.{}%", f / 10),
        (whole, f) => format!("{whole}.{f:02}%"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rollouts_read_as_percentages() {
        for (bp, text) in [(0, "0%"), (1000, "10%"), (1250, "12.5%"), (1205, "12.05%"), (5, "0.05%"), (10_000, "100%")]
        {
            assert_eq!(super::percent(bp), text);
        }
    }
}
