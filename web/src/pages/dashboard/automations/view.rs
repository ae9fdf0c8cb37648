//! An automation's page, in either portal: its header with the status moves the viewer may make
//! (and, for staff, the lead), then tabs for the overview and timeline, the tasks and the
//! messages. The panels read the automation on screen from [`Current`].

use leptos::prelude::*;
use shared::dto::automations::{Automation, AutomationStatus, StatusSide};
use shared::dto::organizations::OrganizationSummary;
use shared::{Permission, Role};

use super::board::TaskBoard;
use super::thread::Thread;
use crate::api;
use crate::api::automations::{Side, ThreadOf};
use crate::components::{
    Button, Card, Description, DescriptionList, PageHeader, Status, Tab, Tabs, Timeline, TimelineEvent, format_time,
    status_badge,
};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// What an automation's page shows.
#[derive(Debug, Clone)]
pub struct Shown {
    /// Whose API the page calls.
    pub side: Side,
    /// The automation.
    pub automation: Automation,
    /// Its organization, on the staff's side.
    pub organization: Option<OrganizationSummary>,
}

/// The automation on screen, for the tab panels.
#[derive(Clone, Copy)]
pub struct Current {
    /// Whose API the page calls.
    pub side: Side,
    /// The automation as last loaded.
    pub automation: StoredValue<Automation>,
    /// Loads the automation again (after a change that moves its counts or status).
    pub reload: Callback<()>,
}

impl Current {
    /// The automation on screen's panel context (set by [`AutomationView`]).
    pub fn get() -> Current {
        expect_context::<Current>()
    }

    /// Whether the viewer may change the automation's tasks and post messages.
    pub fn can_write(&self, session: Session) -> bool {
        match self.side {
            Side::Client => session.can(Permission::AutomationsWrite),
            Side::Staff => session.can(Permission::AdminAutomationsManage),
        }
    }

    /// Whether the viewer may change a task's status and comment on it.
    pub fn can_work(&self, session: Session) -> bool {
        match self.side {
            Side::Client => session.can(Permission::TasksWork),
            Side::Staff => session.can(Permission::AdminAutomationsManage),
        }
    }
}

const TABS: &[Tab] = &[
    Tab { key: "overview", label: "Overview" },
    Tab { key: "tasks", label: "Tasks" },
    Tab { key: "messages", label: "Messages" },
];

/// A vendor sees no messages (the thread is between the customer and the staff).
const VENDOR_TABS: &[Tab] = &[Tab { key: "overview", label: "Overview" }, Tab { key: "tasks", label: "Tasks" }];

/// An automation's page.
#[component]
pub fn AutomationView(shown: Shown, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let Shown { side, automation: a, organization } = shown;
    provide_context(Current { side, automation: StoredValue::new(a.clone()), reload });
    let vendor = side == Side::Client && session.role() == Some(Role::Vendor);
    let context = match &organization {
        Some(o) => format!("{} · requested by {}", o.name, a.owner.name),
        None => format!("Requested by {} on {}", a.owner.name, format_time(a.created_at)),
    };
    view! {
        <PageHeader title=a.name.clone() description=context>
            {status_badge(a.status)}
        </PageHeader>
        <StatusMoves automation=a.clone() side=side reload=reload/>
        {(side == Side::Staff).then(|| view! { <LeadControl automation=a.clone() reload=reload/> })}
        <Tabs tabs=if vendor { VENDOR_TABS } else { TABS } label="Automation" panel=panel/>
    }
}

fn panel(tab: &'static str) -> AnyView {
    match tab {
        "tasks" => view! { <TaskBoard/> }.into_any(),
        "messages" => {
            let c = Current::get();
            let of = ThreadOf::Automation(c.automation.with_value(|a| a.id));
            view! {
                <Card title="Messages">
                    <Thread side=c.side of=of label="Messages" empty="No messages yet: ask the team anything about this automation."/>
                </Card>
            }
            .into_any()
        }
        _ => view! { <Overview/> }.into_any(),
    }
}

