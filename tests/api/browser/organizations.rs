//! The operator's organization list and detail.

use fantoccini::Locator;
use fantoccini::key::Key;
use shared::{OrgRole, Role};
use tests::browser::Browser;
use tests::fixtures::unique_email;
use tests::http::expect_problem;

use super::{client_owner, demo_admin_enrolled, enrol_in_browser};

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
    b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Suspended']")).await;
    b.wait_for(Locator::XPath("//dd[normalize-space()='Card declined']")).await;

    // The organization's owner is locked out now.
    let owner = b.app.login("owner@acme.example").await;
    expect_problem(b.app.get_as(&owner.access, "/api/dashboard/organization").await, 403, "org_suspended").await;

    b.click_button("Reactivate").await;
    b.wait_for(Locator::Css("dialog[open] button[name=confirm]")).await.click().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//dd/span[normalize-space()='Active']")).await;
    let res = b.app.get_as(&owner.access, "/api/dashboard/organization").await;
    assert_eq!(res.status(), 200);

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
