//! `/admin/usage/:org_id`: one organization's usage per metric over a period
//! (`?period=30d|12w|12m`) as its members see it, the days that were anomalies, and a link to
//! its ingest keys.

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Permission;
use shared::dto::usage::admin::{ANOMALY_FACTOR, ANOMALY_TRAILING_DAYS, UsageAnomaly};
use shared::dto::usage::series::MetricSeries;

use crate::api;
use crate::components::chart::axis::grouped;
use crate::components::chart::{BarChart, ChartData, Period, PeriodPicker, ValueFormat};
use crate::components::usage::{amount, day};
use crate::components::{Card, EmptyState, PageHeader, detail_page};
use crate::state::remote::Remote;
use crate::state::session::Session;

/// `/admin/usage/:org_id`.
#[component]
pub fn OrganizationUsage() -> impl IntoView {
    let session = Session::current();
    let params = use_params_map();
    let org_id = move || params.with(|p| p.get("org_id").unwrap_or_default());
    let period = Period::from_query();
    // The server's clock says which days the period covers.
    let usage = Remote::new(move || api::usage_monitoring::organization(&org_id(), period.get().granularity()));
    detail_page(("/admin/usage", "Usage"), "Organization usage", usage, move |u| {
        let p = Period::of(u.series.granularity);
        let (from, to) = (u.series.from, u.series.to);
        let charts = u.series.metrics.into_iter().map(|m| view! { <MetricChart series=m period=p/> }).collect_view();
        view! {
            <PageHeader
                title=u.organization.name.clone()
                description=format!("Usage reported for {}, {} to {} (UTC).", u.organization.slug, day(from), day(to))
            >
                // The links keep this page's path: only the query changes.
                <PeriodPicker path="" period=period/>
                {session.can(Permission::AdminUsageKeysManage).then(|| {
                    view! {
                        <a class="btn btn-secondary" href=format!("/admin/ingest-keys/{}", u.organization.id)>
                            "Ingest keys"
                        </a>
                    }
                })}
            </PageHeader>
            <div class="grid-charts">{charts}</div>
            <Anomalies anomalies=u.anomalies/>
        }
    })
}

/// One metric: its quantity and events over the period, and a bar per bucket.
#[component]
fn MetricChart(series: MetricSeries, period: Period) -> impl IntoView {
    let m = series.metric;
    let starts: Vec<NaiveDate> = series.buckets.iter().map(|b| b.start).collect();
    let data = ChartData::over_time(&starts, period.step(), ValueFormat::Thousandths)
        .with_series(m.label(), series.buckets.iter().map(|b| b.quantity.milli()).collect());
    view! {
        <Card title=m.label()>
            <dl class="stat-pair">
                <div>
                    <dt>{format!("Last {}", period.name())}</dt>
                    <dd class="stat-value" id=format!("usage-total-{m}")>{amount(m, series.total)}</dd>
                </div>
                <div>
                    <dt>"Events"</dt>
                    <dd class="stat-value">{grouped(series.events)}</dd>
                </div>
            </dl>
            <BarChart
                title=format!("{} per {}, last {}", m.label(), period.unit(), period.name())
                data=data
                empty="Nothing reported in this period"
            />
        </Card>
    }
}

/// The days that were over the anomaly factor times their trailing average, oldest first.
#[component]
fn Anomalies(anomalies: Vec<UsageAnomaly>) -> impl IntoView {
    let rule = format!(
        "A day is an anomaly when it is over {ANOMALY_FACTOR} times the organization's average of the {ANOMALY_TRAILING_DAYS} days before it."
    );
    let body = if anomalies.is_empty() {
        view! { <EmptyState title="No anomalies" text="No day of this period was out of the ordinary."/> }.into_any()
    } else {
        let rows = anomalies
            .into_iter()
            .map(|a| {
                view! {
                    <tr>
                        <td>{day(a.day)}</td>
                        <td>{a.metric.label()}</td>
                        <td>{amount(a.metric, a.quantity)}</td>
                        <td>{amount(a.metric, a.trailing_average)}</td>
                    </tr>
                }
            })
            .collect_view();
        view! {
            <div class="table-wrap">
                <table class="table">
                    <caption class="sr-only">"Anomalous days"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Day"</th>
                            <th scope="col">"Metric"</th>
                            <th scope="col">"Reported"</th>
                            <th scope="col">{format!("Average of the {ANOMALY_TRAILING_DAYS} days before")}</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        }
        .into_any()
    };
    view! {
        <Card title="Anomalies">
            <p class="muted small">{rule}</p>
            {body}
        </Card>
    }
}
