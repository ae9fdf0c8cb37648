//! The periods a page of charts offers (the last 30 days, 12 weeks or 12 months), kept in the
//! address as `?period=30d|12w|12m`, and the picker between them. The server's defaults for each
//! granularity make the days, so the server's clock decides them, not the browser's.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::dto::metrics::Granularity;

use super::TimeStep;

/// A period of charts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Period {
    /// The last 30 days, by day.
    Days30,
    /// The last 12 ISO weeks, by week.
    Weeks12,
    /// The last 12 months, by month.
    Months12,
}

impl Period {
    /// Every period, shortest first.
    pub const ALL: [Period; 3] = [Period::Days30, Period::Weeks12, Period::Months12];

    /// Its name in the address.
    pub fn key(self) -> &'static str {
        match self {
            Period::Days30 => "30d",
            Period::Weeks12 => "12w",
            Period::Months12 => "12m",
        }
    }

    /// The period a series of `granularity` covers by default.
    pub fn of(granularity: Granularity) -> Period {
        match granularity {
            Granularity::Day => Period::Days30,
            Granularity::Week => Period::Weeks12,
            Granularity::Month => Period::Months12,
        }
    }

    /// The period named `key` in the address.
    pub fn parse(key: &str) -> Option<Period> {
        Period::ALL.into_iter().find(|p| p.key() == key)
    }

    /// The period in the address (`?period=`), the last 30 days when it names none (tracked).
    pub fn from_query() -> Memo<Period> {
        let query = use_query_map();
        Memo::new(move |_| query.with(|q| q.get_str("period").and_then(Period::parse)).unwrap_or(Period::Days30))
    }

    /// Its name for people: `30 days`.
    pub fn name(self) -> &'static str {
        match self {
            Period::Days30 => "30 days",
            Period::Weeks12 => "12 weeks",
            Period::Months12 => "12 months",
        }
    }

    /// Its buckets' size.
    pub fn granularity(self) -> Granularity {
        match self {
            Period::Days30 => Granularity::Day,
            Period::Weeks12 => Granularity::Week,
            Period::Months12 => Granularity::Month,
        }
    }

    /// Its buckets' size on a chart's time axis.
    pub fn step(self) -> TimeStep {
        match self {
            Period::Days30 => TimeStep::Day,
            Period::Weeks12 => TimeStep::Week,
            Period::Months12 => TimeStep::Month,
        }
    }

    /// One bucket's name: `day`, `week`, `month`.
    pub fn unit(self) -> &'static str {
        match self {
            Period::Days30 => "day",
            Period::Weeks12 => "week",
            Period::Months12 => "month",
        }
    }
}

/// Links to the page at `path` with each period, the one on screen marked.
#[component]
pub fn PeriodPicker(path: &'static str, period: Memo<Period>) -> impl IntoView {
    let links = Period::ALL
        .into_iter()
        .map(|p| {
            view! {
                <a href=format!("{path}?period={}", p.key()) aria-current=move || (period.get() == p).then_some("page")>
                    {p.name()}
                </a>
            }
        })
        .collect_view();
    view! { <nav class="segmented" aria-label="Period">{links}</nav> }
}
