//! Cutting a range of UTC days into the periods of a series: days, ISO weeks (from Monday) and
//! calendar months (from the 1st); and the one check of a series' range as queries send it.

use chrono::{Days, Months, NaiveDate};
use shared::FieldError;
use shared::dto::metrics::Granularity;
use shared::validation::{CalendarDate, FieldErrors};

use crate::error::{ApiError, ApiResult};

/// A checked range of UTC days (both ends included) and its bucket size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SeriesRange {
    /// First day.
    pub from: NaiveDate,
    /// Last day.
    pub to: NaiveDate,
    /// Bucket size.
    pub granularity: Granularity,
}

impl SeriesRange {
    /// Checks a series query (`from`, `to`, `granularity` as sent); `today` (UTC) is the default
    /// last day, and the default range the last [`Granularity::default_periods`] periods up to
    /// `to`.
    ///
    /// Errors: `Validation`: `from`/`to` `invalid_format`, `granularity` `invalid`, `from`
    /// `invalid_range` (after `to`) or `range_too_long` (over [`Granularity::max_days`]).
    pub fn parse(
        from: Option<&str>,
        to: Option<&str>,
        granularity: Option<&str>,
        today: NaiveDate,
    ) -> ApiResult<SeriesRange> {
        Self::check(from, to, granularity, today, Granularity::default_from)
    }

    /// Checks a range of days without buckets (totals, rankings): by default the month of `to`
    /// up to `to`; at most as long as a series by month.
    ///
    /// Errors: as [`SeriesRange::parse`], without `granularity`.
    pub fn parse_days(from: Option<&str>, to: Option<&str>, today: NaiveDate) -> ApiResult<SeriesRange> {
        Self::check(from, to, Some(Granularity::Month.as_str()), today, |_, to| Granularity::Month.start_of(to))
    }

    fn check(
        from: Option<&str>,
        to: Option<&str>,
        granularity: Option<&str>,
        today: NaiveDate,
        default_from: impl FnOnce(Granularity, NaiveDate) -> NaiveDate,
    ) -> ApiResult<SeriesRange> {
        let mut errors = FieldErrors::default();
        let granularity = errors.take(match granularity {
            None => Ok(Granularity::Day),
            Some(g) => Granularity::parse(g).ok_or_else(|| {
                let names: Vec<&str> = Granularity::ALL.iter().map(|g| g.as_str()).collect();
                FieldError::new("granularity", "invalid", format!("Use one of: {}.", names.join(", ")))
            }),
        });
        let from = errors.take(CalendarDate::parse("from", from));
        let to = errors.take(CalendarDate::parse("to", to));
        let (Some(granularity), Some(from), Some(to)) = (granularity, from, to) else {
            return Err(ApiError::Validation(errors.0));
        };
        let to = to.map_or(today, CalendarDate::date);
        let from = from.map_or_else(|| default_from(granularity, to), CalendarDate::date);
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
        Ok(SeriesRange { from, to, granularity })
    }

    /// The first day of the first bucket's period.
    pub fn first_start(&self) -> NaiveDate {
        self.granularity.start_of(self.from)
    }

    /// The start of every bucket's period, oldest first.
    pub fn starts(&self) -> Vec<NaiveDate> {
        starts(self.granularity, self.from, self.to)
    }

    /// Days from `from` to `to`, both included.
    pub fn days(&self) -> i64 {
        days_in(self.from, self.to)
    }
}

/// Days from `from` to `to`, both included.
fn days_in(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days() + 1
}

/// The first day of the period after the one starting `start` (`None` past the last date chrono
/// knows).
pub fn next_start(granularity: Granularity, start: NaiveDate) -> Option<NaiveDate> {
    match granularity {
        Granularity::Day => start.checked_add_days(Days::new(1)),
        Granularity::Week => start.checked_add_days(Days::new(7)),
        Granularity::Month => start.checked_add_months(Months::new(1)),
    }
}

