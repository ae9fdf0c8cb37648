//! The operator's usage monitoring: an ingest key issued in the page reports an organization's
//! usage, which the totals, the ranking and the organization's charts then show; revoked, the
//! key reports nothing more.

use chrono::{Duration, NaiveDate};
use fantoccini::Locator;
use shared::Role;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::ingest::{IngestUsageRequest, IngestUsageResponse, UsageEventInput};
use shared::quantity::Quantity;
use tests::browser::Browser;
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem};

use super::enrol_in_browser;

/// A bucket's label in the charts' table and the anomalies: `3 Nov 2026`.
fn label(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

/// An event of `milli` thousandths of `metric`, `days_ago` days before the server's time.
fn event(b: &Browser, id: &str, metric: UsageMetric, milli: i64, days_ago: i64) -> UsageEventInput {
    UsageEventInput {
        event_id: id.to_owned(),
        metric,
        quantity: Quantity::from_milli(milli).unwrap_or_else(|| panic!("{milli} is a quantity")),
        timestamp: b.app.now() - Duration::days(days_ago),
        properties: None,
    }
}

/// Fails with the violations axe-core finds on the page on screen.
async fn assert_accessible(b: &Browser, page: &str) {
    let violations = b.accessibility_violations().await;
    assert!(violations.is_empty(), "{page}: accessibility violations:\n{}", violations.join("\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_admin_issues_an_ingest_key_whose_usage_the_pages_show_until_revoked() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let org_id = b.app.create_org("Metered Co").await;
    b.app.create_org("Quiet Co").await;
    let email = unique_email("admin");
    b.app.create_user(Role::Admin, &email).await;
    b.open("/login?next=/admin/usage").await;
    b.sign_in(&email).await;
    enrol_in_browser(&b).await;
    b.wait_for_heading("Usage").await;
    assert_eq!(b.loaded_bundles().await, ["monitoring"], "the usage monitoring has a bundle of its own");
    let text = async |css: &str| b.wait_for(Locator::Css(css)).await.text().await.unwrap_or_default();
    assert_eq!(text("#total-api_calls").await, "0 calls");
    b.wait_for(Locator::XPath("//p[@class='empty-title' and normalize-space()='Nothing reported']")).await;

    // The organization's ingest keys, a link away from its usage page, issue a key, shown once.
    b.open(&format!("/admin/usage/{org_id}")).await;
    b.wait_for_heading("Metered Co").await;
    b.click_link("Ingest keys").await;
    b.wait_for_heading("Ingest keys of Metered Co").await;
    assert_eq!(b.loaded_bundles().await, ["ingest"], "the ingest keys have a bundle of their own");
    b.wait_for(Locator::XPath("//p[@class='empty-title' and normalize-space()='No ingest keys yet']")).await;
    b.fill("Name", "Billing meter").await;
    b.click_button("New ingest key").await;
    let key = b.wait_for(Locator::Id("new-ingest-key")).await.text().await.unwrap_or_default();
    assert!(key.starts_with("omgi_"), "{key}");
    b.wait_for(Locator::XPath("//tr[td[normalize-space()='Billing meter']]/td[normalize-space()='Never']")).await;

    // A week of 10 calls a day, then 100 today (an anomaly), and 2.5 emails today.
    let mut events: Vec<_> =
        (1..=7).map(|d| event(&b, &format!("calls-{d}"), UsageMetric::ApiCalls, 10_000, d)).collect();
    events.push(event(&b, "calls-0", UsageMetric::ApiCalls, 100_000, 0));
    events.push(event(&b, "emails-0", UsageMetric::EmailsSent, 2_500, 0));
    let today = b.app.now().date_naive();
    let res = b.app.post_as(&key, "/api/dashboard/usage-events", &IngestUsageRequest { events: events.clone() }).await;
    let answer: IngestUsageResponse = expect(res, 200).await;
    assert_eq!((answer.accepted, answer.duplicates, answer.refused), (9, 0, 0));

    // The key's last use, and where from.
    b.client.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//tr[td[normalize-space()='Billing meter']]/td/div[starts-with(., 'From ')]")).await;
    assert_accessible(&b, "ingest keys").await;

    // The usage page, a link back, shows it in its charts and anomalies.
    b.click_link("Usage of this organization").await;
    b.wait_for_heading("Metered Co").await;
    assert_eq!(text("#usage-total-api_calls").await, "170 calls");
    assert_eq!(text("#usage-total-emails_sent").await, "2.5 emails");
    b.wait_for(Locator::XPath(&format!(
        "//table[starts-with(caption, 'API calls per day')]//tr[th[normalize-space()='{}']]/td[normalize-space()='100']",
        label(today)
    )))
    .await;
    b.wait_for(Locator::XPath(&format!(
        "//tr[td[1][normalize-space()='{}'] and td[2][normalize-space()='API calls'] and td[3][normalize-space()='100 calls'] and td[4][normalize-space()='10 calls']]",
        label(today)
    )))
    .await;
    assert_accessible(&b, "organization usage").await;

    // The totals and the ranking, flagged; the organization without usage is not in it.
    b.click_link("Usage").await;
    b.wait_for_heading("Usage").await;
    assert_eq!(text("#total-api_calls").await, "170 calls");
    assert_eq!(text("#total-emails_sent").await, "2.5 emails");
    b.wait_for(Locator::XPath("//p[normalize-space()='8 events · 1 organization reporting']")).await;
    let ranked = "//tr[td/a[normalize-space()='Metered Co'] and td[normalize-space()='170 calls'] and td[normalize-space()='8']]";
    b.wait_for(Locator::XPath(&format!("{ranked}/td/span[normalize-space()='Anomaly']"))).await;
    let rows = b.client.find_all(Locator::Css("table.table tbody tr")).await.unwrap_or_default();
    assert_eq!(rows.len(), 1, "only Metered Co reported");
    assert_accessible(&b, "usage monitoring").await;

    // Another metric, then another period, in the address.
    b.click_link("Emails sent").await;
    b.wait_for_query("period=30d&metric=emails_sent").await;
    b.wait_for(Locator::XPath("//h2[normalize-space()='Top organizations: Emails sent']")).await;
    b.wait_for(Locator::XPath("//tr[td/a[normalize-space()='Metered Co'] and td[normalize-space()='2.5 emails']]"))
        .await;
    assert!(
        b.client.find_all(Locator::XPath("//span[normalize-space()='Anomaly']")).await.unwrap_or_default().is_empty(),
        "a first day of usage is no anomaly"
    );
    b.click_link("12 weeks").await;
    b.wait_for_query("period=12w").await;
    b.wait_for(Locator::XPath("//tr[td/a[normalize-space()='Metered Co'] and td[normalize-space()='170 calls']]"))
        .await;

    // The organization's page by week; its key revoked reports nothing more.
    b.click_link("Metered Co").await;
    b.wait_for_heading("Metered Co").await;
    b.wait_for_query("period=12w").await;
    b.wait_for(Locator::XPath("//table[starts-with(caption, 'API calls per week')]")).await;
    b.click_link("Ingest keys").await;
    b.wait_for_heading("Ingest keys of Metered Co").await;
    b.click_when_ready(Locator::Css("button[aria-label='Revoke Billing meter']")).await;
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
    b.wait_for(Locator::XPath("//tr[td[normalize-space()='Billing meter']]/td/span[normalize-space()='Revoked']"))
        .await;
    let res = b.app.post_as(&key, "/api/dashboard/usage-events", &IngestUsageRequest { events }).await;
    expect_problem(res, 401, "invalid_token").await;
    b.close().await;
}
