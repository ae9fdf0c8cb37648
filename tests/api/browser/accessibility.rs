//! The axe-core audit of every page.

use fantoccini::Locator;
use tests::browser::Browser;

use super::enrol_in_browser;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_an_accessibility_audit() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    let mut report = Vec::new();
    let mut audit = async |b: &Browser, page: &str| {
        for v in b.accessibility_violations().await {
            report.push(format!("{page}: {v}"));
        }
    };
    b.open("/").await;
    b.wait_for_heading("Run your customers on one secure platform").await;
    audit(&b, "home").await;
    b.open("/signup").await;
    b.wait_for_heading("Create your organization").await;
    audit(&b, "sign up").await;
    b.open("/forgot-password").await;
    b.wait_for_heading("Reset your password").await;
    audit(&b, "forgot password").await;
    b.open("/login").await;
    b.wait_for_heading("Sign in").await;
    audit(&b, "sign in").await;
    b.sign_in("owner@acme.example").await;
    b.wait_for(Locator::XPath("//td[normalize-space()='Max Member']")).await;
    audit(&b, "client overview").await;
    b.click_link("Organization").await;
    b.wait_for_heading("Organization settings").await;
    audit(&b, "organization settings").await;
    b.click_link("Sessions").await;
    b.wait_for(Locator::XPath("//span[normalize-space()='This session']")).await;
    audit(&b, "sessions").await;
    b.click_link("API keys").await;
    b.wait_for_heading("API keys").await;
    b.fill("Name", "Audit key").await;
    b.click_button("Create key").await;
    b.wait_for(Locator::Id("new-api-key")).await;
    audit(&b, "api keys").await;
    b.click_when_ready(Locator::Css("details.user-menu summary")).await;
    b.click_button("Sign out").await;
    b.wait_for_heading("Sign in").await;
    b.sign_in("admin@omgsystems.example").await;
    b.wait_for_heading("Set up two-factor authentication").await;
    audit(&b, "forced enrolment").await;
    enrol_in_browser(&b).await;
    b.wait_for(Locator::Css("figure.chart svg rect.bar")).await;
    audit(&b, "admin overview").await;
    b.click_link("Organizations").await;
    b.wait_for(Locator::XPath("//a[normalize-space()='Acme Corporation']")).await;
    audit(&b, "admin organizations").await;
    b.click_link("Security").await;
    b.wait_for_heading("Security").await;
    audit(&b, "security").await;
    b.click_link("Organizations").await;
    b.click_link("Acme Corporation").await;
    b.wait_for_heading("Acme Corporation").await;
    b.click_link("Activity").await;
    b.wait_for(Locator::Css("ol.timeline")).await;
    audit(&b, "organization activity").await;
    b.click_button("Suspend").await;
    b.wait_for(Locator::Id("confirm-text")).await;
    audit(&b, "suspend dialog").await;
    b.open("/admin/audit").await;
    b.wait_for(Locator::XPath("//code[normalize-space()='auth.login']")).await;
    audit(&b, "audit log").await;
    b.click_link("Feature flags").await;
    b.wait_for_heading("Feature flags").await;
    b.fill("Key", "audit.flag").await;
    b.click_button("Create flag").await;
    b.wait_for(Locator::Id("flag-rollout")).await;
    audit(&b, "feature flag").await;
    b.click_link("Users").await;
    b.click_link("Max Member").await;
    b.wait_for(Locator::Id("user-role")).await;
    audit(&b, "user").await;
    b.close().await;
    assert!(report.is_empty(), "accessibility violations:\n{}", report.join("\n"));
}
