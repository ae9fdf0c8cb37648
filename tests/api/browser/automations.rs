//! Automations in the browser: an owner requests one, the staff move it and plan its tasks, the
//! owner moves a task across the board and writes to the team, a vendor sees only the task given
//! to them, and the staff take the lead and move the automation on from the admin portal.

use fantoccini::Locator;
use shared::dto::automations::{AutomationStatus, ChangeAutomationStatusRequest, CreateTaskRequest, Task, TaskStatus};
use shared::{OrgRole, Role};
use tests::browser::Browser;
use tests::http::expect;

use super::forget_session;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_requests_an_automation_the_staff_build_and_a_vendor_sees_only_their_task() {
    let Some(b) = Browser::start(false, 1280, 900).await else { return };
    let (owner, org) = b.app.register("Build Co").await;
    let staff = b.app.user(Role::Staff, None).await;
    let vendor = b.app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    b.open("/login?next=/dashboard/automations").await;
    b.sign_in(&owner.email).await;
    b.wait_for_heading("Automations").await;
    assert_eq!(b.loaded_bundles().await, ["automations"], "the automations have a bundle of their own");
    b.wait_for(Locator::XPath("//p[@class='empty-title' and normalize-space()='No automations yet']")).await;

    // The request.
    b.click_link("Request an automation").await;
    b.wait_for_heading("Request an automation").await;
    b.fill("Name", "Order sync").await;
    b.fill("What it should do", "Copy each new order to the CRM.").await;
    b.click_button("Send request").await;
    b.wait_for_heading("Order sync").await;
    b.wait_for(Locator::XPath("//header//span[normalize-space()='Requested']")).await;
    let url = b.client.current_url().await.unwrap_or_else(|e| panic!("{e}"));
    let id = url.path().rsplit('/').next().unwrap_or_default().to_owned();

    // The staff scope it and plan two tasks, one for the vendor.
    let admin = format!("/api/admin/automations/{id}");
    let res = b
        .app
        .post_as(
            &staff.access,
            &format!("{admin}/status"),
            &ChangeAutomationStatusRequest { status: AutomationStatus::Scoping },
        )
        .await;
    assert_eq!(res.status(), 200, "{}", res.text().await.unwrap_or_default());
    for (title, assignee) in [("Map fields", Some(vendor.user_id)), ("Write tests", None)] {
        let body = CreateTaskRequest { title: title.into(), assignee_id: assignee, ..Default::default() };
        let res = b.app.post_as(&staff.access, &format!("{admin}/tasks"), &body).await;
        assert_eq!(res.status(), 201, "{}", res.text().await.unwrap_or_default());
    }
    b.client.refresh().await.unwrap_or_else(|e| panic!("{e}"));
    b.wait_for(Locator::XPath("//ol[@aria-label='Status changes']//p[normalize-space()='Requested → Scoping']")).await;
    assert!(b.accessibility_violations().await.is_empty(), "the overview is accessible");

    // The board: a task moves from one column to another.
    b.click_link("Tasks").await;
    b.wait_for_query("tab=tasks").await;
    b.wait_for(Locator::XPath("//section[@aria-label='To do']//a[normalize-space()='Write tests']")).await;
    b.click_when_ready(Locator::XPath("//select[@aria-label='Move Write tests to']/option[@value='in_progress']"))
        .await;
    b.wait_for(Locator::XPath("//section[@aria-label='In progress']//a[normalize-space()='Write tests']")).await;
    let tasks: shared::dto::common::Page<Task> =
        expect(b.app.get_as(&owner.access, &format!("/api/dashboard/automations/{id}/tasks")).await, 200).await;
    let moved = tasks.items.iter().find(|t| t.title == "Write tests").unwrap_or_else(|| panic!("{tasks:?}"));
    assert_eq!(moved.status, TaskStatus::InProgress);
    assert!(b.accessibility_violations().await.is_empty(), "the board is accessible");
    b.click_link("List").await;
    b.wait_for(Locator::XPath(
        "//table//tr[td/a[normalize-space()='Write tests']]/td/span[normalize-space()='In progress']",
    ))
    .await;

    // A message to the team, its link a link.
    b.click_link("Messages").await;
    b.fill("New message", "Plan: https://example.com/plan").await;
    b.click_button("Post").await;
    b.wait_for(Locator::XPath("//li[@class='post']//a[@href='https://example.com/plan']")).await;

    // The vendor: the automation with their task only, and no messages.
    forget_session(&b).await;
    b.sign_in(&vendor.email).await;
    b.wait_for_heading("Overview").await;
    b.open("/dashboard/my-tasks").await;
    b.wait_for_heading("My tasks").await;
    b.click_link("Map fields").await;
    b.wait_for_heading("Order sync").await;
    b.wait_for(Locator::XPath("//section[@aria-label='To do']//a[normalize-space()='Map fields']")).await;
    assert!(
        b.client.find_all(Locator::XPath("//a[normalize-space()='Write tests']")).await.unwrap_or_default().is_empty(),
        "a vendor sees only the tasks given to them"
    );
    assert!(
        b.client
            .find_all(Locator::XPath("//a[@role='tab' and normalize-space()='Messages']"))
            .await
            .unwrap_or_default()
            .is_empty(),
        "a vendor sees no messages"
    );

    // The staff, in the admin portal: the lead, then the next status.
    forget_session(&b).await;
    b.sign_in(&staff.email).await;
    b.open("/admin/automations").await;
    b.wait_for_heading("Automations").await;
    assert_eq!(b.loaded_bundles().await, ["delivery"], "the staff's automations have a bundle of their own");
    b.wait_for(Locator::XPath("//tr[td[normalize-space()='Build Co']]/td/span[normalize-space()='Scoping']")).await;
    b.click_link("Order sync").await;
    b.wait_for_heading("Order sync").await;
    b.click_button("Take the lead").await;
    b.wait_for(Locator::XPath("//button[normalize-space()='Give up the lead']")).await;
    b.click_when_ready(Locator::XPath("//select[@id='automation-move']/option[@value='building']")).await;
    b.click_button("Change status").await;
    b.wait_for(Locator::XPath("//header//span[normalize-space()='Building']")).await;
    b.click_link("Messages").await;
    b.wait_for(Locator::XPath("//li[@class='post']//a[@href='https://example.com/plan']")).await;
    assert!(b.accessibility_violations().await.is_empty(), "the staff's automation page is accessible");
    b.close().await;
}
