//! Signups (organizations created) per day, ISO week or month over a range of UTC days, with the
//! total of as many periods just before it.

use std::collections::BTreeMap;

use anyhow::anyhow;
use chrono::{DateTime, Datelike, Days, NaiveDate, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseBackend, EntityTrait, QueryFilter, QuerySelect};
use shared::FieldError;
use shared::dto::metrics::{Granularity, SignupBucket, SignupSeries, SignupsQuery};
use shared::validation::{CalendarDate, FieldErrors};

use crate::entities::organizations::organization;
use crate::error::{ApiError, ApiResult};
use crate::services::metrics::periods;

/// A checked query: the range (both ends included) and the bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignupRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Bucket size.
    pub granularity: Granularity,
}

impl SignupRange {
    /// Checks a query; `today` (UTC) is the default last day, and the default range the last
    /// [`Granularity::default_periods`] periods up to `to`.
    ///
    /// Errors: `Validation`: `from`/`to` `invalid_format`, `granularity` `invalid`, `from`
    /// `invalid_range` (after `to`) or `range_too_long` (over [`Granularity::max_days`]).
    pub fn parse(query: &SignupsQuery, today: NaiveDate) -> ApiResult<SignupRange> {
        let mut errors = FieldErrors::default();
        let granularity = errors.take(match query.granularity.as_deref() {
            None => Ok(Granularity::Day),
            Some(g) => Granularity::parse(g).ok_or_else(|| {
                let names: Vec<&str> = Granularity::ALL.iter().map(|g| g.as_str()).collect();
                FieldError::new("granularity", "invalid", format!("Use one of: {}.", names.join(", ")))
            }),
        });
        let from = errors.take(CalendarDate::parse("from", query.from.as_deref()));
        let to = errors.take(CalendarDate::parse("to", query.to.as_deref()));
        let (Some(granularity), Some(from), Some(to)) = (granularity, from, to) else {
            return Err(ApiError::Validation(errors.0));
        };
        let to = to.map_or(today, CalendarDate::date);
        let default_from = || {
            let last = periods::start_of(granularity, to);
            granularity.back(last, granularity.default_periods() - 1).unwrap_or(last)
        };
        let from = from.map_or_else(default_from, CalendarDate::date);
        if from > to {
            return Err(ApiError::field("from", "invalid_range", format!("Start on or before {to} (to).")));
        }
        let max = granularity.max_days();
        if days_in(from, to) > max {
            return Err(ApiError::field(
                "from",
                "range_too_long",
                format!(
                    "By {granularity}, a range covers at most {max} days; choose a later from or a longer granularity."
                ),
            ));
        }
        Ok(SignupRange { from, to, granularity })
    }

    /// The first day of the first bucket's period.
    fn first_start(&self) -> NaiveDate {
        periods::start_of(self.granularity, self.from)
    }

    /// The first day of the previous periods: as many as there are buckets, just before the
    /// first bucket's.
    fn previous_from(&self) -> NaiveDate {
        let n = u32::try_from(periods::starts(self.granularity, self.from, self.to).len()).unwrap_or(u32::MAX);
        self.granularity.back(self.first_start(), n).unwrap_or(NaiveDate::MIN)
    }
}

