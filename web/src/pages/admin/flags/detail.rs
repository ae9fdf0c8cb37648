//! `/admin/flags/:id`: a flag's default and rollout, its overrides per organization, and
//! archiving it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Permission;
use shared::dto::flags::{FeatureFlagDetail, UpdateFeatureFlagRequest};
use shared::dto::organizations::{OrganizationSort, OrganizationsFilter};
use uuid::Uuid;

use super::{on_off, percent};
use crate::api;
use crate::components::{
    Badge, Button, Card, ConfirmDialog, Description, DescriptionList, EmptyState, PageHeader, TextField, detail_page,
    format_time,
};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// `/admin/flags/:id`.
#[component]
pub fn FlagDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let flag = Remote::new(move || api::flags::flag(&id()));
    detail_page(("/admin/flags", "Feature flags"), "Feature flag", flag, move |d| {
        view! { <Flag detail=d reload=Callback::new(move |_| flag.refetch())/> }
    })
}

#[component]
fn Flag(detail: FeatureFlagDetail, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let f = detail.flag.clone();
    let id = f.id;
    let archived = f.archived_at.is_some();
    let can_manage = move || session.can(Permission::AdminFlagsManage);
    let for_rollout = detail.clone();
    let confirm = RwSignal::new(false);
    let archive = Submission::new(
        &[],
        move |archive: bool| async move { session.set_flag_archived(id, archive).await },
        move |_| {
            toasts.success(if archived { "Flag in use again." } else { "Flag archived." });
            confirm.set(false);
            reload.run(());
        },
    );
    view! {
        <PageHeader title=f.key.clone() description=f.description.clone()>
            <Show when=can_manage>
                <Button variant=if archived { "secondary" } else { "danger" } name="archive" on_click=Callback::new(move |_| confirm.set(true))>
                    {if archived { "Unarchive" } else { "Archive" }}
                </Button>
            </Show>
        </PageHeader>
        <Card>
            <DescriptionList>
                <Description term="State">
                    <Badge text=if archived { "Archived" } else { "In use" } tone=if archived { "gray" } else { "green" }/>
                </Description>
                <Description term="Created">{format_time(f.created_at)}</Description>
                <Description term="Last changed">{format_time(f.updated_at)}</Description>
            </DescriptionList>
        </Card>
        {move || can_manage().then(|| view! { <Rollout detail=for_rollout.clone() reload=reload/> })}
        <Overrides detail=detail reload=reload/>
        <ConfirmDialog
            open=confirm
            title=if archived { format!("Use {} again?", f.key) } else { format!("Archive {}?", f.key) }
            message=if archived { "It evaluates as its settings say again." } else { "It is off for every organization while archived." }
            confirm_label=if archived { "Unarchive" } else { "Archive" }
            danger=!archived
            busy=archive.busy()
            on_confirm=Callback::new(move |_| archive.submit(!archived))
        />
    }
}

