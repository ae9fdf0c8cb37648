//! Automations (in the automations bundle, see `shared::Bundle`): the organization's list, a
//! request for a new one, an automation's page (overview and timeline, tasks as a board or a
//! list, messages), and the tasks given to the person. The automation's page is shared with the
//! staff's portal (`crate::pages::admin::automations`), which reaches the same records through
//! the admin API.

pub mod board;
pub mod detail;
pub mod list;
pub mod my_tasks;
pub mod new;
pub mod task_panel;
pub mod thread;
pub mod view;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::detail::AutomationPage;
use self::list::Automations;
use self::my_tasks::MyTasks;
use self::new::RequestAutomation;
use crate::components::{IconName, NavItem};

/// The sidebar entries.
pub const NAV: &[NavItem] = &[
    NavItem {
        path: "automations",
        label: "Automations",
        icon: IconName::Bolt,
        needs: Some(Permission::AutomationsRead),
        feature: None,
    },
    NavItem {
        path: "my-tasks",
        label: "My tasks",
        icon: IconName::CheckCircle,
        needs: Some(Permission::TasksWork),
        feature: None,
    },
];

/// `/dashboard/automations`, `/dashboard/automations/new`, `/dashboard/automations/:id`,
/// `/dashboard/my-tasks`.
#[component(transparent)]
pub fn AutomationsRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("automations") view=Automations/>
        <Route path=path!("automations/new") view=RequestAutomation/>
        <Route path=path!("automations/:id") view=AutomationPage/>
        <Route path=path!("my-tasks") view=MyTasks/>
    }
    .into_inner()
}
