//! An organization's ingest keys: issuing one (its key shown this once, with a copy button), the
//! list, and revoking one.

use leptos::prelude::*;
use shared::dto::usage::admin::{CreateIngestKeyRequest, CreatedIngestKey, IngestKey};
use uuid::Uuid;

use crate::api;
use crate::components::list::{Column, ListQuery, ListRows, ListTable, Row};
use crate::components::{Access, Button, Card, ConfirmDialog, TextField, format_time, status_badge};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

const COLUMNS: &[Column] = &[
    Column::new("Name"),
    Column::new("Key"),
    Column::new("Created"),
    Column::new("Last used"),
    Column::new("Status"),
    Column::actions(),
];

/// The ingest keys of organization `org_id`, a form for a new one, and revoking one.
#[component]
pub fn IngestKeys(org_id: Uuid) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let query = ListQuery::new();
    let pager = query.pager;
    let keys = Remote::new(move || api::usage_monitoring::ingest_keys(org_id, query.cursor().as_deref()));
    let name = RwSignal::new(String::new());
    let created = RwSignal::new(None::<CreatedIngestKey>);
    let target = RwSignal::new(None::<IngestKey>);
    let confirm = RwSignal::new(false);

    let creation = Submission::new(
        &["name"],
        move |body: CreateIngestKeyRequest| async move { session.create_ingest_key(org_id, &body).await },
        move |c| {
            name.set(String::new());
            created.set(Some(c));
            pager.reload_first(keys);
        },
    );
    let revocation = Submission::new(
        &[],
        move |id: Uuid| async move {
            let answer = session.revoke_ingest_key(id).await;
            confirm.set(false);
            keys.refetch();
            answer
        },
        move |()| toasts.success("Ingest key revoked."),
    );
    let create = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        creation.submit(CreateIngestKeyRequest { name: name.get_untracked() });
    };
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
        Row::new(
            k.id,
            view! {
                <td>{k.name.clone()}</td>
                <td><code>{format!("{}…", k.prefix)}</code></td>
                <td>{format_time(k.created_at)}</td>
                <td>
                    {k.last_used_at.map_or_else(|| "Never".to_owned(), format_time)}
                    {k.last_used_ip.clone().map(|ip| view! { <div class="muted small">{format!("From {ip}")}</div> })}
                </td>
                <td>
                    {status_badge(if active { Access::Active } else { Access::Revoked })}
                    {k.revoked_at.map(|t| view! { <div class="muted small">{format_time(t)}</div> })}
                </td>
                <td class="actions">{revoke}</td>
            },
        )
    });

    view! {
        <Card title="Ingest keys">
            <p class="muted small">
                "The systems that meter this organization report its usage with one of these keys, sent as "
                <code>"Authorization: Bearer <key>"</code>
                " to "
                <code>"POST /api/dashboard/usage-events"</code>
                ", the one request a key works for."
            </p>
            {move || created.get().map(|c| view! { <NewKey created=c done=Callback::new(move |_| created.set(None))/> })}
            <form on:submit=create novalidate class="form-narrow">
                <TextField
                    id="ingest-key-name"
                    label="Name"
                    value=name
                    required=true
                    hint="What reports with it, e.g. Billing meter."
                    error=creation.field("name")
                />
                <Button r#type="submit" busy=creation.busy() name="create-ingest-key">"New ingest key"</Button>
            </form>
            <ListTable
                caption="Ingest keys"
                columns=COLUMNS
                rows=rows
                query=query
                empty=("No ingest keys yet", "Issue one above for the system that reports this organization's usage.")
                pager_label="Ingest key pages"
            />
        </Card>
        <ConfirmDialog
            open=confirm
            title="Revoke this ingest key?"
            message=Signal::derive(move || {
                target.get().map(|k| format!("Usage sent with “{}” is refused from now on.", k.name)).unwrap_or_default()
            })
            confirm_label="Revoke"
            danger=true
            busy=revocation.busy()
            on_confirm=Callback::new(move |_| {
                if let Some(k) = target.get_untracked() {
                    revocation.submit(k.id);
                }
            })
        />
    }
}

/// A key just issued: shown this once, with a button that copies it.
#[component]
fn NewKey(created: CreatedIngestKey, done: Callback<()>) -> impl IntoView {
    let toasts = Toasts::current();
    let key = created.key.clone();
    view! {
        <div class="alert alert-info" role="status">
            <p>{format!("Copy the key of “{}” now: it will not be shown again.", created.ingest_key.name)}</p>
            <code id="new-ingest-key" class="key">{created.key}</code>
            <div class="button-row">
                <button type="button" class="btn btn-secondary" on:click=move |_| {
                    if let Some(w) = web_sys::window() {
                        let _ = w.navigator().clipboard().write_text(&key);
                        toasts.success("Key copied.");
                    }
                }>"Copy"</button>
                <button type="button" class="btn btn-ghost" on:click=move |_| done.run(())>"Done"</button>
            </div>
        </div>
    }
}