/// The start of every period that has a day from `from` to `to` (both included), oldest first.
pub fn starts(granularity: Granularity, from: NaiveDate, to: NaiveDate) -> Vec<NaiveDate> {
    let mut out = Vec::new();
    let mut at = Some(granularity.start_of(from));
    while let Some(start) = at.filter(|s| *s <= to) {
        out.push(start);
        at = next_start(granularity, start);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_default()
    }

    #[test]
    fn periods_start_on_the_day_monday_and_the_first() {
        assert_eq!(Granularity::Day.start_of(d("2031-03-05")), d("2031-03-05"));
        assert_eq!(Granularity::Week.start_of(d("2031-03-05")), d("2031-03-03"));
        assert_eq!(Granularity::Week.start_of(d("2031-03-03")), d("2031-03-03"));
        assert_eq!(Granularity::Week.start_of(d("2031-03-09")), d("2031-03-03"), "Sunday ends the ISO week");
        assert_eq!(Granularity::Week.start_of(d("2027-01-01")), d("2026-12-28"), "across a year's end");
        assert_eq!(Granularity::Month.start_of(d("2024-02-29")), d("2024-02-01"));
        assert_eq!(next_start(Granularity::Month, d("2031-01-01")), Some(d("2031-02-01")));
        assert_eq!(next_start(Granularity::Day, NaiveDate::MAX), None);
        assert_eq!(Granularity::Day.back(d("2031-03-01"), 1), Some(d("2031-02-28")));
        assert_eq!(Granularity::Week.back(d("2031-03-03"), 2), Some(d("2031-02-17")));
        assert_eq!(Granularity::Month.back(d("2031-03-01"), 12), Some(d("2030-03-01")));
        assert_eq!(Granularity::Day.back(NaiveDate::MIN, 1), None);
    }

    fn parse(from: Option<&str>, to: Option<&str>, g: Option<&str>, today: NaiveDate) -> ApiResult<SeriesRange> {
        SeriesRange::parse(from, to, g, today)
    }

    fn codes(r: ApiResult<SeriesRange>) -> Vec<(String, String)> {
        match r {
            Err(ApiError::Validation(errors)) => errors.into_iter().map(|e| (e.field, e.code)).collect(),
            other => vec![("unexpected".into(), format!("{other:?}"))],
        }
    }

    #[test]
    fn defaults_are_the_last_30_days_12_weeks_or_12_months() {
        let r = parse(None, None, None, d("2031-06-30")).ok();
        assert_eq!(r, Some(SeriesRange { from: d("2031-06-01"), to: d("2031-06-30"), granularity: Granularity::Day }));
        // 2031-03-01 is a Saturday: its week starts on 2031-02-24.
        let r = parse(None, Some("2031-03-01"), Some("week"), d("2031-06-30")).ok();
        assert_eq!(r.map(|r| (r.from, r.granularity)), Some((d("2030-12-09"), Granularity::Week)));
        let r = parse(None, Some("2031-03-15"), Some("month"), d("2031-06-30")).ok();
        assert_eq!(r.map(|r| r.from), Some(d("2030-04-01")));
        let r = parse(Some("2031-01-01"), None, None, d("2031-06-30")).ok();
        assert_eq!(r.map(|r| (r.from, r.to)), Some((d("2031-01-01"), d("2031-06-30"))), "181 days by day");
        let r = SeriesRange::parse_days(None, Some("2031-03-15"), d("2031-06-30")).ok();
        assert_eq!(r.map(|r| (r.from, r.to)), Some((d("2031-03-01"), d("2031-03-15"))), "the month to date");
        assert_eq!(
            codes(SeriesRange::parse_days(Some("2030-01-01"), Some("2035-01-02"), d("2031-06-30"))),
            [("from".to_owned(), "range_too_long".to_owned())]
        );
    }

    #[test]
    fn refusals_name_their_field_and_rule() {
        let today = d("2031-06-30");
        let field = |f: &str, c: &str| vec![(f.to_owned(), c.to_owned())];
        assert_eq!(codes(parse(Some("2031-6-1"), None, None, today)), field("from", "invalid_format"));
        assert_eq!(codes(parse(None, Some("2031-02-29"), None, today)), field("to", "invalid_format"));
        assert_eq!(codes(parse(None, None, Some("hour"), today)), field("granularity", "invalid"));
        assert_eq!(codes(parse(None, None, Some(""), today)), field("granularity", "invalid"));
        assert_eq!(
            codes(parse(Some("x"), Some("y"), Some("Day"), today)),
            [("granularity", "invalid"), ("from", "invalid_format"), ("to", "invalid_format")]
                .map(|(f, c)| (f.to_owned(), c.to_owned()))
        );
        assert_eq!(codes(parse(Some("2031-07-01"), None, None, today)), field("from", "invalid_range"));
        let by_day = |from, to| parse(Some(from), Some(to), None, today);
        assert!(by_day("2031-01-01", "2032-01-01").is_ok(), "366 days");
        assert_eq!(codes(by_day("2031-01-01", "2032-01-02")), field("from", "range_too_long"));
        let by = |g, from, to| parse(Some(from), Some(to), Some(g), today);
        assert!(by("week", "2030-01-01", "2035-01-01").is_ok(), "1,827 days");
        assert_eq!(codes(by("week", "2030-01-01", "2035-01-02")), field("from", "range_too_long"));
        assert!(by("month", "2030-01-01", "2035-01-01").is_ok());
        assert_eq!(codes(by("month", "2030-01-01", "2035-01-02")), field("from", "range_too_long"));
        assert!(by("month", "9995-01-01", "9999-12-31").is_ok(), "the last dates");
        assert!(by("day", "0000-01-01", "0000-12-31").is_ok(), "the first dates");
    }

    #[test]
    fn starts_cover_the_range_without_gaps() {
        assert_eq!(
            starts(Granularity::Day, d("2031-02-27"), d("2031-03-01")),
            [d("2031-02-27"), d("2031-02-28"), d("2031-03-01")]
        );
        assert_eq!(
            starts(Granularity::Week, d("2031-03-05"), d("2031-03-17")),
            [d("2031-03-03"), d("2031-03-10"), d("2031-03-17")]
        );
        assert_eq!(
            starts(Granularity::Month, d("2031-01-31"), d("2031-03-01")),
            [d("2031-01-01"), d("2031-02-01"), d("2031-03-01")]
        );
        assert_eq!(starts(Granularity::Day, d("2031-03-01"), d("2031-03-01")), [d("2031-03-01")]);
        assert_eq!(
            starts(Granularity::Week, NaiveDate::MAX, NaiveDate::MAX).len(),
            1,
            "no overflow at the end of time"
        );
    }
}
