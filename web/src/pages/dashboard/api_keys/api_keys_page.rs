//! The organization's API keys: create with permissions (the key is shown once), revoke.

use leptos::prelude::*;
use shared::Permission;
use shared::dto::api_keys::{ApiKey, CreateApiKeyRequest, CreatedApiKey};

use crate::api;
use crate::components::list::{BulkBar, Column, ListQuery, ListRows, ListTable, Row, Selection};
use crate::components::{
    Access, Button, Card, ConfirmDialog, FormError, PageHeader, TextField, format_time, status_badge,
};
use crate::pages::dashboard::account::email::ConfirmEmailFirst;
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// The permissions the user may put on a key: those an API key can carry that they hold
/// themselves in the active organization (tracked).
fn grantable(session: Session) -> Vec<Permission> {
    Permission::ALL.into_iter().filter(|p| p.grantable_to_api_key() && session.can(*p)).collect()
}

const COLUMNS: &[Column] = &[
    Column::new("Name"),
    Column::new("Key"),
    Column::new("Permissions"),
    Column::new("Last used"),
    Column::new("Status"),
    Column::actions(),
];

/// `/dashboard/api-keys`.
#[component]
pub fn ApiKeys() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let query = ListQuery::new();
    let pager = query.pager;
    let keys = Remote::per_org(move || api::api_keys::api_keys(query.cursor().as_deref()));
    let selection = Selection::new();
    let confirm_chosen = RwSignal::new(false);
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(vec![Permission::OrgRead]);
    let expires = RwSignal::new(String::new());
    let per_minute = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedApiKey>);
    let bulk_busy = RwSignal::new(false);
    let target = RwSignal::new(None::<ApiKey>);
    let confirm = RwSignal::new(false);
    let offered = Memo::new(move |_| grantable(session));

    let creation = Submission::inline(
        &["name", "permissions", "expires_at", "rate_limit_per_minute"],
        move |body: CreateApiKeyRequest| async move { session.create_api_key(&body).await },
        move |c| {
            name.set(String::new());
            created.set(Some(c));
            pager.reload_first(keys);
        },
    );
    let revocation = Submission::new(
        &[],
        move |id| async move {
            let answer = session.revoke_api_key(id).await;
            confirm.set(false);
            keys.refetch();
            answer
        },
        move |()| toasts.success("Key revoked."),
    );
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let expires_at = expires.get_untracked();
        let expires_at = (!expires_at.is_empty())
            .then(|| js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&expires_at)))
            .filter(|d| d.get_time().is_finite())
            .and_then(|d| chrono::DateTime::from_timestamp_millis(d.get_time() as i64));
        // Only what the user still holds (the organization may have changed since they ticked it).
        let held = offered.get_untracked();
        let permissions = chosen.get_untracked().into_iter().filter(|p| held.contains(p)).collect();
        // Empty: the server's default; anything else is checked by the server (1 to 100,000).
        let rate_limit_per_minute = match per_minute.get_untracked().trim() {
            "" => None,
            n => Some(n.parse().unwrap_or(0)),
        };
        let body = CreateApiKeyRequest { name: name.get_untracked(), permissions, expires_at, rate_limit_per_minute };
        creation.submit(body);
    };
    let revoke = Callback::new(move |_| {
        if let Some(k) = target.get_untracked() {
            revocation.submit(k.id);
        }
    });
    let revoke_chosen = Callback::new(move |_| {
        bulk_busy.set(true);
        leptos::task::spawn_local(async move {
            let done = |n| format!("{n} key(s) revoked");
            selection.apply(toasts, done, |id| session.revoke_api_key(id)).await;
            bulk_busy.set(false);
            confirm_chosen.set(false);
            keys.refetch();
        });
    });
    let permissions_error = creation.field("permissions");
    let rows = ListRows::new(keys, pager, move |k| {
        let active = k.revoked_at.is_none();
        let revoke = active.then(|| {
            let row = k.clone();
            view! {
                <button
                    type="button"
                    class="btn btn-ghost btn-small"
                    aria-label=format!("Revoke {}", row.name)
                    on:click=move |_| {
                        target.set(Some(row.clone()));
                        confirm.set(true);
                    }
                >
                    "Revoke"
                </button>
            }
        });
        let row = Row::new(
            k.id,
            view! {
                <td>{k.name.clone()}</td>
                <td><code>{format!("{}…", k.prefix)}</code></td>
                <td>{k.permissions.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")}</td>
                <td>{k.last_used_at.map(format_time).unwrap_or_else(|| "Never".into())}</td>
                <td>
                    {status_badge(if active { Access::Active } else { Access::Revoked })}
                    {k.expires_at.map(|e| view! { <div class="muted small">{format!("Expires {}", format_time(e))}</div> })}
                    {k.rate_limit_per_minute.map(|n| view! { <div class="muted small">{format!("{n} requests a minute")}</div> })}
                </td>
                <td class="actions">{revoke}</td>
            },
        );
        if active { row.selectable(format!("Select {}", k.name)) } else { row }
    });

    view! {
        <PageHeader title="API keys" description="Keys let your own systems call the OMGsystems API for this organization."/>
        <Card title="New key">
            <ConfirmEmailFirst what="create API keys"/>
            {move || created.get().map(|c| {
                let key = c.key.clone();
                view! {
                    <div class="alert alert-info" role="status">
                        <p>"Copy this key now: it will not be shown again."</p>
                        <code id="new-api-key" class="key">{c.key.clone()}</code>
                        <div class="button-row">
                            <button type="button" class="btn btn-secondary" on:click=move |_| {
                                if let Some(w) = web_sys::window() {
                                    let _ = w.navigator().clipboard().write_text(&key);
                                    toasts.success("Key copied.");
                                }
                            }>"Copy"</button>
                            <button type="button" class="btn btn-ghost" on:click=move |_| created.set(None)>"Done"</button>
                        </div>
                    </div>
                }
            })}
            <FormError message=creation.refusal()/>
            <form on:submit=create novalidate class="form-narrow">
                <TextField id="key-name" label="Name" value=name required=true hint="What the key is for, e.g. CRM sync." error=creation.field("name")/>
                <fieldset class="field">
                    <legend>"Permissions"</legend>
                    {move || offered
                        .get()
                        .into_iter()
                        .map(|p| {
                            view! {
                                <label class="checkbox">
                                    <input
                                        type="checkbox"
                                        name="scope"
                                        value=p.as_str()
                                        prop:checked=move || chosen.get().contains(&p)
                                        on:change=move |ev| {
                                            let on = event_target_checked(&ev);
                                            chosen.update(|c| {
                                                c.retain(|x| *x != p);
                                                if on {
                                                    c.push(p);
                                                }
                                            });
                                        }
                                    />
                                    " " {p.label()} " " <code>{p.as_str()}</code>
                                </label>
                            }
                        })
                        .collect_view()}
                    {move || permissions_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                <TextField id="key-expires" label="Expires (optional)" value=expires r#type="datetime-local" error=creation.field("expires_at")/>
                <TextField id="key-rate" label="Requests a minute (optional)" value=per_minute r#type="number" hint="Leave empty for the standard limit." error=creation.field("rate_limit_per_minute")/>
                <Button r#type="submit" busy=creation.busy() name="create-key">"Create key"</Button>
            </form>
        </Card>
        <Card title="Keys">
            <BulkBar selection=selection>
                <Button variant="secondary" name="revoke-selected" on_click=Callback::new(move |_| confirm_chosen.set(true))>
                    "Revoke selected"
                </Button>
            </BulkBar>
            <ListTable
                caption="API keys"
                columns=COLUMNS
                rows=rows
                query=query
                selection=selection
                empty=("No keys yet", "")
                pager_label="API key pages"
            />
        </Card>
        <ConfirmDialog
            open=confirm
            title="Revoke this key?"
            message=Signal::derive(move || target.get().map(|k| format!("Systems using “{}” lose access at once.", k.name)).unwrap_or_default())
            confirm_label="Revoke"
            danger=true
            busy=revocation.busy()
            on_confirm=revoke
        />
        <ConfirmDialog
            open=confirm_chosen
            title="Revoke the selected keys?"
            message=Signal::derive(move || format!("Systems using these {} key(s) lose access at once.", selection.count()))
            confirm_label="Revoke selected"
            danger=true
            busy=bulk_busy
            on_confirm=revoke_chosen
        />
    }
}
