//! Organization settings: owners edit, everyone else reads.

use leptos::prelude::*;
use shared::Permission;
use shared::dto::organizations::{Organization, UpdateOrganizationRequest};

use crate::api;
use crate::components::{Button, Card, PageHeader, TextField, format_time, loaded};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// `/dashboard/settings`.
#[component]
pub fn OrgSettings() -> impl IntoView {
    let org = Remote::per_org(api::organizations::organization);
    view! {
        <PageHeader title="Organization settings" description="How your organization appears across OMGsystems."/>
        {loaded(org, |o| view! { <SettingsForm org=o/> })}
    }
}

#[component]
fn SettingsForm(org: Organization) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let name = RwSignal::new(org.name.clone());
    let mfa_required = RwSignal::new(org.mfa_required);
    let can_edit = Signal::derive(move || session.can(Permission::OrgUpdate));
    let save = Submission::new(
        &["name", "mfa_required"],
        move |body: UpdateOrganizationRequest| async move { session.update_organization(&body).await },
        move |updated| {
            name.set(updated.name);
            mfa_required.set(updated.mfa_required);
            toasts.success("Organization settings saved.");
            leptos::task::spawn_local(session.reload_me());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if can_edit.get_untracked() {
            save.submit(UpdateOrganizationRequest {
                name: Some(name.get_untracked()),
                mfa_required: Some(mfa_required.get_untracked()),
                time_zone: None,
            });
        }
    };
    let mfa_error = save.field("mfa_required");
    view! {
        <Card>
            <form on:submit=submit novalidate class="form-narrow">
                <Show when=move || !can_edit.get()>
                    <p class="alert alert-info">"Only the organization's owners can change these settings."</p>
                </Show>
                <TextField
                    id="name"
                    label="Organization name"
                    value=name
                    required=true
                    readonly=Signal::derive(move || !can_edit.get())
                    error=save.field("name")
                />
                <div class="field checkbox-field" class:has-error=move || mfa_error.with(Option::is_some)>
                    <label>
                        <input
                            type="checkbox"
                            id="mfa-required"
                            disabled=move || !can_edit.get()
                            prop:checked=move || mfa_required.get()
                            on:change=move |ev| mfa_required.set(event_target_checked(&ev))
                        />
                        " Require two-factor authentication for every member"
                    </label>
                    <p class="hint">"Members without it are asked to set it up before they can use the portal."</p>
                    {move || mfa_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <dl class="details">
                    <dt>"Address"</dt>
                    <dd>{org.slug.clone()}</dd>
                    <dt>"Created"</dt>
                    <dd>{format_time(org.created_at)}</dd>
                    <dt>"Members"</dt>
                    <dd>{org.member_count}</dd>
                </dl>
                <Show when=move || can_edit.get()>
                    <Button r#type="submit" busy=save.busy() name="save">"Save changes"</Button>
                </Show>
            </form>
        </Card>
    }
}
