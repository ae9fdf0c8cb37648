//! `/api/dashboard/usage`: the active organization's usage per metric, and its CSV exports.

use chrono::NaiveDate;
use shared::dto::metrics::Granularity;
use shared::dto::usage::series::UsageSeries;

use super::{Get, with_query};

/// `GET /api/dashboard/usage`: every metric over the server's default range for `granularity`
/// (the last 30 days, 12 weeks or 12 months).
pub fn series(granularity: Granularity) -> Get<UsageSeries> {
    Get::new(with_query("/api/dashboard/usage", &[("granularity", Some(granularity.as_str()))]))
}

/// `GET /api/dashboard/usage/export.csv`: the series from `from` to `to`, one line per metric and
/// bucket.
pub fn series_csv(from: NaiveDate, to: NaiveDate, granularity: Granularity) -> String {
    let (from, to) = (from.to_string(), to.to_string());
    let params =
        [("from", Some(from.as_str())), ("to", Some(to.as_str())), ("granularity", Some(granularity.as_str()))];
    with_query("/api/dashboard/usage/export.csv", &params)
}

/// `GET /api/dashboard/usage-events/export.csv`: every event from `from` to `to` (UTC days).
pub fn events_csv(from: NaiveDate, to: NaiveDate) -> String {
    let (from, to) = (from.to_string(), to.to_string());
    with_query("/api/dashboard/usage-events/export.csv", &[("from", Some(from.as_str())), ("to", Some(to.as_str()))])
}
