//! The audit log: filters, pages.

use leptos::either::Either;
use leptos::prelude::*;
use shared::dto::audit::{ActorType, AuditLogEntry};

use crate::api;
use crate::api::audit::AuditFilter;
use crate::components::list::{Column, FilterBar, ListQuery, ListRows, ListTable, Row, TextFilter};
use crate::components::{Card, PageHeader, format_time, status_badge};
use crate::state::remote::Remote;

/// A `datetime-local` value (local time) as RFC 3339 UTC; the value itself when it is not one
/// (the server then names the field).
fn local_to_utc(v: String) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(&v));
    if d.get_time().is_finite() { d.to_iso_string().into() } else { v }
}

const COLUMNS: &[Column] = &[
    Column::new("Time"),
    Column::new("Action"),
    Column::new("Outcome"),
    Column::new("Actor"),
    Column::new("Target"),
    Column::new("IP"),
];

/// `/admin/audit`.
#[component]
pub fn AuditLog() -> impl IntoView {
    let query = ListQuery::new();
    let entries = Remote::new(move || {
        let filter = AuditFilter {
            action: query.text("action"),
            actor_id: query.text("actor_id"),
            organization_id: query.text("organization_id"),
            since: query.text("since").map(local_to_utc),
            until: query.text("until").map(local_to_utc),
        };
        api::audit::audit_logs(&filter, query.cursor().as_deref())
    });
    let rows = ListRows::new(entries, query.pager, |e| Row::new(e.id, entry(e)));
    let error = move |field| rows.field_error(field);

    view! {
        <PageHeader title="Audit log" description="Every sign-in, change and administrative action, newest first."/>
        <Card>
            <FilterBar query=query>
                <TextFilter query=query key="action" id="action" label="Action" hint="e.g. auth.login or auth.*" error=error("action")/>
                <TextFilter query=query key="actor_id" id="actor" label="Actor id" error=error("actor_id")/>
                <TextFilter query=query key="organization_id" id="organization" label="Organization id" error=error("organization_id")/>
                <TextFilter query=query key="since" id="since" label="From" r#type="datetime-local" error=error("since")/>
                <TextFilter query=query key="until" id="until" label="Until" r#type="datetime-local" error=error("until")/>
            </FilterBar>
            <ListTable
                caption="Audit log entries"
                columns=COLUMNS
                rows=rows
                query=query
                empty=("No entries match these filters", "")
                pager_label="Audit log pages"
            />
        </Card>
    }
}

/// The first characters of an id, enough to tell ids apart.
fn short(id: &str) -> String {
    id.chars().take(8).collect()
}

/// Who acted: a person (by email), an API key (and who created it) or the system.
fn actor(entry: &AuditLogEntry) -> impl IntoView + use<> {
    let by = entry.actor_email.clone().or(entry.actor_id.map(|id| short(&id.to_string())));
    let (text, class) = match entry.actor_type {
        ActorType::User => (by.unwrap_or_else(|| "—".into()), ""),
        ActorType::ApiKey => (by.map_or_else(|| "API key".to_owned(), |c| format!("API key (created by {c})")), ""),
        ActorType::System => ("system".to_owned(), "muted"),
    };
    let key = entry.api_key_id.filter(|_| entry.actor_type == ActorType::ApiKey).map(|id| {
        let id = id.to_string();
        view! { <div class="muted small" title=id.clone()>{format!("key {}", short(&id))}</div> }
    });
    view! { <span class=class>{text}</span> {key} }
}

/// What was acted on; an organization links to its page.
fn target(entry: &AuditLogEntry) -> impl IntoView + use<> {
    match (entry.target_type.as_deref(), entry.target_id.as_deref()) {
        (Some("organization"), Some(id)) => Either::Left(view! {
            <a href=format!("/admin/organizations/{id}")>{format!("organization {}", short(id))}</a>
        }),
        (Some(t), Some(id)) => Either::Right(format!("{t} {}", short(id))),
        _ => Either::Right("—".to_owned()),
    }
}

/// The cells of an entry.
fn entry(entry: &AuditLogEntry) -> impl IntoView + use<> {
    let details = (!entry.details.is_null()).then(|| entry.details.to_string());
    view! {
            <td class="nowrap">{format_time(entry.occurred_at)}</td>
            <td>
                <code>{entry.action.clone()}</code>
                {details.map(|d| view! {
                    <details class="entry-details">
                        <summary>"Details"</summary>
                        <pre>{d}</pre>
                    </details>
                })}
            </td>
            <td>
                {status_badge(entry.outcome)}
            </td>
            <td>{actor(entry)}</td>
            <td>{target(entry)}</td>
            <td>{entry.ip.clone().unwrap_or_else(|| "—".into())}</td>
    }
}
