//! The organization's team (in the team bundle, see `shared::Bundle`): its members, with their
//! roles, and the invitations it sent.

pub mod invitations;
pub mod members;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::invitations::Invitations;
use self::members::Members;
use crate::components::{IconName, NavItem, PageHeader, Tab, Tabs};
use crate::state::session::Session;

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "team",
    label: "Team",
    icon: IconName::Users,
    needs: Some(Permission::MembersRead),
    feature: None,
}];

/// `/dashboard/team`.
#[component(transparent)]
pub fn TeamRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("team") view=Team/> }.into_inner()
}

const TABS: &[Tab] = &[Tab { key: "members", label: "Members" }, Tab { key: "invitations", label: "Invitations" }];

/// `/dashboard/team`, `?tab=invitations`.
#[component]
fn Team() -> impl IntoView {
    let session = Session::current();
    view! {
        <PageHeader title="Team" description="The people of your organization, and the invitations you sent."/>
        {move || {
            if session.can(Permission::MembersManage) {
                view! { <Tabs tabs=TABS label="Team" panel=panel/> }.into_any()
            } else {
                view! { <Members/> }.into_any()
            }
        }}
    }
}

fn panel(tab: &'static str) -> AnyView {
    match tab {
        "invitations" => view! { <Invitations/> }.into_any(),
        _ => view! { <Members/> }.into_any(),
    }
}
