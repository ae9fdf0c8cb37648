//! The operator's monitoring: totals per metric across organizations, the top organizations of
//! a metric with their anomaly flag, one organization's series with its anomalous days.

use chrono::{Duration, NaiveDate};
use shared::Quantity;
use shared::Role;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::admin::{OrganizationUsage, TopOrganizations, UsageTotals};
use tests::fixtures::usage::{batch, event};
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};

use super::at;

fn q(text: &str) -> Quantity {
    Quantity::parse_json_number(text).unwrap_or_else(|e| panic!("{text}: {e}"))
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap_or_else(|e| panic!("{s}: {e}"))
}

async fn totals_rankings_and_anomalies(app: TestApp) {
    app.travel_to(at("2031-03-20T12:00:00Z"));
    let admin = app.admin().await;
    let staff = app.user(Role::Staff, None).await;
    let steady = app.create_org("Steady").await;
    let spiky = app.create_org("Spiky").await;
    let quiet = app.create_org("Quiet").await;
    let steady_key = app.issue_ingest_key(&admin, steady).await.key;
    let spiky_key = app.issue_ingest_key(&staff, spiky).await.key;
    let quiet_key = app.issue_ingest_key(&staff, quiet).await.key;
    // Both report 10 a day from 03-05 to 03-11; on 03-12 Steady reports 30 (3 times its
    // average: not more) and Spiky 100.
    let daily = |prefix: &str, last: &str| {
        let mut events: Vec<_> = (5..=11)
            .map(|d| event(&format!("{prefix}-{d}"), "api_calls", "10", at(&format!("2031-03-{d:02}T09:00:00Z"))))
            .collect();
        events.push(event(&format!("{prefix}-12"), "api_calls", last, at("2031-03-12T09:00:00Z")));
        batch(events)
    };
    app.ingest(&steady_key, &daily("s", "30")).await;
    app.ingest(&spiky_key, &daily("p", "100")).await;
    app.ingest(&quiet_key, &batch(vec![event("q-1", "emails_sent", "2.5", app.now() - Duration::hours(1))])).await;

    let totals: UsageTotals = expect(app.get_as(&staff.access, "/api/admin/usage/totals").await, 200).await;
    assert_eq!((totals.from, totals.to), (day("2031-03-01"), day("2031-03-20")), "this month to date by default");
    assert_eq!(totals.metrics.iter().map(|m| m.metric).collect::<Vec<_>>(), UsageMetric::ALL.to_vec());
    let api = &totals.metrics[0];
    assert_eq!((api.quantity, api.events, api.organizations), (q("270"), 16, 2));
    let mail =
        totals.metrics.iter().find(|m| m.metric == UsageMetric::EmailsSent).map(|m| (m.quantity, m.organizations));
    assert_eq!(mail, Some((q("2.5"), 1)));
    let narrow: UsageTotals =
        expect(app.get_as(&admin.access, "/api/admin/usage/totals?from=2031-03-12&to=2031-03-12").await, 200).await;
    assert_eq!(narrow.metrics[0].quantity, q("130"));

    let top: TopOrganizations =
        expect(app.get_as(&staff.access, "/api/admin/usage/top-organizations?metric=api_calls").await, 200).await;
    let ranked: Vec<_> =
        top.organizations.iter().map(|o| (o.organization.name.as_str(), o.quantity, o.anomaly)).collect();
    assert_eq!(ranked, [("Spiky", q("170"), true), ("Steady", q("100"), false)], "largest first; Quiet sent no calls");
    let one: TopOrganizations =
        expect(app.get_as(&staff.access, "/api/admin/usage/top-organizations?metric=api_calls&limit=1").await, 200)
            .await;
    assert_eq!(one.organizations.len(), 1);
    for (query, field) in [
        ("", "metric"),
        ("metric=bananas", "metric"),
        ("metric=api_calls&limit=0", "limit"),
        ("metric=api_calls&limit=101", "limit"),
    ] {
        let res = app.get_as(&staff.access, &format!("/api/admin/usage/top-organizations?{query}")).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem.errors[0].field, field, "{query}");
    }

    let path = format!("/api/admin/usage/organizations/{spiky}?metric=api_calls&from=2031-03-01&to=2031-03-20");
    let usage: OrganizationUsage = expect(app.get_as(&staff.access, &path).await, 200).await;
    assert_eq!(usage.organization.id, spiky);
    assert_eq!(usage.series.metrics[0].total, q("170"));
    assert_eq!(usage.series.metrics[0].buckets.len(), 20);
    let found: Vec<_> = usage.anomalies.iter().map(|a| (a.metric, a.day, a.quantity, a.trailing_average)).collect();
    assert_eq!(found, [(UsageMetric::ApiCalls, day("2031-03-12"), q("100"), q("10"))]);
    let path = format!("/api/admin/usage/organizations/{steady}?metric=api_calls");
    let usage: OrganizationUsage = expect(app.get_as(&admin.access, &path).await, 200).await;
    assert!(usage.anomalies.is_empty(), "30 is not more than 3 times 10");
}

db_test!(totals_rankings_and_anomalies);
