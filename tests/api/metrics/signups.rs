//! Signups per day, ISO week and month: buckets without gaps, totals, the previous period, the
//! defaults, every refusal, and who may ask.

use chrono::{DateTime, NaiveDate, Utc};
use shared::Role;
use shared::dto::metrics::{Granularity, SignupSeries};
use tests::http::{expect_json, expect_problem, problem_fields};
use tests::{TestApp, db_test};

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.to_utc()).unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

/// The buckets as `(start, count)`.
fn buckets(series: &SignupSeries) -> Vec<(String, i64)> {
    series.buckets.iter().map(|b| (b.start.to_string(), b.count)).collect()
}

fn expected(rows: &[(&str, i64)]) -> Vec<(String, i64)> {
    rows.iter().map(|(d, n)| ((*d).to_owned(), *n)).collect()
}

async fn signups_per_day_week_and_month(app: TestApp) {
    // 2031-03-03 is a Monday.
    for (name, when) in [
        ("Before everything", "2031-02-10T12:00:00Z"),
        ("Late February", "2031-02-26T08:00:00Z"),
        ("Monday midnight", "2031-03-03T00:00:00Z"),
        ("Monday morning", "2031-03-03T10:00:00Z"),
        ("Wednesday late", "2031-03-05T23:59:59Z"),
        ("Thursday midnight", "2031-03-06T00:00:00Z"),
        ("Third Monday", "2031-03-17T09:00:00Z"),
        ("April", "2031-04-02T15:00:00Z"),
    ] {
        app.create_org_at(name, at(when)).await;
    }
    app.travel_to(at("2031-04-03T09:00:00Z"));
    let admin = app.admin().await;

    let by_day = app.signups(&admin, "from=2031-03-03&to=2031-03-09&granularity=day").await;
    assert_eq!(by_day.granularity, Granularity::Day);
    assert_eq!((by_day.from, by_day.to), (day("2031-03-03"), day("2031-03-09")));
    assert_eq!(
        buckets(&by_day),
        expected(&[
            ("2031-03-03", 2),
            ("2031-03-04", 0),
            ("2031-03-05", 1),
            ("2031-03-06", 1),
            ("2031-03-07", 0),
            ("2031-03-08", 0),
            ("2031-03-09", 0),
        ]),
        "UTC days, midnight belongs to the day it starts, empty days included"
    );
    assert_eq!(by_day.total, 4);
    assert_eq!(by_day.previous_total, 1, "the seven days before: 2031-02-24 to 2031-03-02");

    // A range starting on a Wednesday: the first bucket is that week's Monday, and counts only
    // the days from `from` on.
    let by_week = app.signups(&admin, "from=2031-03-05&to=2031-03-20&granularity=week").await;
    assert_eq!(buckets(&by_week), expected(&[("2031-03-03", 2), ("2031-03-10", 0), ("2031-03-17", 1)]));
    assert_eq!(by_week.total, 3);
    assert_eq!(by_week.previous_total, 2, "the three weeks before the first bucket's: 2031-02-10 to 2031-03-02");

    let by_month = app.signups(&admin, "from=2031-02-15&to=2031-04-30&granularity=month").await;
    assert_eq!(buckets(&by_month), expected(&[("2031-02-01", 1), ("2031-03-01", 5), ("2031-04-01", 1)]));
    assert_eq!(by_month.total, 7);
    assert_eq!(by_month.previous_total, 0, "the three months before February: 2030-11-01 to 2031-01-31");

    let half_year = app.signups(&admin, "from=2031-01-01&to=2031-06-30&granularity=month").await;
    assert_eq!(
        buckets(&half_year),
        expected(&[
            ("2031-01-01", 0),
            ("2031-02-01", 2),
            ("2031-03-01", 5),
            ("2031-04-01", 1),
            ("2031-05-01", 0),
            ("2031-06-01", 0),
        ]),
        "empty months included, the future too"
    );
    assert_eq!((half_year.total, half_year.previous_total), (8, 0));
    assert_eq!(half_year.buckets.iter().map(|b| b.count).sum::<i64>(), half_year.total);

    let quiet = app.signups(&admin, "from=2031-05-01&to=2031-05-03").await;
    assert_eq!(buckets(&quiet), expected(&[("2031-05-01", 0), ("2031-05-02", 0), ("2031-05-03", 0)]));
    assert_eq!((quiet.total, quiet.previous_total), (0, 0));

    // The wire format: dates as `YYYY-MM-DD`.
    let raw = expect_json(
        app.get_as(&admin.access, "/api/admin/metrics/signups?from=2031-03-03&to=2031-03-04&granularity=week").await,
        200,
    )
    .await;
    assert_eq!(
        raw,
        serde_json::json!({
            "granularity": "week",
            "from": "2031-03-03",
            "to": "2031-03-04",
            "buckets": [{"start": "2031-03-03", "count": 2}],
            "total": 2,
            "previous_total": 1,
        })
    );
}

