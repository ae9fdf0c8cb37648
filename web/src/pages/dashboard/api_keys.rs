//! The organization's API keys: create with scopes (the key is shown once), revoke.

use gloo_net::http::Method;
use leptos::prelude::*;
use shared::Permission;
use shared::dto::dashboard::{ApiKey, ApiKeyList, CreateApiKeyRequest, CreatedApiKey};

use crate::api::ApiError;
use crate::components::{
    Badge, Button, Card, ConfirmDialog, EmptyState, ErrorState, PageHeader, SkeletonRows, Table, TextField, format_time,
};
use crate::state::session::Session;
use crate::state::toast::Toasts;

const SCOPES: [(Permission, &str); 3] = [
    (Permission::OrgRead, "Read the organization"),
    (Permission::MembersRead, "Read the member list"),
    (Permission::OrgUpdate, "Change organization settings"),
];

/// `/dashboard/api-keys`.
#[component]
pub fn ApiKeys() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let keys = LocalResource::new(move || {
        let _org = session.active_membership().map(|m| m.organization.id);
        async move { session.get::<ApiKeyList>("/api/dashboard/api-keys").await }
    });
    let name = RwSignal::new(String::new());
    let chosen = RwSignal::new(vec![Permission::OrgRead]);
    let expires = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedApiKey>);
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let target = RwSignal::new(None::<ApiKey>);
    let confirm = RwSignal::new(false);

    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let expires_at = expires.get_untracked();
        let expires_at = (!expires_at.is_empty())
            .then(|| js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&expires_at)))
            .filter(|d| d.get_time().is_finite())
            .and_then(|d| String::from(d.to_iso_string()).parse().ok());
        let body = CreateApiKeyRequest { name: name.get_untracked(), permissions: chosen.get_untracked(), expires_at };
        leptos::task::spawn_local(async move {
            match session.call::<CreatedApiKey>(Method::POST, "/api/dashboard/api-keys", Some(&body)).await {
                Ok(c) => {
                    name.set(String::new());
                    created.set(Some(c));
                    keys.refetch();
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let revoke = Callback::new(move |_| {
        let Some(k) = target.get_untracked() else { return };
        busy.set(true);
        leptos::task::spawn_local(async move {
            match session.call_empty(Method::DELETE, &format!("/api/dashboard/api-keys/{}", k.id), None::<&()>).await {
                Ok(()) => toasts.success("Key revoked."),
                Err(e) => toasts.error(e.message()),
            }
            busy.set(false);
            confirm.set(false);
            keys.refetch();
        });
    });

    view! {
        <PageHeader title="API keys" description="Keys let your own systems call the OMGsystems API for this organization."/>
        <Card title="New key">
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
            <form on:submit=create novalidate class="form-narrow">
                <TextField id="key-name" label="Name" value=name required=true hint="What the key is for, e.g. CRM sync." error=Signal::derive(move || error.get().and_then(|e| e.field("name")))/>
                <fieldset class="field">
                    <legend>"Permissions"</legend>
                    {SCOPES
                        .into_iter()
                        .map(|(p, label)| {
                            view! {
                                <label class="checkbox">
                                    <input
                                        type="checkbox"
                                        name="scope"
                                        value=p.as_str()
                                        disabled=move || !session.can(p)
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
                                    " " {label} " " <code>{p.as_str()}</code>
                                </label>
                            }
                        })
                        .collect_view()}
                    {move || error.get().and_then(|e| e.field("permissions")).map(|m| view! { <p class="field-error">{m}</p> })}
                </fieldset>
                <TextField id="key-expires" label="Expires (optional)" value=expires r#type="datetime-local" error=Signal::derive(move || error.get().and_then(|e| e.field("expires_at")))/>
                <Button r#type="submit" busy=busy name="create-key">"Create key"</Button>
            </form>
        </Card>
        <Card title="Keys">
            <Table caption="API keys" head=view! {
                <th scope="col">"Name"</th>
                <th scope="col">"Key"</th>
                <th scope="col">"Permissions"</th>
                <th scope="col">"Last used"</th>
                <th scope="col">"Status"</th>
                <th scope="col"><span class="sr-only">"Actions"</span></th>
            }
            .into_any()>
                {move || match keys.get() {
                    None => view! { <SkeletonRows columns=6 rows=2/> }.into_any(),
                    Some(Err(e)) => view! { <tr><td colspan="6"><ErrorState error=e retry=Callback::new(move |_| keys.refetch())/></td></tr> }.into_any(),
                    Some(Ok(l)) if l.items.is_empty() => view! { <tr><td colspan="6"><EmptyState title="No keys yet"/></td></tr> }.into_any(),
                    Some(Ok(l)) => l
                        .items
                        .into_iter()
                        .map(|k| {
                            let row = k.clone();
                            let active = k.revoked_at.is_none();
                            view! {
                                <tr data-key=k.id.to_string()>
                                    <td>{k.name.clone()}</td>
                                    <td><code>{format!("{}…", k.prefix)}</code></td>
                                    <td>{k.permissions.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(", ")}</td>
                                    <td>{k.last_used_at.map(format_time).unwrap_or_else(|| "Never".into())}</td>
                                    <td>
                                        {if active {
                                            view! { <Badge text="Active" tone="green"/> }.into_any()
                                        } else {
                                            view! { <Badge text="Revoked" tone="gray"/> }.into_any()
                                        }}
                                        {k.expires_at.map(|e| view! { <div class="muted small">{format!("Expires {}", format_time(e))}</div> })}
                                    </td>
                                    <td class="actions">
                                        {active.then(|| view! {
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
                                        })}
                                    </td>
                                </tr>
                            }
                        })
                        .collect_view()
                        .into_any(),
                }}
            </Table>
        </Card>
        <ConfirmDialog
            open=confirm
            title="Revoke this key?"
            message=Signal::derive(move || target.get().map(|k| format!("Systems using “{}” lose access at once.", k.name)).unwrap_or_default())
            confirm_label="Revoke"
            danger=true
            busy=busy
            on_confirm=revoke
        />
    }
}
