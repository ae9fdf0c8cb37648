//! The audit log: filters, pages.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::dto::admin::{AuditLogEntry, AuditOutcome};
use shared::dto::common::Page;

use crate::api::enc;
use crate::components::{
    Badge, Button, Card, EmptyState, ErrorState, PageHeader, Pager, PagerState, SkeletonRows, Table, TextField,
    format_time,
};
use crate::state::session::Session;

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
    let session = Session::current();
    let query = use_query_map();
    let initial_org = query.with_untracked(|q| q.get("organization_id")).unwrap_or_default();
    let action = RwSignal::new(String::new());
    let actor = RwSignal::new(String::new());
    let org = RwSignal::new(initial_org.clone());
    let since = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let applied = RwSignal::new(Filters { org: initial_org, ..Default::default() });
    let pager = PagerState::new();

    let entries = LocalResource::new(move || {
        let filters = applied.get().query();
        let cursor = pager.cursor().map(|c| format!("&cursor={}", enc(&c))).unwrap_or_default();
        async move { session.get::<Page<AuditLogEntry>>(&format!("/api/admin/audit-logs?limit=25{filters}{cursor}")).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = entries.get() {
            pager.next.set(p.next_cursor.clone());
        }
    });
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
            <Table caption="Audit log entries" head=view! {
                <th scope="col">"Time"</th>
                <th scope="col">"Action"</th>
                <th scope="col">"Outcome"</th>
                <th scope="col">"Actor"</th>
                <th scope="col">"Target"</th>
                <th scope="col">"IP"</th>
            }
            .into_any()>
                {move || match entries.get() {
                    None => view! { <SkeletonRows columns=6/> }.into_any(),
                    Some(Err(e)) => view! {
                        <tr><td colspan="6"><ErrorState error=e retry=Callback::new(move |_| entries.refetch())/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(page)) if page.items.is_empty() => view! {
                        <tr><td colspan="6"><EmptyState title="No entries match these filters"/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(page)) => page.items.into_iter().map(|e| view! { <Entry entry=e/> }).collect_view().into_any(),
                }}
            </Table>
            <Pager state=pager label="Audit log pages"/>
        </Card>
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
                {match entry.outcome {
                    AuditOutcome::Success => view! { <Badge text="success" tone="green"/> },
                    AuditOutcome::Failure => view! { <Badge text="failure" tone="red"/> },
                }}
            </td>
            <td>{entry.actor_email.clone().unwrap_or_else(|| "system".into())}</td>
            <td>
                {match (entry.target_type.clone(), entry.target_id.clone()) {
                    (Some(t), Some(id)) if t == "organization" => view! {
                        <a href=format!("/admin/organizations/{id}")>{format!("organization {}", &id[..id.len().min(8)])}</a>
                    }
                    .into_any(),
                    (Some(t), Some(id)) => view! { <span>{format!("{t} {}", &id[..id.len().min(8)])}</span> }.into_any(),
                    _ => view! { <span>"—"</span> }.into_any(),
                }}
            </td>
            <td>{entry.ip.clone().unwrap_or_else(|| "—".into())}</td>
        </tr>
    }
}
