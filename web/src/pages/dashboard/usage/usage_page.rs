//! `/dashboard/usage`: each metric per day, week or month over a period (`?period=30d|12w|12m`),
//! this month's total so far, and the series and raw events as CSV.

use chrono::NaiveDate;
use leptos::prelude::*;
use shared::dto::usage::series::{MetricSeries, UsageSeries};

use crate::api;
use crate::components::chart::{BarChart, ChartData, Period, PeriodPicker, ValueFormat};
use crate::components::download::download_csv;
use crate::components::usage::{amount, day};
use crate::components::{Button, Card, EmptyState, PageHeader, Spinner, loaded};
use crate::state::features::Features;
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;

/// `/dashboard/usage`.
#[component]
pub fn Usage() -> impl IntoView {
    let features = Features::current();
    let on = move || features.is_some_and(|f| f.is_on(shared::flags::USAGE_DASHBOARD));
    let loading = move || features.is_some_and(|f| f.loading());
    let period = Period::from_query();
    view! {
        <PageHeader title="Usage" description="What your automations used. Days are UTC days.">
            <PeriodPicker path="/dashboard/usage" period=period/>
        </PageHeader>
        {move || {
            if loading() {
                view! { <Card><Spinner/></Card> }.into_any()
            } else if on() {
                view! { <Metrics period=period/> }.into_any()
            } else {
                view! {
                    <Card>
                        <EmptyState title="Usage is not on for your organization" text="Ask us to turn on the usage dashboard."/>
                    </Card>
                }
                .into_any()
            }
        }}
    }
}

/// The exports and a chart per metric.
#[component]
fn Metrics(period: Memo<Period>) -> impl IntoView {
    // The server's clock says which days the period covers.
    let usage = Remote::per_org(move || api::usage::series(period.get().granularity()));
    view! {
        {loaded(usage, move |u| {
            let p = Period::of(u.granularity);
            let metrics = u.metrics.iter().map(|m| view! { <MetricCard series=m.clone() period=p/> }).collect_view();
            view! {
                <Exports usage=u/>
                <div class="grid-charts">{metrics}</div>
            }
        })}
    }
}

/// The series and the raw events of the period on screen, as CSV files.
#[component]
fn Exports(usage: UsageSeries) -> impl IntoView {
    let session = Session::current();
    let (from, to, granularity) = (usage.from, usage.to, usage.granularity);
    let export = Submission::new(
        &[],
        move |events: bool| async move {
            let (path, kind) = if events {
                (api::usage::events_csv(from, to), "events")
            } else {
                (api::usage::series_csv(from, to, granularity), granularity.as_str())
            };
            download_csv(session, &path, &format!("usage-{kind}-{from}-to-{to}.csv")).await
        },
        |()| {},
    );
    view! {
        <div class="toolbar">
            <p class="muted small">{format!("{} to {} (UTC)", day(from), day(to))}</p>
            <div class="button-row">
                <Button variant="secondary" name="export-series" busy=export.busy() on_click=Callback::new(move |_| export.submit(false))>
                    "Export series (CSV)"
                </Button>
                <Button variant="secondary" name="export-events" busy=export.busy() on_click=Callback::new(move |_| export.submit(true))>
                    "Export events (CSV)"
                </Button>
            </div>
        </div>
    }
}

/// One metric: its total over the period, this month's so far, and a bar per bucket.
#[component]
fn MetricCard(series: MetricSeries, period: Period) -> impl IntoView {
    let m = series.metric;
    let q = ValueFormat::Thousandths;
    let starts: Vec<NaiveDate> = series.buckets.iter().map(|b| b.start).collect();
    let data = ChartData::over_time(&starts, period.step(), q)
        .with_series(m.label(), series.buckets.iter().map(|b| b.quantity.milli()).collect());
    let current = series.current_period.clone();
    let last_day = current.end.pred_opt().unwrap_or(current.end);
    let (total, now) = (amount(m, series.total), amount(m, current.quantity));
    view! {
        <Card title=m.label()>
            <dl class="stat-pair">
                <div>
                    <dt>{format!("Last {}", period.name())}</dt>
                    <dd class="stat-value" id=format!("usage-total-{m}")>{total}</dd>
                </div>
                <div>
                    <dt>{format!("This period ({} to {})", day(current.start), day(last_day))}</dt>
                    <dd class="stat-value">{now}</dd>
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
