//! `/admin/usage`: every metric's total across organizations over a period
//! (`?period=30d|12w|12m`), and the organizations that reported most of one metric
//! (`?metric=`), those with an anomalous day flagged.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::admin::{MetricTotal, TopOrganizations};

use super::period_days;
use crate::api;
use crate::components::chart::axis::grouped;
use crate::components::chart::{Period, PeriodPicker};
use crate::components::usage::{amount, day};
use crate::components::{Badge, Card, EmptyState, PageHeader, loaded};
use crate::state::remote::Remote;

/// `/admin/usage`.
#[component]
pub fn UsageMonitoring() -> impl IntoView {
    let period = Period::from_query();
    let query = use_query_map();
    let metric = Memo::new(move |_| {
        query.with(|q| q.get_str("metric").and_then(UsageMetric::parse)).unwrap_or(UsageMetric::ApiCalls)
    });
    // The server's clock says which day is today: its default range ends on it.
    let clock = Remote::new(|| api::usage_monitoring::totals(None));
    view! {
        <PageHeader title="Usage" description="What organizations reported, every organization together. Days are UTC days.">
            <PeriodPicker path="/admin/usage" period=period/>
        </PageHeader>
        {loaded(clock, move |c| view! { <Figures today=c.to period=period metric=metric/> })}
    }
}

/// The totals and the ranking over the period on screen, up to `today`.
#[component]
fn Figures(today: NaiveDate, period: Memo<Period>, metric: Memo<UsageMetric>) -> impl IntoView {
    let days = Memo::new(move |_| period_days(period.get(), today));
    let totals = Remote::new(move || api::usage_monitoring::totals(Some(days.get())));
    let top = Remote::new(move || {
        let (from, to) = days.get();
        api::usage_monitoring::top_organizations(metric.get(), from, to)
    });
    view! {
        {loaded(totals, |t| {
            let cards = t.metrics.into_iter().map(|total| view! { <TotalCard total=total/> }).collect_view();
            view! {
                <p class="muted small">{format!("{} to {} (UTC)", day(t.from), day(t.to))}</p>
                <div class="grid-cards">{cards}</div>
            }
        })}
        {loaded(top, move |t| {
            view! {
                <Card title=format!("Top organizations: {}", t.metric.label())>
                    <MetricPicker period=period metric=metric/>
                    <TopTable top=t period=period/>
                </Card>
            }
        })}
    }
}

/// One metric across organizations: its quantity, events and how many organizations reported it.
#[component]
fn TotalCard(total: MetricTotal) -> impl IntoView {
    let m = total.metric;
    view! {
        <Card class="stat">
            <p class="stat-label">{m.label()}</p>
            <p class="stat-value" id=format!("total-{m}")>{amount(m, total.quantity)}</p>
            <p class="muted small">
                {format!(
                    "{} · {} reporting",
                    counted(total.events, "event", "events"),
                    counted(total.organizations, "organization", "organizations"),
                )}
            </p>
        </Card>
    }
}

/// Links to the ranking by each metric, the one on screen marked.
#[component]
fn MetricPicker(period: Memo<Period>, metric: Memo<UsageMetric>) -> impl IntoView {
    let links = UsageMetric::ALL
        .into_iter()
        .map(|m| {
            view! {
                <a
                    href=move || format!("/admin/usage?period={}&metric={m}", period.get().key())
                    aria-current=move || (metric.get() == m).then_some("page")
                >
                    {m.label()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="segmented" aria-label="Metric">{links}</nav> }
}

/// The ranking: each organization linking to its own usage, with its quantity and events.
#[component]
fn TopTable(top: TopOrganizations, period: Memo<Period>) -> impl IntoView {
    let m = top.metric;
    if top.organizations.is_empty() {
        let text = format!("No organization reported {} from {} to {}.", m.label(), day(top.from), day(top.to));
        return view! { <EmptyState title="Nothing reported" text=text/> }.into_any();
    }
    let rows = top
        .organizations
        .into_iter()
        .map(|o| {
            let id = o.organization.id;
            view! {
                <tr>
                    <td>
                        <a href=move || format!("/admin/usage/{id}?period={}", period.get().key())>{o.organization.name}</a>
                        {o.anomaly.then(|| view! { " " <Badge text="Anomaly" tone="amber"/> })}
                    </td>
                    <td>{amount(m, o.quantity)}</td>
                    <td>{grouped(o.events)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">{format!("Top organizations by {}, {} to {}", m.label(), day(top.from), day(top.to))}</caption>
                <thead>
                    <tr><th scope="col">"Organization"</th><th scope="col">"Reported"</th><th scope="col">"Events"</th></tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
    .into_any()
}

/// `1 event`, `1,200 events`.
fn counted(n: i64, one: &str, many: &str) -> String {
    format!("{} {}", grouped(n), if n == 1 { one } else { many })
}
