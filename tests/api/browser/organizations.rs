//! The operator's organization list and detail.

use fantoccini::Locator;
use tests::browser::Browser;
use tests::http::expect_problem;

use super::demo_admin_enrolled;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_admin_suspends_and_reactivates_an_organization() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    demo_admin_enrolled(&b).await;
    b.wait_for_heading("Overview").await;
    b.click_link("Organizations").await;
    b.wait_for_heading("Organizations").await;
    b.fill("Search", "acme").await;
    b.wait_for(Locator::XPath("//td[contains(., 'acme-corporation')]")).await;
    b.click_link("Acme Corporation").await;
    b.wait_for_heading("Acme Corporation").await;
    b.click_button("Suspend").await;
    b.wait_for(Locator::XPath("//dialog[@open]//h2[normalize-space()='Suspend Acme Corporation?']")).await;
    b.fill("Reason (optional, recorded in the audit log)", "Card declined").await;
    // Suspending asks for the organization's name first.
    let confirm = b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await;
    assert!(!confirm.is_enabled().await.unwrap_or(true), "confirm waits for the name");
    let typed = b.wait_for(Locator::Id("confirm-text")).await;
    typed.send_keys("Acme").await.unwrap_or_else(|e| panic!("{e}"));
    assert!(!confirm.is_enabled().await.unwrap_or(true), "a part of the name is not the name");
    typed.send_keys(" Corporation").await.unwrap_or_else(|e| panic!("{e}"));
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]:enabled")).await;
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Suspended']")).await;
    b.wait_for(Locator::XPath("//dd[normalize-space()='Card declined']")).await;

    // The organization's owner is locked out now.
    let owner = b.app.login("owner@acme.example").await;
    expect_problem(b.app.get_as(&owner.access, "/api/dashboard/organization").await, 403, "org_suspended").await;

    b.click_button("Reactivate").await;
    b.click_when_ready(Locator::Css("dialog[open] button[name=confirm]")).await;
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Active']")).await;
    let res = b.app.get_as(&owner.access, "/api/dashboard/organization").await;
    assert_eq!(res.status(), 200);

    // The activity tab, in the address: both changes, newest first, with the reason.
    b.click_when_ready(Locator::XPath("//a[@role='tab' and normalize-space()='Activity']")).await;
    b.wait_for_query("tab=activity").await;
    let first = b.wait_for(Locator::Css("ol.timeline li:first-child .timeline-what")).await;
    assert_eq!(first.text().await.unwrap_or_default(), "admin.organization.reactivate");
    b.wait_for(Locator::XPath("//ol[@class='timeline']/li[.//p[normalize-space()='admin.organization.suspend']]//p[normalize-space()='Reason: Card declined']")).await;
    b.client.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//a[@role='tab' and @aria-selected='true' and normalize-space()='Activity']")).await;
    b.client.back().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//a[@role='tab' and @aria-selected='true' and normalize-space()='Details']")).await;

    b.click_link("Audit log").await;
    b.wait_for_heading("Audit log").await;
    b.wait_for(Locator::XPath("//code[normalize-space()='admin.organization.suspend']")).await;
    b.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_list_keeps_its_filters_in_the_address() {
    let Some(b) = Browser::start(true, 1280, 900).await else { return };
    demo_admin_enrolled(&b).await;
    b.open("/admin/organizations").await;
    b.wait_for(Locator::XPath("//a[normalize-space()='Acme Corporation']")).await;
    b.fill("Search", "acme").await;
    b.wait_for_query("q=acme").await;
    let status = b.field("Status").await;
    status.select_by_value("suspended").await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_query("q=acme&status=suspended").await;
    let none = Locator::XPath("//p[@class='empty-title' and normalize-space()='No organizations match']");
    b.wait_for(none).await;
    // A reload keeps the filters, and back undoes the last one.
    b.client.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(none).await;
    assert_eq!(b.field("Search").await.prop("value").await.ok().flatten().as_deref(), Some("acme"));
    b.client.back().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_query("q=acme").await;
    b.wait_for(Locator::XPath("//a[normalize-space()='Acme Corporation']")).await;
    // Sorting is in the address too.
    b.wait_for(Locator::XPath("//th//button[starts-with(normalize-space(), 'Name')]"))
        .await
        .click()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    b.wait_for_query("q=acme&sort=name").await;
    b.click_button("Clear filters").await;
    b.wait_for_path("/admin/organizations").await;
    b.wait_for_query("").await;
    b.close().await;
}