/// Days from `from` to `to`, both included.
fn days_in(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
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
/// Errors: `Validation` (see [`SignupRange::parse`]).
#[tracing::instrument(skip_all)]
pub async fn series(db: &impl ConnectionTrait, now: DateTime<Utc>, query: &SignupsQuery) -> ApiResult<SignupSeries> {
    let range = SignupRange::parse(query, now.date_naive())?;
    let SignupRange { from, to, granularity } = range;
    let (previous_from, first_start) = (range.previous_from(), range.first_start());
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

    let mut buckets: BTreeMap<NaiveDate, i64> =
        periods::starts(granularity, from, to).into_iter().map(|start| (start, 0)).collect();
    let (mut total, mut previous_total) = (0, 0);
    for (day, n) in per_day {
        let day = shared::time::parse_date(&day)
            .ok_or_else(|| ApiError::Internal(anyhow!("the database gave {day:?} as a creation day")))?;
        if day < first_start {
            previous_total += n;
        } else if day >= from && day <= to {
            total += n;
            *buckets.entry(periods::start_of(granularity, day)).or_default() += n;
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
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    fn query(from: Option<&str>, to: Option<&str>, granularity: Option<&str>) -> SignupsQuery {
        SignupsQuery {
            from: from.map(str::to_owned),
            to: to.map(str::to_owned),
            granularity: granularity.map(str::to_owned),
        }
    }

    fn codes(r: ApiResult<SignupRange>) -> Vec<(String, String)> {
        match r {
            Err(ApiError::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
            other => vec![("unexpected".into(), format!("{other:?}"))],
        }
    }

    #[test]
    fn defaults_are_the_last_30_days_12_weeks_or_12_months() {
        let r = SignupRange::parse(&SignupsQuery::default(), d("2031-06-30")).ok();
        assert_eq!(r, Some(SignupRange { from: d("2031-06-01"), to: d("2031-06-30"), granularity: Granularity::Day }));
        // 2031-03-01 is a Saturday: its week starts on 2031-02-24.
        let r = SignupRange::parse(&query(None, Some("2031-03-01"), Some("week")), d("2031-06-30")).ok();
        assert_eq!(r.map(|r| (r.from, r.granularity)), Some((d("2030-12-09"), Granularity::Week)));
        let r = SignupRange::parse(&query(None, Some("2031-03-15"), Some("month")), d("2031-06-30")).ok();
        assert_eq!(r.map(|r| r.from), Some(d("2030-04-01")));
        let r = SignupRange::parse(&query(Some("2031-01-01"), None, None), d("2031-06-30")).ok();
        assert_eq!(r.map(|r| (r.from, r.to)), Some((d("2031-01-01"), d("2031-06-30"))), "181 days by day");
    }

    #[test]
    fn the_previous_periods_are_as_many_as_the_buckets() {
        let r = SignupRange { from: d("2031-03-01"), to: d("2031-03-31"), granularity: Granularity::Day };
        assert_eq!(r.previous_from(), d("2031-01-29"));
        let r = SignupRange { from: d("2031-03-05"), to: d("2031-03-05"), granularity: Granularity::Day };
        assert_eq!(r.previous_from(), d("2031-03-04"));
        // Three weeks from the Monday of 2031-03-05, and the three before.
        let r = SignupRange { from: d("2031-03-05"), to: d("2031-03-20"), granularity: Granularity::Week };
        assert_eq!((r.first_start(), r.previous_from()), (d("2031-03-03"), d("2031-02-10")));
        let r = SignupRange { from: d("2031-02-15"), to: d("2031-04-30"), granularity: Granularity::Month };
        assert_eq!(r.previous_from(), d("2030-11-01"));
    }

    #[test]
    fn refusals_name_their_field_and_rule() {
        let today = d("2031-06-30");
        let field = |f: &str, c: &str| vec![(f.to_owned(), c.to_owned())];
        assert_eq!(
            codes(SignupRange::parse(&query(Some("2031-6-1"), None, None), today)),
            field("from", "invalid_format")
        );
        assert_eq!(
            codes(SignupRange::parse(&query(None, Some("2031-02-29"), None), today)),
            field("to", "invalid_format")
        );
        assert_eq!(codes(SignupRange::parse(&query(None, None, Some("hour")), today)), field("granularity", "invalid"));
        assert_eq!(codes(SignupRange::parse(&query(None, None, Some("")), today)), field("granularity", "invalid"));
        assert_eq!(
            codes(SignupRange::parse(&query(Some("x"), Some("y"), Some("Day")), today)),
            [("granularity", "invalid"), ("from", "invalid_format"), ("to", "invalid_format")]
                .map(|(f, c)| (f.to_owned(), c.to_owned()))
        );
        assert_eq!(
            codes(SignupRange::parse(&query(Some("2031-07-01"), None, None), today)),
            field("from", "invalid_range")
        );
        let by_day = |from, to| SignupRange::parse(&query(Some(from), Some(to), None), today);
        assert!(by_day("2031-01-01", "2032-01-01").is_ok(), "366 days");
        assert_eq!(codes(by_day("2031-01-01", "2032-01-02")), field("from", "range_too_long"));
        let by = |g, from, to| SignupRange::parse(&query(Some(from), Some(to), Some(g)), today);
        assert!(by("week", "2030-01-01", "2035-01-01").is_ok(), "1,827 days");
        assert_eq!(codes(by("week", "2030-01-01", "2035-01-02")), field("from", "range_too_long"));
        assert!(by("month", "2030-01-01", "2035-01-01").is_ok());
        assert_eq!(codes(by("month", "2030-01-01", "2035-01-02")), field("from", "range_too_long"));
        assert!(by("month", "9995-01-01", "9999-12-31").is_ok(), "the last dates");
        assert!(by("day", "0000-01-01", "0000-12-31").is_ok(), "the first dates");
    }
}
