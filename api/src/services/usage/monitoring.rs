//! The operator's usage monitoring: totals per metric across organizations, the organizations
//! that reported most of a metric, and one organization's series with its anomalous days. All
//! from the daily rollups.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Days, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, Order, QueryFilter, QueryOrder, QuerySelect};
use shared::Quantity;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::admin::{
    ANOMALY_FACTOR, ANOMALY_TRAILING_DAYS, DEFAULT_TOP_ORGANIZATIONS, MAX_TOP_ORGANIZATIONS, MetricTotal,
    OrganizationUsage, TopOrganization, TopOrganizations, TopOrganizationsQuery, UsageAnomaly, UsageRangeQuery,
    UsageTotals,
};
use shared::dto::usage::series::UsageSeriesQuery;
use uuid::Uuid;

use crate::entities::organizations::organization;
use crate::entities::usage::daily_rollup;
use crate::error::{ApiError, ApiResult};
use crate::services::metrics::periods::SeriesRange;
use crate::services::usage::series::{self, SeriesRequest, invalid_metric, rollup_days};

/// A sum of a `BIGINT` column that both engines answer as a `BIGINT` (PostgreSQL's `SUM` of one
/// is a `NUMERIC`).
fn sum_of(column: &str) -> Expr {
    Expr::cust(format!("CAST(SUM({column}) AS BIGINT)"))
}

/// Every metric's total across organizations over a range of days (default: this month).
///
/// Errors: `Validation` (see [`SeriesRange::parse_days`]).
#[tracing::instrument(skip_all)]
pub async fn totals(db: &impl ConnectionTrait, now: DateTime<Utc>, query: &UsageRangeQuery) -> ApiResult<UsageTotals> {
    let range = SeriesRange::parse_days(query.from.as_deref(), query.to.as_deref(), now.date_naive())?;
    use daily_rollup::Column as C;
    let rows: Vec<(String, i64, i64, i64)> = daily_rollup::Entity::find()
        .select_only()
        .column(C::Metric)
        .column_as(sum_of("quantity_milli"), "quantity")
        .column_as(sum_of("events"), "events")
        .column_as(Expr::cust("COUNT(DISTINCT org_id)"), "organizations")
        .filter(C::Day.gte(range.from))
        .filter(C::Day.lte(range.to))
        .group_by(C::Metric)
        .into_tuple()
        .all(db)
        .await?;
    let found: HashMap<String, (i64, i64, i64)> = rows.into_iter().map(|(m, q, e, o)| (m, (q, e, o))).collect();
    let metrics = UsageMetric::ALL
        .into_iter()
        .map(|metric| {
            let (quantity, events, organizations) = found.get(metric.as_str()).copied().unwrap_or_default();
            MetricTotal { metric, quantity: Quantity::from_milli(quantity).unwrap_or_default(), events, organizations }
        })
        .collect();
    Ok(UsageTotals { from: range.from, to: range.to, metrics })
}

