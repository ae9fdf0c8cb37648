//! The operator's usage monitoring (in the monitoring bundle, see `shared::Bundle`): totals per
//! metric across organizations with the top organizations of a metric, and one organization's
//! series and anomalies, with a link to its ingest keys (`super::ingest_keys`).

pub mod organization_page;
pub mod usage_page;

use chrono::NaiveDate;
use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};
use shared::Permission;

use self::organization_page::OrganizationUsage;
use self::usage_page::UsageMonitoring;
use crate::components::chart::Period;
use crate::components::{IconName, NavItem};

/// The sidebar entry.
pub const NAV: &[NavItem] = &[NavItem {
    path: "usage",
    label: "Usage",
    icon: IconName::ChartBar,
    needs: Some(Permission::AdminUsageRead),
    feature: None,
}];

/// `/admin/usage`, `/admin/usage/:org_id`.
#[component(transparent)]
pub fn UsageMonitoringRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("usage") view=UsageMonitoring/>
        <Route path=path!("usage/:org_id") view=OrganizationUsage/>
    }
    .into_inner()
}

/// The days `period` covers up to `today`, as the server's series count them when given no
/// `from`: the last 30 days, or the 12 ISO weeks or 12 calendar months the last of which holds
/// `today`.
pub fn period_days(period: Period, today: NaiveDate) -> (NaiveDate, NaiveDate) {
    (period.granularity().default_from(today), today)
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::{Period, period_days};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn periods_cover_the_days_the_server_defaults_to() {
        // A Wednesday.
        let today = d(2026, 11, 25);
        assert_eq!(period_days(Period::Days30, today), (d(2026, 10, 27), today));
        // The Monday of the week of today, 11 weeks back.
        assert_eq!(period_days(Period::Weeks12, today), (d(2026, 9, 7), today));
        assert_eq!(period_days(Period::Weeks12, d(2026, 11, 23)), (d(2026, 9, 7), d(2026, 11, 23)));
        // The 1st of the month of today, 11 months back, across a year.
        assert_eq!(period_days(Period::Months12, today), (d(2025, 12, 1), today));
        assert_eq!(period_days(Period::Months12, d(2026, 1, 31)), (d(2025, 2, 1), d(2026, 1, 31)));
    }
}
