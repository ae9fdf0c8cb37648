//! The usage series: buckets without gaps by day, week and month from the rollups, the current
//! period, the metrics asked for, and who may read it.

use chrono::{Duration, NaiveDate};
use shared::Quantity;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::series::UsageSeries;
use shared::{OrgRole, Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::fixtures::usage::{batch, event};
use tests::http::{expect_problem, problem_fields};
use tests::{TestApp, db_test};

use super::at;

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

fn q(text: &str) -> Quantity {
    Quantity::parse_json_number(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

/// One metric's buckets as `(start, quantity, events)`.
fn buckets(series: &UsageSeries, metric: UsageMetric) -> Vec<(String, String, i64)> {
    let m = series.metrics.iter().find(|m| m.metric == metric).unwrap_or_else(|| panic!("no {metric} in {series:?}"));
    m.buckets.iter().map(|b| (b.start.to_string(), b.quantity.to_string(), b.events)).collect()
}

fn rows(rows: &[(&str, &str, i64)]) -> Vec<(String, String, i64)> {
    rows.iter().map(|(d, q, n)| ((*d).to_owned(), (*q).to_owned(), *n)).collect()
}

async fn series_by_day_week_and_month(app: TestApp) {
    // 2031-03-10 is a Monday.
    app.travel_to(at("2031-03-12T12:00:00Z"));
    let admin = app.admin().await;
    let (owner, org) = app.register_confirmed("Acme").await;
    let key = app.issue_ingest_key(&admin, org).await.key;
    let events = vec![
        event("feb", "api_calls", "4", at("2031-02-27T10:00:00Z")),
        event("sun", "api_calls", "1.5", at("2031-03-09T23:59:59Z")),
        event("mon-1", "api_calls", "2", at("2031-03-10T00:00:00Z")),
        event("mon-2", "api_calls", "0.25", at("2031-03-10T18:00:00Z")),
        event("wed", "api_calls", "10", at("2031-03-12T11:00:00Z")),
        event("mail", "emails_sent", "7", at("2031-03-11T09:00:00Z")),
    ];
    assert_eq!(app.ingest(&key, &batch(events)).await.accepted, 6);

    let by_day = app.usage_series(&owner.access, "metric=api_calls&from=2031-03-08&to=2031-03-12").await;
    assert_eq!((by_day.from, by_day.to), (day("2031-03-08"), day("2031-03-12")));
    assert_eq!(by_day.metrics.len(), 1, "only the metric asked for");
    assert_eq!(
        buckets(&by_day, UsageMetric::ApiCalls),
        rows(&[
            ("2031-03-08", "0", 0),
            ("2031-03-09", "1.5", 1),
            ("2031-03-10", "2.25", 2),
            ("2031-03-11", "0", 0),
            ("2031-03-12", "10", 1),
        ]),
        "UTC days, midnight belongs to the day it starts, empty days included"
    );
    let api = &by_day.metrics[0];
    assert_eq!((api.total, api.events), (q("13.75"), 4));
    assert_eq!((api.current_period.start, api.current_period.end), (day("2031-03-01"), day("2031-04-01")));
    assert_eq!(api.current_period.quantity, q("13.75"), "the calendar month so far, whatever the range");

    let by_week = app.usage_series(&owner.access, "from=2031-02-25&to=2031-03-12&granularity=week").await;
    assert_eq!(
        by_week.metrics.iter().map(|m| m.metric).collect::<Vec<_>>(),
        UsageMetric::ALL.to_vec(),
        "every metric by default, in the catalogue's order"
    );
    assert_eq!(
        buckets(&by_week, UsageMetric::ApiCalls),
        rows(&[("2031-02-24", "4", 1), ("2031-03-03", "1.5", 1), ("2031-03-10", "12.25", 3)])
    );
    assert_eq!(buckets(&by_week, UsageMetric::EmailsSent)[2], ("2031-03-10".to_owned(), "7".to_owned(), 1));
    assert_eq!(buckets(&by_week, UsageMetric::StorageGbHours).iter().map(|b| b.2).sum::<i64>(), 0);

    let by_month = app.usage_series(&owner.access, "metric=api_calls,emails_sent&granularity=month").await;
    assert_eq!(by_month.metrics.len(), 2);
    let api = buckets(&by_month, UsageMetric::ApiCalls);
    assert_eq!(api.len(), 12, "the last 12 months by default");
    assert_eq!(api[10..], rows(&[("2031-02-01", "4", 1), ("2031-03-01", "13.75", 4)]));
    let default = app.usage_series(&owner.access, "").await;
    assert_eq!((default.from, default.to), (app.now().date_naive() - Duration::days(29), app.now().date_naive()));

    for (query, field, code) in [
        ("metric=bananas", "metric", "invalid"),
        ("metric=api_calls,", "metric", "invalid"),
        ("granularity=hour", "granularity", "invalid"),
        ("from=2031-3-1", "from", "invalid_format"),
        ("from=2031-03-12&to=2031-03-01", "from", "invalid_range"),
        ("from=2030-01-01&to=2031-03-01", "from", "range_too_long"),
    ] {
        let res = app.get_as(&owner.access, &format!("/api/dashboard/usage?{query}")).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), [field], "{query}");
        assert_eq!(problem.errors[0].code, code, "{query}");
    }
}

async fn members_read_usage_and_vendors_do_not(app: TestApp) {
    let (owner, org) = app.register_confirmed("Acme").await;
    let (_, other) = app.register_confirmed("Other").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    for token in [&owner.access, &member.access] {
        app.usage_series(token, "").await;
    }
    let reader = app.create_api_key(&owner, &key_request("Reader", &[Permission::UsageRead])).await.key;
    app.usage_series(&reader, "granularity=week").await;
    let org_only = app.create_api_key(&owner, &key_request("Org", &[Permission::OrgRead])).await.key;
    for path in [
        "/api/dashboard/usage",
        "/api/dashboard/usage-events",
        "/api/dashboard/usage-events/export.csv",
        "/api/dashboard/usage/export.csv",
    ] {
        expect_problem(app.get_as(&vendor.access, path).await, 403, "forbidden").await;
        expect_problem(app.get_as(&org_only, path).await, 403, "forbidden").await;
        let res = app.call(reqwest::Method::GET, path).bearer(&member.access).org(other).send().await;
        expect_problem(res, 404, "not_found").await;
    }
    // Another organization's usage is not found from the operator's side either when it does not exist.
    let admin = app.admin().await;
    let nobody = uuid::Uuid::now_v7();
    let res = app.get_as(&admin.access, &format!("/api/admin/usage/organizations/{nobody}")).await;
    expect_problem(res, 404, "not_found").await;
}

db_test!(series_by_day_week_and_month, members_read_usage_and_vendors_do_not);