/// The organizations that reported most of a metric over a range of days, largest first, each
/// flagged when a day of the range was an anomaly.
///
/// Errors: `Validation`: `metric` `required` or `invalid`, `limit` `out_of_range`, and those of
/// [`SeriesRange::parse_days`].
#[tracing::instrument(skip_all)]
pub async fn top_organizations(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    query: &TopOrganizationsQuery,
) -> ApiResult<TopOrganizations> {
    let metric = match query.metric.as_deref() {
        None => return Err(ApiError::field("metric", "required", "Choose the metric to rank by.")),
        Some(m) => UsageMetric::parse(m).ok_or_else(|| invalid_metric("metric"))?,
    };
    let limit = match query.limit.as_deref() {
        None => DEFAULT_TOP_ORGANIZATIONS,
        Some(l) => l.parse::<u32>().ok().filter(|l| (1..=MAX_TOP_ORGANIZATIONS).contains(l)).ok_or_else(|| {
            ApiError::field("limit", "out_of_range", format!("Use a limit from 1 to {MAX_TOP_ORGANIZATIONS}."))
        })?,
    };
    let range = SeriesRange::parse_days(query.from.as_deref(), query.to.as_deref(), now.date_naive())?;
    use daily_rollup::Column as C;
    let ranked: Vec<(Uuid, i64, i64)> = daily_rollup::Entity::find()
        .select_only()
        .column(C::OrgId)
        .column_as(sum_of("quantity_milli"), "quantity")
        .column_as(sum_of("events"), "events")
        .filter(C::Metric.eq(metric.as_str()))
        .filter(C::Day.gte(range.from))
        .filter(C::Day.lte(range.to))
        .group_by(C::OrgId)
        .order_by(sum_of("quantity_milli"), Order::Desc)
        .order_by(C::OrgId, Order::Asc)
        .limit(u64::from(limit))
        .into_tuple()
        .all(db)
        .await?;
    let ids: Vec<Uuid> = ranked.iter().map(|(id, ..)| *id).collect();
    let ids = &ids;
    let orgs: HashMap<Uuid, organization::Model> = organization::Entity::find()
        .filter(organization::Column::Id.is_in(ids.iter().copied()))
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.id, o))
        .collect();
    let days: Vec<(Uuid, NaiveDate, i64)> = daily_rollup::Entity::find()
        .select_only()
        .columns([C::OrgId, C::Day, C::QuantityMilli])
        .filter(C::OrgId.is_in(ids.iter().copied()))
        .filter(C::Metric.eq(metric.as_str()))
        .filter(C::Day.gte(trailing_start(range.from)))
        .filter(C::Day.lte(range.to))
        .into_tuple()
        .all(db)
        .await?;
    let mut per_org: HashMap<Uuid, BTreeMap<NaiveDate, Quantity>> = HashMap::new();
    for (org, day, milli) in days {
        per_org.entry(org).or_default().insert(day, Quantity::from_milli(milli).unwrap_or_default());
    }
    let first: HashMap<(Uuid, UsageMetric), NaiveDate> = first_days(db, ids, &[metric]).await?;
    let organizations = ranked
        .into_iter()
        .filter_map(|(id, quantity, events)| {
            let org = orgs.get(&id)?;
            let since = first.get(&(id, metric)).copied();
            let anomaly = per_org.get(&id).is_some_and(|d| !anomalies(d, since, range.from, range.to).is_empty());
            Some(TopOrganization {
                organization: org.summary(),
                quantity: Quantity::from_milli(quantity).unwrap_or_default(),
                events,
                anomaly,
            })
        })
        .collect();
    Ok(TopOrganizations { metric, from: range.from, to: range.to, organizations })
}

/// One organization's series, as its members see it, with the anomalous days of the range.
///
/// Errors: `NotFound` (no such organization), `Validation` (see [`SeriesRequest::parse`]).
#[tracing::instrument(skip_all, fields(org = %org_id))]
pub async fn organization_usage(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    org_id: Uuid,
    query: &UsageSeriesQuery,
) -> ApiResult<OrganizationUsage> {
    let org = organization::Entity::find_by_id(org_id).one(db).await?.ok_or(ApiError::NotFound)?;
    let request = SeriesRequest::parse(query, now.date_naive())?;
    let series = series::series(db, org.id, now, &request).await?;
    let (from, to) = (request.range.from, request.range.to);
    let rows = rollup_days(db, org.id, &request.metrics, trailing_start(from), to).await?;
    let mut per_metric: BTreeMap<UsageMetric, BTreeMap<NaiveDate, Quantity>> = BTreeMap::new();
    for (metric, day, quantity, _) in rows {
        per_metric.entry(metric).or_default().insert(day, quantity);
    }
    let first = first_days(db, &[org.id], &request.metrics).await?;
    let mut found = Vec::new();
    for (metric, days) in &per_metric {
        let since = first.get(&(org.id, *metric)).copied();
        found.extend(anomalies(days, since, from, to).into_iter().map(|(day, quantity, trailing_average)| {
            UsageAnomaly { metric: *metric, day, quantity, trailing_average }
        }));
    }
    found.sort_by_key(|a| (a.day, a.metric));
    Ok(OrganizationUsage { organization: org.summary(), series, anomalies: found })
}

