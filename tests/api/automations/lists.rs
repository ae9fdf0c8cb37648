//! The automation lists: filters, sort and cursor pages, another organization's rows nowhere,
//! and the operator's list across organizations.

use shared::dto::automations::{AdminAutomation, Automation, AutomationStatus, ChangeAutomationStatusRequest};
use shared::dto::common::Page;
use shared::{OrgRole, Role};
use tests::fixtures::automations::{automation_path, task_request};
use tests::http::{expect, expect_problem, problem_fields};
use tests::{TestApp, db_test};

fn names(items: &[Automation]) -> Vec<&str> {
    items.iter().map(|a| a.name.as_str()).collect()
}

async fn lists_filter_sort_and_page(app: TestApp) {
    let (owner, org) = app.register_confirmed("Lists Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let staff = app.user(Role::Staff, None).await;
    for name in ["Delta report", "Alpha sync", "Charlie bot"] {
        app.create_automation(&owner, name).await;
    }
    let bravo = app.create_automation(&member, "Bravo 100%_match").await;
    let echo = app.create_automation(&owner, "Echo archive").await;
    app.staff_set_status(&staff, bravo.id, AutomationStatus::Scoping).await;
    let archive = ChangeAutomationStatusRequest { status: AutomationStatus::Archived };
    expect::<Automation>(app.post_as(&owner.access, &automation_path(echo.id, "/status"), &archive).await, 200).await;
    let (other_owner, _) = app.register_confirmed("Elsewhere").await;
    app.create_automation(&other_owner, "Alpha elsewhere").await;

    let list = |q: &str| {
        let (app, token, q) = (&app, owner.access.clone(), q.to_owned());
        async move {
            let page: Page<Automation> =
                expect(app.get_as(&token, &format!("/api/dashboard/automations?{q}")).await, 200).await;
            page.items
        }
    };
    // Default: most recently changed first, archived left out, nothing of another organization.
    assert_eq!(names(&list("").await), ["Bravo 100%_match", "Charlie bot", "Alpha sync", "Delta report"]);
    assert_eq!(names(&list("sort=name").await), ["Alpha sync", "Bravo 100%_match", "Charlie bot", "Delta report"]);
    assert_eq!(names(&list("sort=-name").await)[0], "Delta report");
    assert_eq!(names(&list("sort=created_at").await)[0], "Delta report");
    assert_eq!(names(&list("status=archived").await), ["Echo archive"]);
    assert_eq!(names(&list("status=scoping").await), ["Bravo 100%_match"]);
    assert_eq!(names(&list(&format!("owner_id={}", member.user_id)).await), ["Bravo 100%_match"]);
    assert_eq!(names(&list("q=ALPHA").await), ["Alpha sync"]);
    assert_eq!(names(&list("q=100%25_").await), ["Bravo 100%_match"], "wildcards are literal");
    assert_eq!(names(&list("q=should%20do&sort=name").await).len(), 4, "the description is searched");
    let res = app.get_as(&owner.access, "/api/dashboard/automations?status=done").await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["query"]);
    let res = app.get_as(&owner.access, "/api/dashboard/automations?sort=status").await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["sort"]);

    // Pages of two in each order give the same rows as one page.
    for sort in ["-updated_at", "updated_at", "name", "-name", "-created_at", "created_at"] {
        let whole = list(&format!("sort={sort}")).await;
        let paged = app
            .all_items::<Automation>(&owner.access, &format!("/api/dashboard/automations?sort={sort}&limit=2"))
            .await;
        assert_eq!(paged, whole, "{sort}");
    }

    // Task counts on the list.
    app.create_task(&owner, bravo.id, task_request("One", None)).await;
    let done = shared::dto::automations::CreateTaskRequest {
        status: Some(shared::dto::automations::TaskStatus::Done),
        ..task_request("Two", None)
    };
    app.create_task(&owner, bravo.id, done).await;
    let got: Automation = expect(app.get_as(&owner.access, &automation_path(bravo.id, "")).await, 200).await;
    assert_eq!((got.task_count, got.done_task_count), (2, 1));

    // The operator's list spans organizations, filtered by organization and status.
    let all: Vec<AdminAutomation> = app.all_items(&staff.access, "/api/admin/automations?sort=name&limit=2").await;
    let all_names: Vec<_> = all.iter().map(|a| a.automation.name.as_str()).collect();
    assert!(all_names.contains(&"Alpha elsewhere") && all_names.contains(&"Alpha sync"), "{all_names:?}");
    assert!(!all_names.contains(&"Echo archive"));
    let ours: Page<AdminAutomation> =
        expect(app.get_as(&staff.access, &format!("/api/admin/automations?org_id={org}&status=scoping")).await, 200)
            .await;
    assert_eq!(ours.items.iter().map(|a| a.automation.id).collect::<Vec<_>>(), [bravo.id]);
    assert_eq!(ours.items[0].organization.id, org);
}

db_test!(lists_filter_sort_and_page);

async fn another_organization_sees_nothing(app: TestApp) {
    let (owner, _) = app.register_confirmed("Mine Co").await;
    let (other, _) = app.register_confirmed("Theirs Co").await;
    let a = app.create_automation(&owner, "Private").await;
    let t = app.create_task(&owner, a.id, task_request("Private task", None)).await;
    let m = app.post_message(&owner, a.id, "Private message").await;
    for path in [
        automation_path(a.id, ""),
        automation_path(a.id, "/timeline"),
        automation_path(a.id, "/tasks"),
        automation_path(a.id, &format!("/tasks/{}", t.id)),
        automation_path(a.id, &format!("/tasks/{}/comments", t.id)),
        automation_path(a.id, "/messages"),
    ] {
        expect_problem(app.get_as(&other.access, &path).await, 404, "not_found").await;
    }
    let text = serde_json::json!({"body": "hi"});
    let rename = serde_json::json!({"name": "Mine now"});
    for (method, path, body) in [
        (reqwest::Method::PATCH, automation_path(a.id, ""), &rename),
        (reqwest::Method::POST, automation_path(a.id, "/messages"), &text),
        (reqwest::Method::PATCH, automation_path(a.id, &format!("/messages/{}", m.id)), &text),
        (reqwest::Method::DELETE, automation_path(a.id, &format!("/messages/{}", m.id)), &text),
        (reqwest::Method::POST, automation_path(a.id, &format!("/tasks/{}/comments", t.id)), &text),
    ] {
        let res = app.call(method.clone(), &path).bearer(&other.access).json(body).send().await;
        expect_problem(res, 404, "not_found").await;
    }
    let status = ChangeAutomationStatusRequest { status: AutomationStatus::Archived };
    expect_problem(app.post_as(&other.access, &automation_path(a.id, "/status"), &status).await, 404, "not_found")
        .await;
    let patch = serde_json::json!({"status": "done"});
    let res = app.patch_as(&other.access, &automation_path(a.id, &format!("/tasks/{}", t.id)), &patch).await;
    expect_problem(res, 404, "not_found").await;
    let list: Page<Automation> = expect(app.get_as(&other.access, "/api/dashboard/automations").await, 200).await;
    assert!(list.items.is_empty());
}

db_test!(another_organization_sees_nothing);
