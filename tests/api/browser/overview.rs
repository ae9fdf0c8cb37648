//! The admin overview: figures and charts of signups, from the server's clock.

use chrono::{Duration, NaiveDate};
use fantoccini::Locator;
use fantoccini::key::Key;
use shared::Role;
use tests::browser::Browser;
use tests::fixtures::unique_email;

/// A bucket's label in the charts' tooltip and table: `3 Nov 2026`.
fn label(day: NaiveDate) -> String {
    day.format("%-d %b %Y").to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_overview_charts_signups_against_the_period_before() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    // One organization 35 days before "today", two 3 days before, one today.
    let start = b.app.now();
    b.app.create_org("Earlier Co").await;
    b.app.create_org_at("Three Days One", start + Duration::days(32)).await;
    b.app.create_org("Three Days Two").await;
    b.app.create_org_at("Today Co", start + Duration::days(35)).await;
    let today = b.app.now().date_naive();
    let email = unique_email("staff");
    b.app.create_user(Role::Staff, &email).await;

    b.open("/login?next=/admin").await;
    b.sign_in(&email).await;
    b.wait_for_heading("Overview").await;
    assert_eq!(b.loaded_bundles().await, ["insights"]);
    let text = async |css: &str| b.wait_for(Locator::Css(css)).await.text().await.unwrap_or_default();
    assert_eq!(text("#stat-organizations").await, "4");
    assert_eq!(text("#stat-signups").await, "3");
    assert_eq!(text(".stat-change").await, "+200% vs the 30 days before");

    // A bar per day of the last 30, and the table screen readers read.
    b.wait_for(Locator::XPath("//h2[normalize-space()='Signups per day']")).await;
    let bars = b.client.find_all(Locator::Css("figure.chart rect.bar")).await.unwrap_or_default();
    assert_eq!(bars.len(), 30);
    let three_days_ago = label(today - Duration::days(3));
    b.wait_for(Locator::XPath(&format!(
        "//table[starts-with(caption, 'Signups per day')]//tr[th[normalize-space()='{three_days_ago}']]/td[normalize-space()='2']"
    )))
    .await;

    // The keyboard moves the tooltip from bucket to bucket.
    let chart = b.wait_for(Locator::Css("figure.chart")).await;
    chart.send_keys(&Key::End.to_string()).await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath(&format!(
        "//div[@class='chart-tooltip' and p[normalize-space()='{}'] and .//li[normalize-space()='Signups: 1']]",
        label(today)
    )))
    .await;
    let left = format!("{}{}{}", Key::Left, Key::Left, Key::Left);
    chart.send_keys(&left).await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath(&format!(
        "//div[@class='chart-tooltip' and p[normalize-space()='{three_days_ago}'] and .//li[normalize-space()='Signups: 2']]"
    )))
    .await;

    // The running totals against the 30 days before, with a legend.
    let legend = b.wait_for(Locator::Css("ul.chart-legend")).await.text().await.unwrap_or_default();
    assert_eq!(legend.lines().collect::<Vec<_>>(), ["This period", "The 30 days before"]);

    // Twelve weeks, in the address.
    b.click_link("12 weeks").await;
    b.wait_for_query("period=12w").await;
    b.wait_for(Locator::XPath("//h2[normalize-space()='Signups per week']")).await;
    let bars = b.client.find_all(Locator::Css("figure.chart rect.bar")).await.unwrap_or_default();
    assert_eq!(bars.len(), 12);
    assert_eq!(text("#stat-signups").await, "4", "all four within the last 12 weeks");
    b.close().await;
}
