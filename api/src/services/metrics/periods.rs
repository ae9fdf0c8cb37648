//! Cutting a range of UTC days into the periods of a series: days, ISO weeks (from Monday) and
//! calendar months (from the 1st).

use chrono::{Datelike, Days, Months, NaiveDate};
use shared::dto::metrics::Granularity;

/// The first day of the period of `granularity` that contains `day`.
pub fn start_of(granularity: Granularity, day: NaiveDate) -> NaiveDate {
    match granularity {
        Granularity::Day => day,
        Granularity::Week => {
            day.checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday()))).unwrap_or(NaiveDate::MIN)
        }
        Granularity::Month => day.with_day(1).unwrap_or(day),
    }
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
    let mut at = Some(start_of(granularity, from));
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
        assert_eq!(start_of(Granularity::Day, d("2031-03-05")), d("2031-03-05"));
        assert_eq!(start_of(Granularity::Week, d("2031-03-05")), d("2031-03-03"));
        assert_eq!(start_of(Granularity::Week, d("2031-03-03")), d("2031-03-03"));
        assert_eq!(start_of(Granularity::Week, d("2031-03-09")), d("2031-03-03"), "Sunday ends the ISO week");
        assert_eq!(start_of(Granularity::Week, d("2027-01-01")), d("2026-12-28"), "across a year's end");
        assert_eq!(start_of(Granularity::Month, d("2024-02-29")), d("2024-02-01"));
        assert_eq!(next_start(Granularity::Month, d("2031-01-01")), Some(d("2031-02-01")));
        assert_eq!(next_start(Granularity::Day, NaiveDate::MAX), None);
        assert_eq!(Granularity::Day.back(d("2031-03-01"), 1), Some(d("2031-02-28")));
        assert_eq!(Granularity::Week.back(d("2031-03-03"), 2), Some(d("2031-02-17")));
        assert_eq!(Granularity::Month.back(d("2031-03-01"), 12), Some(d("2030-03-01")));
        assert_eq!(Granularity::Day.back(NaiveDate::MIN, 1), None);
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
