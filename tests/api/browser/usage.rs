//! The client portal's usage page: the demo organization's charts and totals as the API counts
//! them, both CSV exports, and the usage dashboard flag turned off for the organization taking
//! the page away.

use fantoccini::Locator;
use shared::dto::common::Page;
use shared::dto::flags::FeatureFlag;
use shared::dto::organizations::Organization;
use shared::dto::usage::series::UsageSeries;
use tests::browser::Browser;
use tests::http::expect;

/// Keeps what the page hands the browser to save: `URL.createObjectURL` records each file.
const CAPTURE_DOWNLOADS: &str = r#"
    window.savedFiles = [];
    const make = URL.createObjectURL.bind(URL);
    URL.createObjectURL = (blob) => { window.savedFiles.push(blob); return make(blob); };
"#;

/// The text of the `n`th file the page saved, once it has saved it.
const SAVED_FILE: &str = r#"
    const [n, done] = arguments;
    const read = () => window.savedFiles.length > n
        ? window.savedFiles[n].text().then(done)
        : setTimeout(read, 50);
    read();
"#;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_customer_reads_and_exports_usage_until_the_flag_goes_off() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    b.open("/login").await;
    b.sign_in("owner@acme.example").await;
    b.wait_for_heading("Overview").await;
    b.click_link("Usage").await;
    b.wait_for_heading("Usage").await;
    assert_eq!(b.loaded_bundles().await, ["usage"], "the usage charts have a bundle of their own");

    // A chart per metric, and totals as the API counts them.
    let owner = b.app.login("owner@acme.example").await;
    let series: UsageSeries = expect(b.app.get_as(&owner.access, "/api/dashboard/usage").await, 200).await;
    assert_eq!(series.metrics.len(), 4);
    let calls = series.metrics.iter().find(|m| m.metric.as_str() == "api_calls").map(|m| m.total.milli());
    assert!(calls.is_some_and(|c| c > 0), "the demo reports API calls: {series:?}");
    let shown = b.wait_for(Locator::Id("usage-total-api_calls")).await.text().await.unwrap_or_default();
    let expected = format!("{} calls", grouped(calls.unwrap_or_default() / 1000));
    assert_eq!(shown, expected);
    let charts = b.client.find_all(Locator::Css("figure.chart")).await.map(|c| c.len()).unwrap_or(0);
    assert_eq!(charts, 4, "one chart per metric");

    // By week, the page reads the weekly series.
    b.click_link("12 weeks").await;
    b.wait_for_query("period=12w").await;
    b.wait_for(Locator::XPath("//figure[contains(@aria-label, 'per week, last 12 weeks')]")).await;

    // Both exports hand the browser a CSV file with its header row.
    b.client.execute(CAPTURE_DOWNLOADS, vec![]).await.unwrap_or_else(|e| panic!("{e}"));
    b.click_button("Export series (CSV)").await;
    let csv = saved_file(&b, 0).await;
    assert!(csv.starts_with("metric,unit,period_start,quantity,events\r\n"), "{csv}");
    assert!(csv.contains("\r\napi_calls,"), "{csv}");
    b.click_button("Export events (CSV)").await;
    let csv = saved_file(&b, 1).await;
    let header = csv.lines().next().unwrap_or_default();
    assert!(header.contains("event_id") && header.contains("metric"), "{csv}");
    assert!(csv.lines().count() > 100, "the demo's events: {} lines", csv.lines().count());

    // The operator turns the usage dashboard off for Acme: the page and its entry go.
    let admin = b.app.admin().await;
    let flags: Page<FeatureFlag> =
        expect(b.app.get_as(&admin.access, "/api/admin/feature-flags?q=usage.dashboard").await, 200).await;
    let flag = flags.items.iter().find(|f| f.key == "usage.dashboard").map(|f| f.id).expect("the demo's flag");
    let acme: Organization = expect(b.app.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    b.app.set_flag_override(&admin, flag, acme.id, false).await;
    b.client.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//p[normalize-space()='Usage is not on for your organization']")).await;
    let entries = b.client.find_all(Locator::XPath("//nav//a[normalize-space()='Usage']")).await.map(|l| l.len());
    assert_eq!(entries.unwrap_or(1), 0, "no sidebar entry while the flag is off");
    b.close().await;
}

async fn saved_file(b: &Browser, n: usize) -> String {
    let text = b.client.execute_async(SAVED_FILE, vec![n.into()]).await.unwrap_or_else(|e| panic!("{e}"));
    text.as_str().unwrap_or_default().to_owned()
}

fn grouped(n: i64) -> String {
    shared::group_thousands(&n.to_string())
}