/// The first day each organization reported each metric on.
async fn first_days(
    db: &impl ConnectionTrait,
    orgs: &[Uuid],
    metrics: &[UsageMetric],
) -> ApiResult<HashMap<(Uuid, UsageMetric), NaiveDate>> {
    use daily_rollup::Column as C;
    let rows: Vec<(Uuid, String, NaiveDate)> = daily_rollup::Entity::find()
        .select_only()
        .column(C::OrgId)
        .column(C::Metric)
        .column_as(C::Day.min(), "first_day")
        .filter(C::OrgId.is_in(orgs.iter().copied()))
        .filter(C::Metric.is_in(metrics.iter().map(|m| m.as_str())))
        .group_by(C::OrgId)
        .group_by(C::Metric)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().filter_map(|(org, metric, day)| Some(((org, UsageMetric::parse(&metric)?), day))).collect())
}

/// The first day whose quantity a day of the range is compared with.
fn trailing_start(from: NaiveDate) -> NaiveDate {
    from.checked_sub_days(Days::new(ANOMALY_TRAILING_DAYS.unsigned_abs())).unwrap_or(NaiveDate::MIN)
}

/// The days from `from` to `to` whose quantity is more than [`ANOMALY_FACTOR`] times the average
/// of the [`ANOMALY_TRAILING_DAYS`] days before: `(day, quantity, trailing average)`. Days
/// without a row count as zero; a day is compared once the organization has reported the metric
/// (`since`, its first day) for that many days before it, and not after that many days without
/// usage.
pub fn anomalies(
    days: &BTreeMap<NaiveDate, Quantity>,
    since: Option<NaiveDate>,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<(NaiveDate, Quantity, Quantity)> {
    let mut out = Vec::new();
    for (day, quantity) in days.range(from..=to) {
        if since.is_none_or(|first| first > trailing_start(*day)) {
            continue;
        }
        let trailing: i128 = days.range(trailing_start(*day)..*day).map(|(_, q)| i128::from(q.milli())).sum();
        if trailing > 0
            && i128::from(quantity.milli()) * i128::from(ANOMALY_TRAILING_DAYS) > i128::from(ANOMALY_FACTOR) * trailing
        {
            let n = i128::from(ANOMALY_TRAILING_DAYS);
            let average = (2 * trailing + n) / (2 * n);
            let average = Quantity::from_milli(i64::try_from(average).unwrap_or(i64::MAX)).unwrap_or_default();
            out.push((*day, *quantity, average));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn q(units: i64) -> Quantity {
        Quantity::from_milli(units * 1_000).unwrap_or_default()
    }

    #[test]
    fn a_day_over_three_times_its_trailing_week_is_an_anomaly() {
        let mut days: BTreeMap<NaiveDate, Quantity> = BTreeMap::new();
        for day in 1..=7 {
            days.insert(d(&format!("2031-03-{day:02}")), q(10));
        }
        days.insert(d("2031-03-08"), q(30));
        days.insert(d("2031-03-09"), q(31));
        // 03-08: trailing 70/7 = 10, 30 is not more than 3 × 10. 03-09: trailing 6×10+30 = 90,
        // average 12.857; 31 is not more than 38.571. 03-20: 11 days later, nothing to compare with.
        days.insert(d("2031-03-20"), q(100));
        let since = Some(d("2031-03-01"));
        assert!(anomalies(&days, since, d("2031-03-01"), d("2031-03-31")).is_empty());
        days.insert(d("2031-03-10"), q(200));
        let found = anomalies(&days, since, d("2031-03-01"), d("2031-03-31"));
        let average = Quantity::from_milli(15_857).unwrap_or_default();
        assert_eq!(found, [(d("2031-03-10"), q(200), average)], "(5×10 + 30 + 31) / 7 = 15.857");
        assert!(anomalies(&days, since, d("2031-03-11"), d("2031-03-31")).is_empty(), "only days of the range");
        // 03-02 is 10 times the average of the week before (10, then zeros), but there was no
        // week before: the organization started reporting on 03-01.
        days.insert(d("2031-03-02"), q(100));
        assert_eq!(anomalies(&days, since, d("2031-03-01"), d("2031-03-09")), []);
        assert_eq!(anomalies(&days, Some(d("2031-02-20")), d("2031-03-02"), d("2031-03-02")).len(), 1);
    }
}
