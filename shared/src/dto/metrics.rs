//! The operator's metrics: signups over time and organizations by status (the admin overview).

use chrono::{Datelike, Days, Months, NaiveDate};
use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// How a time series is cut into buckets; buckets are UTC days.
    pub enum Granularity {
        /// One bucket per day.
        Day = "day",
        /// One bucket per ISO week, from Monday.
        Week = "week",
        /// One bucket per calendar month, from the 1st.
        Month = "month",
    }
}

impl Granularity {
    /// The longest range (in days, both ends included) a series of this granularity covers:
    /// 366 by day, 1,827 (five years) by week or month.
    pub fn max_days(self) -> i64 {
        match self {
            Granularity::Day => 366,
            Granularity::Week | Granularity::Month => 1827,
        }
    }

    /// The first day of the period that contains `day`: the day itself, its ISO week's Monday,
    /// or the 1st of its month.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => day
                .checked_sub_days(Days::new(u64::from(day.weekday().num_days_from_monday())))
                .unwrap_or(NaiveDate::MIN),
            Granularity::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of a series' range when the query names no `from`: the start of the
    /// [`Granularity::default_periods`]-th period back, counting the one that holds `to`.
    pub fn default_from(self, to: NaiveDate) -> NaiveDate {
        let last = self.start_of(to);
        self.back(last, self.default_periods() - 1).unwrap_or(last)
    }

    /// The first day of the period `n` periods before the one starting `start` (`None` before the
    /// first date chrono knows).
    pub fn back(self, start: NaiveDate, n: u32) -> Option<NaiveDate> {
        match self {
            Granularity::Day => start.checked_sub_days(Days::new(u64::from(n))),
            Granularity::Week => start.checked_sub_days(Days::new(7 * u64::from(n))),
            Granularity::Month => start.checked_sub_months(Months::new(n)),
        }
    }

    /// How many periods a series covers when the query names no `from`: the last 30 days, 12
    /// weeks or 12 months, the last of them the one that holds `to`.
    pub fn default_periods(self) -> u32 {
        match self {
            Granularity::Day => 30,
            Granularity::Week | Granularity::Month => 12,
        }
    }
}

/// Query of `GET /api/admin/metrics/signups`. Sent as text and checked by the server, so that a
/// bad value is refused on its own field.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct SignupsQuery {
    /// First day, included (`YYYY-MM-DD`, UTC). Default: the last 30 days, 12 weeks or 12 months
    /// up to `to` (by day, week or month): 29 days before `to`, the Monday 11 weeks before the
    /// week of `to`, or the 1st 11 months before the month of `to`.
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

/// One bucket of a series.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupBucket {
    /// The first day of the bucket's period (a Monday by week, the 1st by month); the first
    /// bucket's period contains `from`, so it may start before it.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub start: NaiveDate,
    /// Organizations created in the period, counting only days from `from` to `to`.
    pub count: i64,
}

/// Signups (organizations created) from `from` to `to`, per bucket: every period of the range
/// has its bucket, those without signups too, oldest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SignupSeries {
    /// The bucket size.
    pub granularity: Granularity,
    /// First day, included (as asked, or the default).
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub from: NaiveDate,
    /// Last day, included (as asked, or the default).
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date"))]
    pub to: NaiveDate,
    /// The buckets, oldest first; their counts add up to `total`.
    pub buckets: Vec<SignupBucket>,
    /// Organizations created from `from` to `to`.
    pub total: i64,
    /// Organizations created in as many periods as there are buckets, just before the first
    /// bucket's (for a "vs the period before" figure): by day the as many days before `from`,
    /// by week or month whole weeks or months.
    pub previous_total: i64,
}

/// `GET /api/admin/metrics/organizations`: how many organizations there are, by status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationCounts {
    /// Every organization.
    pub total: i64,
    /// Organizations whose status is `active`.
    pub active: i64,
    /// Organizations whose status is `suspended`.
    pub suspended: i64,
}
