//! Signups (organizations created) per day, ISO week or month over a range of UTC days, with the
//! total of as many periods just before it.

use std::collections::BTreeMap;

use anyhow::anyhow;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QuerySelect};
use shared::dto::metrics::{SignupBucket, SignupSeries, SignupsQuery};

use crate::entities::organizations::organization;
use crate::error::{ApiError, ApiResult};
use crate::services::metrics::periods::SeriesRange;

/// The first day of the previous periods of a range: as many as it has buckets, just before the
/// first bucket's.
fn previous_from(range: &SeriesRange) -> NaiveDate {
    let n = u32::try_from(range.starts().len()).unwrap_or(u32::MAX);
    range.granularity.back(range.first_start(), n).unwrap_or(NaiveDate::MIN)
}

/// The UTC day of a row's `created_at` as `YYYY-MM-DD` text, in this database's dialect.
fn created_day(backend: DatabaseBackend) -> Expr {
    match backend {
        DatabaseBackend::Postgres => Expr::cust("to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')"),
        // SQLite keeps `created_at` as RFC 3339 text; `date` reads it, offset included, as UTC.
        _ => Expr::cust("date(created_at)"),
    }
}

/// Midnight (UTC) starting `day`.
fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(chrono::NaiveTime::MIN).and_utc()
}

/// Signups per bucket from `from` to `to`, and the previous periods' total: one grouped query
/// (signups per UTC day over both), folded into the buckets here. Days between the first
/// bucket's start and `from` count in neither.
///
/// Errors: `Validation` (see [`SeriesRange::parse`]).
#[tracing::instrument(skip_all)]
pub async fn series(db: &impl ConnectionTrait, now: DateTime<Utc>, query: &SignupsQuery) -> ApiResult<SignupSeries> {
    let range =
        SeriesRange::parse(query.from.as_deref(), query.to.as_deref(), query.granularity.as_deref(), now.date_naive())?;
    let SeriesRange { from, to, granularity } = range;
    let (previous_from, first_start) = (previous_from(&range), range.first_start());
    let day = created_day(db.get_database_backend());
    let mut select = organization::Entity::find()
        .select_only()
        .column_as(day.clone(), "day")
        .column_as(organization::Column::Id.count(), "n")
        .filter(organization::Column::CreatedAt.gte(midnight(previous_from)));
    // No bound after the year 9999: SQLite compares timestamps as text, and `+10000-…` sorts first.
    if let Some(end) = to.checked_add_days(Days::new(1)).filter(|d| d.year() <= 9999) {
        select = select.filter(organization::Column::CreatedAt.lt(midnight(end)));
    }
    let per_day: Vec<(String, i64)> = select.group_by(day).into_tuple().all(db).await?;

    let mut buckets: BTreeMap<NaiveDate, i64> = range.starts().into_iter().map(|start| (start, 0)).collect();
    let (mut total, mut previous_total) = (0, 0);
    for (day, n) in per_day {
        let day = shared::time::parse_date(&day)
            .ok_or_else(|| ApiError::Internal(anyhow!("the database gave {day:?} as a creation day")))?;
        if day < first_start {
            previous_total += n;
        } else if day >= from && day <= to {
            total += n;
            *buckets.entry(granularity.start_of(day)).or_default() += n;
        }
    }
    Ok(SignupSeries {
        granularity,
        from,
        to,
        buckets: buckets.into_iter().map(|(start, count)| SignupBucket { start, count }).collect(),
        total,
        previous_total,
    })
}

#[cfg(test)]
mod tests {
    use shared::dto::metrics::Granularity;

    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn the_previous_periods_are_as_many_as_the_buckets() {
        let r = SeriesRange { from: d("2031-03-01"), to: d("2031-03-31"), granularity: Granularity::Day };
        assert_eq!(previous_from(&r), d("2031-01-29"));
        let r = SeriesRange { from: d("2031-03-05"), to: d("2031-03-05"), granularity: Granularity::Day };
        assert_eq!(previous_from(&r), d("2031-03-04"));
        // Three weeks from the Monday of 2031-03-05, and the three before.
        let r = SeriesRange { from: d("2031-03-05"), to: d("2031-03-20"), granularity: Granularity::Week };
        assert_eq!((r.first_start(), previous_from(&r)), (d("2031-03-03"), d("2031-02-10")));
        let r = SeriesRange { from: d("2031-02-15"), to: d("2031-04-30"), granularity: Granularity::Month };
        assert_eq!(previous_from(&r), d("2030-11-01"));
    }
}
