//! The operator's metrics (`/api/admin/metrics`): signups over time, organizations by status.

use chrono::NaiveDate;
use shared::dto::metrics::{Granularity, OrganizationCounts, SignupSeries};

use super::{Get, with_query};

/// `GET /api/admin/metrics/signups`: signups from `from` to `to` (both included) per bucket.
pub fn signups(from: NaiveDate, to: NaiveDate, granularity: Granularity) -> Get<SignupSeries> {
    let (from, to) = (from.to_string(), to.to_string());
    let params =
        [("from", Some(from.as_str())), ("to", Some(to.as_str())), ("granularity", Some(granularity.as_str()))];
    Get::new(with_query("/api/admin/metrics/signups", &params))
}

/// `GET /api/admin/metrics/signups` over the server's default range for `granularity` (the last
/// 30 days, 12 weeks or 12 months).
pub fn recent_signups(granularity: Granularity) -> Get<SignupSeries> {
    Get::new(with_query("/api/admin/metrics/signups", &[("granularity", Some(granularity.as_str()))]))
}

/// `GET /api/admin/metrics/organizations`: organizations by status.
pub fn organizations() -> Get<OrganizationCounts> {
    Get::new("/api/admin/metrics/organizations".to_owned())
}