async fn signups_default_to_the_last_30_days_12_weeks_or_12_months(app: TestApp) {
    app.create_org_at("Thirty days ago", at("2031-05-31T10:00:00Z")).await;
    app.create_org_at("First day", at("2031-06-01T00:00:00Z")).await;
    app.create_org_at("Today", at("2031-06-30T23:00:00Z")).await;
    let admin = app.admin().await;

    let series = app.signups(&admin, "").await;
    assert_eq!(series.granularity, Granularity::Day);
    assert_eq!((series.from, series.to), (day("2031-06-01"), day("2031-06-30")), "30 days to today (UTC)");
    assert_eq!(series.buckets.len(), 30);
    assert_eq!(series.buckets.first().map(|b| (b.start, b.count)), Some((day("2031-06-01"), 1)));
    assert_eq!(series.buckets.last().map(|b| (b.start, b.count)), Some((day("2031-06-30"), 1)));
    assert_eq!((series.total, series.previous_total), (2, 1));

    // 2031-06-30 is a Monday: the last twelve weeks start on 2031-04-14.
    let by_week = app.signups(&admin, "granularity=week").await;
    assert_eq!((by_week.from, by_week.to, by_week.buckets.len()), (day("2031-04-14"), day("2031-06-30"), 12));
    assert_eq!(by_week.buckets.iter().rev().take(6).map(|b| b.count).collect::<Vec<_>>(), [1, 0, 0, 0, 0, 2]);
    assert_eq!((by_week.total, by_week.previous_total), (3, 0));
    let by_month = app.signups(&admin, "granularity=month").await;
    assert_eq!((by_month.from, by_month.buckets.len()), (day("2030-07-01"), 12));
    assert_eq!(buckets(&by_month)[10..], expected(&[("2031-05-01", 1), ("2031-06-01", 2)]));
    let to_only = app.signups(&admin, "to=2031-06-15").await;
    assert_eq!((to_only.from, to_only.to), (day("2031-05-17"), day("2031-06-15")));
    assert_eq!((to_only.total, to_only.previous_total), (2, 0));
    let from_only = app.signups(&admin, "from=2031-05-31").await;
    assert_eq!((from_only.from, from_only.to), (day("2031-05-31"), day("2031-06-30")));
    assert_eq!((from_only.total, from_only.buckets.len()), (3, 31));
}

async fn refusals_name_the_field_and_the_rule(app: TestApp) {
    app.travel_to(at("2031-06-30T12:00:00Z"));
    let admin = app.admin().await;
    let refused = async |query: &str| {
        let res = app.get_as(&admin.access, &format!("/api/admin/metrics/signups?{query}")).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        problem.errors.iter().map(|e| format!("{}:{}", e.field, e.code)).collect::<Vec<_>>().join(" ")
    };
    for (query, errors) in [
        ("from=2031-6-01", "from:invalid_format"),
        ("from=", "from:invalid_format"),
        ("from=2031-02-29", "from:invalid_format"),
        ("from=2031-06-01T00:00:00Z", "from:invalid_format"),
        ("to=yesterday", "to:invalid_format"),
        ("to=%FF", "to:invalid_format"),
        ("granularity=hour", "granularity:invalid"),
        ("granularity=Day", "granularity:invalid"),
        ("granularity=", "granularity:invalid"),
        ("from=x&to=y&granularity=year", "granularity:invalid from:invalid_format to:invalid_format"),
        ("from=2031-03-02&to=2031-03-01", "from:invalid_range"),
        ("from=2031-07-01", "from:invalid_range"),
        ("from=2031-01-01&to=2032-01-02", "from:range_too_long"),
        ("from=2030-01-01&to=2035-01-02&granularity=week", "from:range_too_long"),
        ("from=2030-01-01&to=2035-01-02&granularity=month", "from:range_too_long"),
    ] {
        assert_eq!(refused(query).await, errors, "{query}");
    }
    // The longest ranges are accepted: 366 days by day, 1,827 by week or month.
    let year = app.signups(&admin, "from=2031-01-01&to=2032-01-01").await;
    assert_eq!(year.buckets.len(), 366);
    let weeks = app.signups(&admin, "from=2030-01-01&to=2035-01-01&granularity=week").await;
    assert_eq!(weeks.buckets.first().map(|b| b.start), Some(day("2029-12-31")), "the Monday of 2030-01-01");
    let months = app.signups(&admin, "from=2030-01-01&to=2035-01-01&granularity=month").await;
    assert_eq!(months.buckets.len(), 61);
    // The ends of the calendar are dates like any other.
    let first = app.signups(&admin, "from=0000-01-01&to=0000-12-31&granularity=month").await;
    assert_eq!((first.buckets.len(), first.total), (12, 0));
    let last = app.signups(&admin, "from=9995-01-01&to=9999-12-31&granularity=week").await;
    assert_eq!((last.buckets.last().map(|b| b.start), last.total), (Some(day("9999-12-27")), 0));
    // A parameter sent twice is refused as a query, not answered with an error of the server.
    let res = app.get_as(&admin.access, "/api/admin/metrics/signups?from=2031-01-01&from=2031-01-02").await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem_fields(&problem), ["query"]);
}

async fn operators_may_read_metrics_and_customers_may_not(app: TestApp) {
    let (owner, org) = app.register("Customer Co").await;
    let client = app.user(Role::Client, Some((org, shared::OrgRole::Member))).await;
    let staff = app.user(Role::Staff, None).await;
    for path in ["/api/admin/metrics/signups", "/api/admin/metrics/organizations"] {
        expect_problem(app.call(reqwest::Method::GET, path).send().await, 401, "unauthenticated").await;
        expect_problem(app.get_as(&owner.access, path).await, 403, "forbidden").await;
        expect_problem(app.get_as(&client.access, path).await, 403, "forbidden").await;
    }
    let series = app.signups(&staff, "granularity=week").await;
    assert_eq!(series.total, 1, "the customer's sign-up");
    let counts = app.organization_counts(&staff).await;
    assert_eq!((counts.total, counts.active), (1, 1));
}

db_test!(
    signups_per_day_week_and_month,
    signups_default_to_the_last_30_days_12_weeks_or_12_months,
    refusals_name_the_field_and_the_rule,
    operators_may_read_metrics_and_customers_may_not
);
