//! One organization: its details, and suspending or reactivating it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Permission;
use shared::dto::organizations::{AdminOrganization, OrgStatus, SuspendOrganizationRequest};

use super::list::status_badge;
use crate::api;
use crate::components::{Button, Card, ConfirmDialog, ErrorState, PageHeader, Spinner, format_time};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::toast::Toasts;

/// `/admin/organizations/:id`.
#[component]
pub fn OrganizationDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let org = Remote::new(move || api::organizations::admin_organization(&id()));
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href="/admin/organizations">"Organizations"</a>
        </nav>
        {move || match org.get() {
            None => view! { <Card><Spinner/></Card> }.into_any(),
            Some(Err(e)) => view! {
                <PageHeader title="Organization"/>
                <ErrorState error=e retry=Callback::new(move |_| org.refetch())/>
            }
            .into_any(),
            Some(Ok(o)) => view! { <Detail org=o on_change=Callback::new(move |_| org.refetch())/> }.into_any(),
        }}
    }
}

#[component]
fn Detail(org: AdminOrganization, on_change: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let confirm = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let suspended = org.status == OrgStatus::Suspended;
    let id = org.id;
    let name = org.name.clone();
    let act = Callback::new(move |_| {
        busy.set(true);
        let body = SuspendOrganizationRequest { reason: Some(reason.get_untracked()).filter(|r| !r.trim().is_empty()) };
        leptos::task::spawn_local(async move {
            let done = if suspended { "Organization reactivated." } else { "Organization suspended." };
            match session.set_organization_suspended(id, !suspended, &body).await {
                Ok(_) => {
                    toasts.success(done);
                    confirm.set(false);
                    on_change.run(());
                }
                Err(e) => toasts.error(e.message()),
            }
            busy.set(false);
        });
    });
    let can_manage = move || session.can(Permission::AdminOrganizationsManage);
    let message = if suspended {
        format!("Members of {name} will be able to use their portal again.")
    } else {
        format!("Members of {name} lose access at once, on every device, until it is reactivated.")
    };
    view! {
        <PageHeader title=org.name.clone() description=org.slug.clone()>
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
        <Card>
            <dl class="details">
                <dt>"Status"</dt>
                <dd>{status_badge(org.status)}</dd>
                {org.suspended_at.map(|t| view! { <dt>"Suspended"</dt> <dd>{format_time(t)}</dd> })}
                {org.suspension_reason.clone().map(|r| view! { <dt>"Reason"</dt> <dd>{r}</dd> })}
                <dt>"Members"</dt>
                <dd>{org.member_count}</dd>
                <dt>"Created"</dt>
                <dd>{format_time(org.created_at)}</dd>
                <dt>"Last changed"</dt>
                <dd>{format_time(org.updated_at)}</dd>
                <dt>"Id"</dt>
                <dd><code>{org.id.to_string()}</code></dd>
            </dl>
            <p><a href=format!("/admin/audit?organization_id={}", org.id)>"See this organization's audit log"</a></p>
        </Card>
        <ConfirmDialog
            open=confirm
            title=if suspended { format!("Reactivate {}?", org.name) } else { format!("Suspend {}?", org.name) }
            message=Signal::derive(move || message.clone())
            confirm_label=if suspended { "Reactivate" } else { "Suspend" }
            danger=!suspended
            busy=busy
            on_confirm=act
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
