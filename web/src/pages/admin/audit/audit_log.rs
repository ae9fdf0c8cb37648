//! The audit log: filters, pages.

use leptos::either::Either;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::dto::audit::{ActorType, AuditLogEntry, AuditOutcome};

use crate::api::{self, enc};
use crate::components::{Badge, Button, Card, PageHeader, Pager, PagerState, Table, TextField, format_time, page_rows};
use crate::state::remote::Remote;

/// A `datetime-local` value (local time) as RFC 3339 UTC.
fn local_to_utc(v: &str) -> Option<String> {
    if v.is_empty() {
        return None;
    }
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_str(v));
    d.get_time().is_finite().then(|| String::from(d.to_iso_string()))
}

#[derive(Clone, Default, PartialEq)]
struct Filters {
    action: String,
    actor: String,
    org: String,
    since: String,
    until: String,
}

impl Filters {
    fn query(&self) -> String {
        let mut q = String::new();
        for (k, v) in [("action", &self.action), ("actor_id", &self.actor), ("organization_id", &self.org)] {
            if !v.trim().is_empty() {
                q.push_str(&format!("&{k}={}", enc(v.trim())));
            }
        }
        if let Some(s) = local_to_utc(&self.since) {
            q.push_str(&format!("&since={}", enc(&s)));
        }
        if let Some(u) = local_to_utc(&self.until) {
            q.push_str(&format!("&until={}", enc(&u)));
        }
        q
    }
}

/// `/admin/audit`.
#[component]
pub fn AuditLog() -> impl IntoView {
    let query = use_query_map();
    let initial_org = query.with_untracked(|q| q.get("organization_id")).unwrap_or_default();
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let org = RwSignal::new(initial_org.clone());
    let since = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let applied = RwSignal::new(Filters { org: initial_org, ..Default::default() });
    let pager = PagerState::new();

    let entries = Remote::new(move || {
        let filters = applied.get().query();
        api::audit::audit_logs(&filters, pager.cursor().as_deref())
    });
    pager.follow(entries);
    let apply = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        pager.reset();
        applied.set(Filters {
            action: action.get_untracked(),
            actor: actor.get_untracked(),
            org: org.get_untracked(),
            since: since.get_untracked(),
            until: until.get_untracked(),
        });
    };
    let error_for = move |field: &'static str| {
        Signal::derive(move || match entries.get() {
            Some(Err(e)) => e.field(field),
            _ => None,
        })
    };

    view! {
            <PageHeader title="Audit log" description="Every sign-in, change and administrative action, newest first."/>
            <Card>
                <form class="filters" on:submit=apply>
                    <TextField id="action" label="Action" value=action hint="e.g. auth.login or auth.*" error=error_for("action")/>
                    <TextField id="actor" label="Actor id" value=actor error=error_for("actor_id")/>
                    <TextField id="organization" label="Organization id" value=org error=error_for("organization_id")/>
                    <TextField id="since" label="From" value=since r#type="datetime-local" error=error_for("since")/>
                    <TextField id="until" label="Until" value=until r#type="datetime-local" error=error_for("until")/>
                    <div class="filters-actions">
                        <Button r#type="submit" name="apply">"Apply filters"</Button>
                    </div>
                </form>
                <Table caption="Audit log entries" columns=&["Time", "Action", "Outcome", "Actor", "Target", "IP"]>
                    {page_rows(entries, 6, ("No entries match these filters", ""), |e| view! { <Entry entry=e/> }
    )}
                </Table>
                <Pager state=pager label="Audit log pages"/>
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

#[component]
fn Entry(entry: AuditLogEntry) -> impl IntoView {
    let details = (!entry.details.is_null()).then(|| entry.details.to_string());
    view! {
        <tr>
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
                <Badge
                    text=entry.outcome.as_str()
                    tone=match entry.outcome {
                        AuditOutcome::Success => "green",
                        AuditOutcome::Failure => "red",
                    }
                />
            </td>
            <td>{actor(&entry)}</td>
            <td>{target(&entry)}</td>
            <td>{entry.ip.clone().unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}