/// The status moves the viewer may make, as one choice and a button.
#[component]
fn StatusMoves(automation: Automation, side: Side, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let allowed = match side {
        Side::Client => session.can(Permission::AutomationsWrite),
        Side::Staff => session.can(Permission::AdminAutomationsManage),
    };
    let status_side = if side == Side::Staff { StatusSide::Staff } else { StatusSide::Customer };
    let moves = automation.status.moves(status_side, automation.status_before_archive);
    if !allowed || moves.is_empty() {
        return ().into_any();
    }
    let id = automation.id;
    let chosen = RwSignal::new(moves[0]);
    let change = Submission::new(
        &["status"],
        move |to: AutomationStatus| async move { session.change_automation_status(side, id, to).await.map(|()| to) },
        move |to: AutomationStatus| {
            toasts.success(format!("Status changed to {}.", to.label()));
            reload.run(());
        },
    );
    let options = moves
        .iter()
        .map(|s| {
            let s = *s;
            view! { <option value=s.as_str() selected=move || chosen.get() == s>{s.label()}</option> }
        })
        .collect_view();
    view! {
        <form class="inline-form" on:submit=move |ev| {
            ev.prevent_default();
            change.submit(chosen.get_untracked());
        }>
            <div class="field">
                <label for="automation-move">"Move to"</label>
                <select id="automation-move" on:change=move |ev| {
                    if let Some(s) = AutomationStatus::parse(&event_target_value(&ev)) {
                        chosen.set(s);
                    }
                }>{options}</select>
            </div>
            <Button r#type="submit" variant="secondary" busy=change.busy() name="change-status">"Change status"</Button>
        </form>
    }
    .into_any()
}

/// The staff lead: taking it, or giving it up.
#[component]
fn LeadControl(automation: Automation, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    if !session.can(Permission::AdminAutomationsManage) {
        return ().into_any();
    }
    let id = automation.id;
    let me = session.me().map(|m| m.user.id);
    let leading = automation.staff_lead.as_ref().map(|l| l.id) == me && me.is_some();
    let set = Submission::new(
        &[],
        move |lead: Option<uuid::Uuid>| async move { session.set_staff_lead(id, lead).await },
        move |_| {
            toasts.success("Staff lead changed.");
            reload.run(());
        },
    );
    view! {
        <div class="button-row">
            {if leading {
                view! { <Button variant="secondary" busy=set.busy() name="drop-lead" on_click=Callback::new(move |_| set.submit(None))>"Give up the lead"</Button> }.into_any()
            } else {
                view! { <Button variant="secondary" busy=set.busy() name="take-lead" on_click=Callback::new(move |_| set.submit(me))>"Take the lead"</Button> }.into_any()
            }}
        </div>
    }
    .into_any()
}

/// The automation's facts, its description and its status timeline.
#[component]
fn Overview() -> impl IntoView {
    let c = Current::get();
    let a = c.automation.get_value();
    let (side, id) = (c.side, a.id);
    let timeline = Remote::new(move || api::automations::timeline(side, id, None));
    let paragraphs = a
        .description
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| view! { <p class="prewrap">{p.to_owned()}</p> })
        .collect_view();
    view! {
        <Card title="Overview">
            <DescriptionList>
                <Description term="Status">{status_badge(a.status)}</Description>
                <Description term="Owner">{a.owner.name.clone()}</Description>
                <Description term="Staff lead">{a.staff_lead.clone().map_or_else(|| "Not assigned yet".to_owned(), |l| l.name)}</Description>
                <Description term="Target go-live">
                    {a.target_go_live_date.map_or_else(|| "Not set".to_owned(), |d| d.format("%-d %b %Y").to_string())}
                </Description>
                <Description term="Tasks done">{format!("{} of {}", a.done_task_count, a.task_count)}</Description>
                <Description term="Last status change">{format_time(a.status_changed_at)}</Description>
            </DescriptionList>
            {paragraphs}
        </Card>
        <Card title="Timeline">
            {move || match timeline.get() {
                Some(Ok(page)) => {
                    let events = page
                        .items
                        .into_iter()
                        .map(|s| TimelineEvent {
                            at: s.at,
                            what: match s.from {
                                Some(from) => format!("{} → {}", from.label(), s.to.label()),
                                None => s.to.label().to_owned(),
                            },
                            who: s.by.map(|b| b.name),
                            note: None,
                        })
                        .collect();
                    view! { <Timeline events=events label="Status changes"/> }.into_any()
                }
                Some(Err(e)) => view! { <crate::components::ErrorState error=e/> }.into_any(),
                None => view! { <crate::components::Spinner/> }.into_any(),
            }}
        </Card>
    }
}
