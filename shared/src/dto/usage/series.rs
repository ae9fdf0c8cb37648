//! `GET /api/dashboard/usage` (and its CSV export): usage per day, ISO week or month from the
//! daily rollups, with the current period's total.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::UsageMetric;
use crate::dto::metrics::Granularity;
use crate::quantity::Quantity;

/// Query of a usage series. Sent as text and checked by the server, so that a bad value is
/// refused on its own field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UsageSeriesQuery {
    /// The metrics, comma-separated (e.g. `api_calls,emails_sent`). Default: every metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metric: Option<String>,
    /// First day, included (`YYYY-MM-DD`, UTC). Default: the last 30 days, 12 weeks or 12 months
    /// up to `to` (by day, week or month).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Last day, included (`YYYY-MM-DD`, UTC). Default: today.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// Bucket size (default `day`). At most 366 days by day, 1,827 days by week or month.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<Granularity>))]
    pub granularity: Option<String>,
}

/// One bucket of a metric's series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageBucket {
    /// The first day of the bucket's period (a Monday by week, the 1st by month); the first
    /// bucket's period contains `from`, so it may start before it.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub start: NaiveDate,
    /// The quantity reported for the period's days from `from` to `to`.
    pub quantity: Quantity,
    /// How many events it came from.
    pub events: i64,
}

/// A billing period's usage so far: its days from `start` up to, not including, `end`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsagePeriod {
    /// First day, included.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub start: NaiveDate,
    /// The day after the last (excluded).
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub end: NaiveDate,
    /// The quantity reported for the period so far.
    pub quantity: Quantity,
}

/// One metric's series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MetricSeries {
    /// The metric.
    pub metric: UsageMetric,
    /// Every period of the range, those without usage too, oldest first.
    pub buckets: Vec<UsageBucket>,
    /// The quantity from `from` to `to` (the buckets' sum).
    pub total: Quantity,
    /// Events from `from` to `to`.
    pub events: i64,
    /// The current period: the subscription's billing period, or the UTC calendar month for an
    /// organization without a subscription.
    pub current_period: UsagePeriod,
}

/// Usage per metric from `from` to `to`, cut into buckets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageSeries {
    /// The bucket size.
    pub granularity: Granularity,
    /// First day, included (as asked, or the default).
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub from: NaiveDate,
    /// Last day, included (as asked, or the default).
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub to: NaiveDate,
    /// One series per metric asked for, in the catalogue's order.
    pub metrics: Vec<MetricSeries>,
}
