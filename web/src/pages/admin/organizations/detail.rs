//! One organization: its details and activity (tabs), and suspending or reactivating it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Permission;
use shared::dto::audit::AuditLogEntry;
use shared::dto::organizations::{AdminOrganization, OrgStatus, SuspendOrganizationRequest};

use crate::api;
use crate::api::audit::AuditFilter;
use crate::components::{
    Button, Card, ConfirmDialog, Description, DescriptionList, EmptyState, PageHeader, Tab, Tabs, Timeline,
    TimelineEvent, detail_page, format_time, loaded, status_badge,
};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// The organization on screen, for the tab panels.
#[derive(Clone, Copy)]
struct Shown(Remote<AdminOrganization>);

const TABS: &[Tab] = &[Tab { key: "details", label: "Details" }, Tab { key: "activity", label: "Activity" }];

/// `/admin/organizations/:id` (`?tab=activity` for its activity).
#[component]
pub fn OrganizationDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let org = Remote::new(move || api::organizations::admin_organization(&id()));
    provide_context(Shown(org));
    detail_page(("/admin/organizations", "Organizations"), "Organization", org, |o| {
        view! {
            <Header org=o/>
            <Tabs tabs=TABS label="Organization" panel=panel/>
        }
    })
}

fn panel(tab: &'static str) -> AnyView {
    match tab {
        "activity" => view! { <Activity/> }.into_any(),
        _ => view! { <Details/> }.into_any(),
    }
}

/// The name, and suspending or reactivating it (typing its name to suspend).
#[component]
fn Header(org: AdminOrganization) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let Shown(shown) = expect_context::<Shown>();
    let confirm = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let suspended = org.status == OrgStatus::Suspended;
    let id = org.id;
    let act = Submission::new(
        &[],
        move |body: SuspendOrganizationRequest| async move {
            session.set_organization_suspended(id, !suspended, &body).await
        },
        move |_| {
            toasts.success(if suspended { "Organization reactivated." } else { "Organization suspended." });
            confirm.set(false);
            shown.refetch();
        },
    );
    let on_confirm = Callback::new(move |_| {
        act.submit(SuspendOrganizationRequest {
            reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()),
        });
    });
    let can_manage = move || session.can(Permission::AdminOrganizationsManage);
    let name = org.name.clone();
    let message = if suspended {
        format!("Members of {name} will be able to use their portal again.")
    } else {
        format!("Members of {name} lose access at once, on every device, until it is reactivated.")
    };
    view! {
        <PageHeader title=org.name.clone() description=org.slug.clone()>
            <Show when=move || session.can(Permission::AdminUsageRead)>
                <a class="btn btn-secondary" href=format!("/admin/usage/{id}")>"Usage and ingest keys"</a>
            </Show>
            <Show when=can_manage>
                {if suspended {
                    view! {
                        <Button variant="primary" name="reactivate" on_click=Callback::new(move |_| confirm.set(true))>
                            "Reactivate"
                        </Button>
                    }
                } else {
                    view! {
                        <Button variant="danger" name="suspend" on_click=Callback::new(move |_| confirm.set(true))>
                            "Suspend"
                        </Button>
                    }
                }}
            </Show>
        </PageHeader>
        <ConfirmDialog
            open=confirm
            title=if suspended { format!("Reactivate {}?", org.name) } else { format!("Suspend {}?", org.name) }
            message=Signal::derive(move || message.clone())
            confirm_label=if suspended { "Reactivate" } else { "Suspend" }
            danger=!suspended
            busy=act.busy()
            on_confirm=on_confirm
            confirm_text=(!suspended).then(|| org.name.clone())
        >
            {(!suspended).then(|| view! {
                <div class="field">
                    <label for="suspend-reason">"Reason (optional, recorded in the audit log)"</label>
                    <textarea
                        id="suspend-reason"
                        maxlength="500"
                        rows="3"
                        prop:value=move || reason.get()
                        on:input=move |ev| reason.set(event_target_value(&ev))
                    ></textarea>
                </div>
            })}
        </ConfirmDialog>
    }
}

/// The organization's facts.
#[component]
fn Details() -> impl IntoView {
    let Shown(org) = expect_context::<Shown>();
    loaded(org, |org| {
        view! {
            <Card>
                <DescriptionList>
                    <Description term="Status">{status_badge(org.status)}</Description>
                    {org.suspended_at.map(|t| view! { <Description term="Suspended">{format_time(t)}</Description> })}
                    {org.suspension_reason.clone().map(|r| view! { <Description term="Reason">{r}</Description> })}
                    <Description term="Members">{org.member_count}</Description>
                    <Description term="Created">{format_time(org.created_at)}</Description>
                    <Description term="Last changed">{format_time(org.updated_at)}</Description>
                    <Description term="Id"><code>{org.id.to_string()}</code></Description>
                </DescriptionList>
            </Card>
        }
    })
}

/// What happened to and in the organization: its latest audit entries.
#[component]
fn Activity() -> impl IntoView {
    let Shown(org) = expect_context::<Shown>();
    let id = org.with(|o| o.and_then(|o| o.as_ref().ok()).map(|o| o.id.to_string())).unwrap_or_default();
    let filter = AuditFilter { organization_id: Some(id.clone()), ..AuditFilter::default() };
    let entries = Remote::new(move || api::audit::audit_logs(&filter, None));
    view! {
        <Card>
            {loaded(entries, |page| {
                if page.items.is_empty() {
                    return view! { <EmptyState title="Nothing has happened here yet"/> }.into_any();
                }
                let events = page.items.iter().map(event).collect();
                view! { <Timeline events=events label="Activity, newest first"/> }.into_any()
            })}
            <p><a href=format!("/admin/audit?organization_id={id}")>"See this organization's audit log"</a></p>
        </Card>
    }
}

/// An audit entry as a timeline event.
fn event(entry: &AuditLogEntry) -> TimelineEvent {
    let reason = entry.details.get("reason").and_then(|r| r.as_str()).map(|r| format!("Reason: {r}"));
    TimelineEvent { at: entry.occurred_at, what: entry.action.clone(), who: entry.actor_email.clone(), note: reason }
}