/// Who has it: the default for everyone, and a sticky share of organizations.
#[component]
fn Rollout(detail: FeatureFlagDetail, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let id = detail.flag.id;
    let description = RwSignal::new(detail.flag.description.clone());
    let enabled = RwSignal::new(detail.flag.enabled);
    let rollout = RwSignal::new(detail.flag.rollout_bp);
    let save = Submission::new(
        &["description", "rollout_bp"],
        move |body: UpdateFeatureFlagRequest| async move { session.update_flag(id, &body).await },
        move |_| {
            toasts.success("Flag saved.");
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        save.submit(UpdateFeatureFlagRequest {
            description: Some(description.get_untracked()),
            enabled: Some(enabled.get_untracked()),
            rollout_bp: Some(i64::from(rollout.get_untracked())),
        });
    };
    view! {
        <Card title="Who has it">
            <form on:submit=submit novalidate class="form-narrow">
                <TextField id="flag-description" label="Description" value=description error=save.field("description")/>
                <div class="field checkbox-field">
                    <label>
                        <input
                            type="checkbox"
                            id="flag-enabled"
                            prop:checked=move || enabled.get()
                            on:change=move |ev| enabled.set(event_target_checked(&ev))
                        />
                        "On for every organization (the default)"
                    </label>
                </div>
                <div class="field">
                    <label for="flag-rollout">{move || format!("Rollout: {} of organizations", percent(rollout.get()))}</label>
                    <input
                        id="flag-rollout"
                        type="range"
                        min="0"
                        max="10000"
                        step="50"
                        aria-valuetext=move || percent(rollout.get())
                        prop:value=move || rollout.get().to_string()
                        on:input=move |ev| rollout.set(event_target_value(&ev).parse().unwrap_or(0))
                    />
                    <p class="hint">"The same organizations stay in as the share grows. An override below beats both."</p>
                    {move || save.field("rollout_bp").get().map(|e| view! { <p class="field-error">{e}</p> })}
                </div>
                <Button r#type="submit" busy=save.busy() name="save-flag">"Save"</Button>
            </form>
        </Card>
    }
}

/// Organizations set on or off whatever the default and rollout say.
#[component]
fn Overrides(detail: FeatureFlagDetail, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let id = detail.flag.id;
    let can_manage = move || session.can(Permission::AdminFlagsManage);
    let remove = Submission::new(
        &[],
        move |org: Uuid| async move { session.remove_flag_override(id, org).await },
        move |()| {
            toasts.success("Override removed.");
            reload.run(());
        },
    );
    let rows = detail
        .overrides
        .iter()
        .map(|o| {
            let org = o.organization.id;
            let name = o.organization.name.clone();
            view! {
                <tr>
                    <td><a href=format!("/admin/organizations/{org}")>{name.clone()}</a></td>
                    <td>{on_off(o.enabled)}</td>
                    <td>{format_time(o.updated_at)}</td>
                    <td class="actions">
                        <Show when=can_manage>
                            <button type="button" class="btn btn-ghost btn-small" aria-label=format!("Remove the override of {name}") on:click=move |_| remove.submit(org)>
                                "Remove"
                            </button>
                        </Show>
                    </td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Card title="Overrides">
            {if detail.overrides.is_empty() {
                view! { <EmptyState title="No overrides" text="Every organization gets the default and the rollout."/> }.into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="table">
                            <caption class="sr-only">"Overrides by organization"</caption>
                            <thead><tr><th scope="col">"Organization"</th><th scope="col">"Flag"</th><th scope="col">"Set"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                            <tbody>{rows}</tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
            <Show when=can_manage>
                <AddOverride id=id reload=reload/>
            </Show>
        </Card>
    }
}

/// Sets one organization on or off, found by its name.
#[component]
fn AddOverride(id: Uuid, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let search = RwSignal::new(String::new());
    let chosen = RwSignal::new(String::new());
    let on = RwSignal::new(true);
    let matches = Remote::new(move || {
        let q = Some(search.get()).filter(|q| !q.trim().is_empty());
        api::organizations::admin_organizations(
            &OrganizationsFilter { q, status: None },
            OrganizationSort::default(),
            None,
        )
    });
    let set = Submission::new(
        &[],
        move |(org, enabled): (Uuid, bool)| async move { session.set_flag_override(id, org, enabled).await },
        move |_| {
            toasts.success("Override set.");
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        match chosen.get_untracked().parse::<Uuid>() {
            Ok(org) => set.submit((org, on.get_untracked())),
            Err(_) => toasts.error("Choose an organization first."),
        }
    };
    let options = move || {
        matches.with(|m| match m {
            Some(Ok(page)) => page
                .items
                .iter()
                .map(|o| view! { <option value=o.id.to_string()>{format!("{} ({})", o.name, o.slug)}</option> })
                .collect_view()
                .into_any(),
            _ => ().into_any(),
        })
    };
    view! {
        <h3>"Set an organization"</h3>
        <form on:submit=submit novalidate class="form-narrow">
            <TextField id="override-search" label="Find an organization" value=search hint="By name or address; the first 20 matches are listed."/>
            <div class="field">
                <label for="override-org">"Organization"</label>
                <select id="override-org" on:change=move |ev| chosen.set(event_target_value(&ev)) prop:value=move || chosen.get()>
                    <option value="">"Choose…"</option>
                    {options}
                </select>
            </div>
            <div class="field">
                <label for="override-on">"The flag for it"</label>
                <select id="override-on" on:change=move |ev| on.set(event_target_value(&ev) == "on")>
                    <option value="on">"On"</option>
                    <option value="off">"Off"</option>
                </select>
            </div>
            <Button r#type="submit" busy=set.busy() name="set-override">"Set override"</Button>
        </form>
    }
}
