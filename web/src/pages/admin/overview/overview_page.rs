//! `/admin`: organizations by status and signups over a period (`?period=30d|12w|12m`), with
//! the previous period of the same length to compare.

use chrono::NaiveDate;
use leptos::prelude::*;
use shared::dto::metrics::SignupSeries;

use crate::api;
use crate::components::chart::axis::grouped;
use crate::components::chart::{
    BarChart, ChartData, LineChart, Period, PeriodPicker, Sparkline, ValueFormat, cumulative,
};
use crate::components::{Card, PageHeader, loaded};
use crate::state::remote::Remote;

/// `/admin`.
#[component]
pub fn Overview() -> impl IntoView {
    let period = Period::from_query();
    let organizations = Remote::new(api::metrics::organizations);
    // The server's clock says which days are the last 30 days, 12 weeks or 12 months.
    let current = Remote::new(move || api::metrics::recent_signups(period.get().granularity()));
    view! {
        <PageHeader title="Overview" description="The platform at a glance. Days are UTC days.">
            <PeriodPicker path="/admin" period=period/>
        </PageHeader>
        <div class="grid-cards">
            {loaded(organizations, |o| {
                view! {
                    <Card class="stat">
                        <p class="stat-label">"Organizations"</p>
                        <p class="stat-value" id="stat-organizations">{grouped(o.total)}</p>
                        <p class="muted small">{format!("{} active · {} suspended", grouped(o.active), grouped(o.suspended))}</p>
                    </Card>
                }
            })}
            {loaded(current, move |s| {
                    // Named after the answer, not the address: the last answer stays on screen
                    // while the next loads.
                    let p = Period::of(s.granularity);
                    view! {
                        <Card class="stat">
                            <p class="stat-label">{format!("Signups, last {}", p.name())}</p>
                            <p class="stat-value" id="stat-signups">{grouped(s.total)}</p>
                            <p class="stat-change muted">{format!("{} vs the {} before", change(s.total, s.previous_total), p.name())}</p>
                            <Sparkline values=counts(&s)/>
                        </Card>
                    }
                })}
        </div>
        {loaded(current, move |s| view! { <SignupCharts period=Period::of(s.granularity) series=s/> })}
    }
}

/// Signups per bucket, and their running total against the same number of buckets before.
#[component]
fn SignupCharts(period: Period, series: SignupSeries) -> impl IntoView {
    let p = period;
    let first = series.buckets.first().map_or(series.from, |b| b.start);
    let n = u32::try_from(series.buckets.len()).unwrap_or(0);
    let from = p.granularity().back(first, n).unwrap_or(first);
    let to = first.pred_opt().unwrap_or(first);
    let previous = Remote::new(move || api::metrics::signups(from, to, p.granularity()));
    let bars = series_data(&series, p).with_series("Signups", counts(&series));
    let comparison = move || {
        loaded(previous, {
            let series = series.clone();
            move |prev| {
                let mut before = cumulative(&counts(&prev));
                before.resize(series.buckets.len(), before.last().copied().unwrap_or(0));
                let data = series_data(&series, p)
                    .with_series("This period", cumulative(&counts(&series)))
                    .with_series(format!("The {} before", p.name()), before);
                view! {
                    <LineChart
                        title=format!("Running total of signups, last {} and the {} before", p.name(), p.name())
                        data=data
                        empty="No signups in either period"
                    />
                }
            }
        })
    };
    view! {
        <Card title=format!("Signups per {}", p.unit())>
            <BarChart title=format!("Signups per {}, last {}", p.unit(), p.name()) data=bars empty="No signups in this period"/>
        </Card>
        <Card title="Signups so far, against the period before">{comparison}</Card>
    }
}

fn series_data(s: &SignupSeries, p: Period) -> ChartData {
    let starts: Vec<NaiveDate> = s.buckets.iter().map(|b| b.start).collect();
    ChartData::over_time(&starts, p.step(), ValueFormat::Count)
}

fn counts(s: &SignupSeries) -> Vec<i64> {
    s.buckets.iter().map(|b| b.count).collect()
}

/// `+25%`, `-10%`, `no change`, or `new` when there was none before.
fn change(now: i64, before: i64) -> String {
    match (now, before) {
        (n, b) if n == b => "No change".into(),
        (_, 0) => "Up from none".into(),
        (n, b) => {
            let percent = (n - b) * 100 / b;
            format!("{}{percent}%", if percent > 0 { "+" } else { "" })
        }
    }
}
