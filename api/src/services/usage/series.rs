//! Usage series from the daily rollups (never from the raw events): per metric, a bucket for
//! every day, ISO week or month of the range, the range's total, and the current period.

use std::collections::BTreeMap;

use chrono::{DateTime, Months, NaiveDate, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, QuerySelect};
use shared::Quantity;
use shared::dto::metrics::Granularity;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::series::{MetricSeries, UsageBucket, UsagePeriod, UsageSeries, UsageSeriesQuery};
use uuid::Uuid;

use crate::entities::usage::daily_rollup;
use crate::error::{ApiError, ApiResult};
use crate::list::csv::Cell;
use crate::services::metrics::periods::SeriesRange;
use crate::services::platform::tenant::find_in_org;

/// A checked series query: the metrics and the range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeriesRequest {
    /// The metrics, in the catalogue's order.
    pub metrics: Vec<UsageMetric>,
    /// The range and bucket size.
    pub range: SeriesRange,
}

impl SeriesRequest {
    /// Checks a query; `today` is the default last day.
    ///
    /// Errors: `Validation`: `metric` `invalid` (a name outside the catalogue), and those of
    /// [`SeriesRange::parse`].
    pub fn parse(query: &UsageSeriesQuery, today: NaiveDate) -> ApiResult<SeriesRequest> {
        let metrics = parse_metrics(query.metric.as_deref())?;
        let range =
            SeriesRange::parse(query.from.as_deref(), query.to.as_deref(), query.granularity.as_deref(), today)?;
        Ok(SeriesRequest { metrics, range })
    }
}

/// Metric names, comma-separated; absent means all of them.
///
/// Errors: `Validation` (`metric`: `invalid`).
pub fn parse_metrics(raw: Option<&str>) -> ApiResult<Vec<UsageMetric>> {
    let Some(raw) = raw else { return Ok(UsageMetric::ALL.to_vec()) };
    let mut metrics = Vec::new();
    for name in raw.split(',').map(str::trim) {
        let metric = UsageMetric::parse(name).ok_or_else(|| invalid_metric("metric"))?;
        metrics.push(metric);
    }
    metrics.sort();
    metrics.dedup();
    Ok(metrics)
}

/// The refusal of a metric name outside the catalogue.
pub fn invalid_metric(field: &str) -> ApiError {
    let names: Vec<&str> = UsageMetric::ALL.iter().map(|m| m.as_str()).collect();
    ApiError::field(field, "invalid", format!("Use one of: {}.", names.join(", ")))
}

/// The current period of an organization on `today`: the UTC calendar month (organizations
/// have no subscription yet; a subscription's billing period will take its place).
pub fn current_period(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let start = Granularity::Month.start_of(today);
    let end = start.checked_add_months(Months::new(1)).unwrap_or(NaiveDate::MAX);
    (start, end)
}

/// One organization's rollup rows of some metrics from `from` to `to` (both included):
/// `(metric, day, quantity, events)`.
pub async fn rollup_days(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    metrics: &[UsageMetric],
    from: NaiveDate,
    to: NaiveDate,
) -> ApiResult<Vec<(UsageMetric, NaiveDate, Quantity, i64)>> {
    use daily_rollup::Column as C;
    let names: Vec<&str> = metrics.iter().map(|m| m.as_str()).collect();
    let rows: Vec<(String, NaiveDate, i64, i64)> = find_in_org::<daily_rollup::Entity>(org_id)
        .select_only()
        .columns([C::Metric, C::Day, C::QuantityMilli, C::Events])
        .filter(C::Metric.is_in(names))
        .filter(C::Day.gte(from))
        .filter(C::Day.lte(to))
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(metric, day, milli, events)| {
            Some((UsageMetric::parse(&metric)?, day, Quantity::from_milli(milli)?, events))
        })
        .collect())
}

/// One organization's series: the rows of the range and of the current period in one query,
/// folded into buckets here.
///
/// Errors: none of its own (database errors).
#[tracing::instrument(skip_all, fields(org = %org_id))]
pub async fn series(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    now: DateTime<Utc>,
    request: &SeriesRequest,
) -> ApiResult<UsageSeries> {
    let SeriesRange { from, to, granularity } = request.range;
    let (period_start, period_end) = current_period(now.date_naive());
    let period_last = period_end.pred_opt().unwrap_or(period_end);
    let rows = rollup_days(db, org_id, &request.metrics, from.min(period_start), to.max(period_last)).await?;
    let starts = request.range.starts();
    let mut per_metric: BTreeMap<UsageMetric, MetricSeries> = request
        .metrics
        .iter()
        .map(|m| {
            let buckets =
                starts.iter().map(|start| UsageBucket { start: *start, quantity: Quantity::ZERO, events: 0 }).collect();
            let period = UsagePeriod { start: period_start, end: period_end, quantity: Quantity::ZERO };
            (*m, MetricSeries { metric: *m, buckets, total: Quantity::ZERO, events: 0, current_period: period })
        })
        .collect();
    for (metric, day, quantity, events) in rows {
        let Some(series) = per_metric.get_mut(&metric) else { continue };
        if day >= period_start && day < period_end {
            series.current_period.quantity = series.current_period.quantity.saturating_add(quantity);
        }
        if day < from || day > to {
            continue;
        }
        series.total = series.total.saturating_add(quantity);
        series.events += events;
        let start = granularity.start_of(day);
        if let Ok(i) = series.buckets.binary_search_by(|b| b.start.cmp(&start)) {
            let bucket = &mut series.buckets[i];
            bucket.quantity = bucket.quantity.saturating_add(quantity);
            bucket.events += events;
        }
    }
    Ok(UsageSeries { granularity, from, to, metrics: per_metric.into_values().collect() })
}

/// The series export's columns.
pub const CSV_HEADER: [&str; 5] = ["metric", "unit", "period_start", "quantity", "events"];

/// A series as the rows of its export: one per metric and bucket.
pub fn csv_rows(series: &UsageSeries) -> Vec<Vec<Cell>> {
    series
        .metrics
        .iter()
        .flat_map(|m| {
            m.buckets.iter().map(|b| {
                vec![
                    Cell::text(m.metric.as_str()),
                    Cell::text(m.metric.unit()),
                    Cell::text(b.start.to_string()),
                    Cell::number(b.quantity),
                    Cell::number(b.events),
                ]
            })
        })
        .collect()
}
