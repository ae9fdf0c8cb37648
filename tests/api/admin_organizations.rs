//! The operator's organization management: search, filter, sort, pages, view, suspend,
//! reactivate — all audited.

use reqwest::Method;
use serde_json::{Value, json};
use shared::Role;
use tests::http::{expect_json, expect_problem};
use tests::{TestApp, db_test};

async fn all_pages(app: &TestApp, token: &str, query: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut cursor: Option<String> = None;
    for _ in 0..50 {
        let c = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let page = expect_json(app.get_as(token, &format!("/api/admin/organizations?{query}{c}")).await, 200).await;
        out.extend(page["items"].as_array().cloned().unwrap_or_default());
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => return out,
        }
    }
    panic!("pagination did not end");
}

fn names(items: &[Value]) -> Vec<String> {
    items.iter().map(|o| o["name"].as_str().unwrap_or_default().to_owned()).collect()
}

async fn list_searches_filters_sorts_and_pages(app: TestApp) {
    let admin = app.admin().await;
    for name in ["Delta Works", "alpha labs", "Charlie & Co", "Bravo Widgets", "Echo 100%"] {
        app.create_org(name).await;
    }
    let newest = all_pages(&app, &admin.access, "limit=2").await;
    assert_eq!(names(&newest), ["Echo 100%", "Bravo Widgets", "Charlie & Co", "alpha labs", "Delta Works"]);
    let oldest = all_pages(&app, &admin.access, "limit=3&sort=created_at").await;
    assert_eq!(names(&oldest), ["Delta Works", "alpha labs", "Charlie & Co", "Bravo Widgets", "Echo 100%"]);
    // Name order follows the database's collation; pages must agree with one full page.
    let by_name = all_pages(&app, &admin.access, "limit=2&sort=name").await;
    let one_page = all_pages(&app, &admin.access, "limit=100&sort=name").await;
    assert_eq!(names(&by_name), names(&one_page), "name order is stable across pages");
    let mut unique = names(&by_name);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5);
    let by_name_desc = all_pages(&app, &admin.access, "limit=2&sort=-name").await;
    let mut reversed = names(&by_name);
    reversed.reverse();
    assert_eq!(names(&by_name_desc), reversed);

    let found = all_pages(&app, &admin.access, "q=ALPHA").await;
    assert_eq!(names(&found), ["alpha labs"]);
    let found = all_pages(&app, &admin.access, "q=100%25").await;
    assert_eq!(names(&found), ["Echo 100%"], "% is matched literally");
    let found = all_pages(&app, &admin.access, "q=widgets").await;
    assert_eq!(names(&found), ["Bravo Widgets"], "slugs and names are searched");
    let none = all_pages(&app, &admin.access, "q=zzz").await;
    assert!(none.is_empty());

    let charlie = found_id(&app, &admin.access, "Charlie").await;
    expect_json(
        app.post_as(&admin.access, &format!("/api/admin/organizations/{charlie}/suspend"), &json!({})).await,
        200,
    )
    .await;
    let suspended = all_pages(&app, &admin.access, "status=suspended").await;
    assert_eq!(names(&suspended), ["Charlie & Co"]);
    let active = all_pages(&app, &admin.access, "status=active&limit=100").await;
    assert_eq!(active.len(), 4);
}

async fn found_id(app: &TestApp, token: &str, q: &str) -> String {
    let page = expect_json(app.get_as(token, &format!("/api/admin/organizations?q={q}")).await, 200).await;
    page["items"][0]["id"].as_str().unwrap_or_default().to_owned()
}

async fn view_suspend_and_reactivate(app: TestApp) {
    let admin = app.admin().await;
    let (_, org) = app.register("Lifecycle Inc").await;
    let view = expect_json(app.get_as(&admin.access, &format!("/api/admin/organizations/{org}")).await, 200).await;
    assert_eq!(view["name"], "Lifecycle Inc");
    assert_eq!(view["status"], "active");
    assert_eq!(view["member_count"], 1);
    expect_problem(
        app.get_as(&admin.access, &format!("/api/admin/organizations/{}", uuid::Uuid::now_v7())).await,
        404,
        "not_found",
    )
    .await;

    let res = app
        .post_as(&admin.access, &format!("/api/admin/organizations/{org}/suspend"), &json!({"reason": "x".repeat(501)}))
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let res =
        app.call(Method::POST, &format!("/api/admin/organizations/{org}/suspend")).bearer(&admin.access).send().await;
    let suspended = expect_json(res, 200).await;
    assert_eq!(suspended["status"], "suspended");
    assert!(suspended["suspended_at"].is_string());
    let res = app
        .post_as(&admin.access, &format!("/api/admin/organizations/{org}/suspend"), &json!({"reason": "again"}))
        .await;
    expect_problem(res, 409, "conflict").await;
    let res = app.post_as(&admin.access, &format!("/api/admin/organizations/{org}/reactivate"), &json!({})).await;
    let active = expect_json(res, 200).await;
    assert_eq!(active["status"], "active");
    assert!(active.get("suspended_at").is_none());
    let res = app.post_as(&admin.access, &format!("/api/admin/organizations/{org}/reactivate"), &json!({})).await;
    expect_problem(res, 409, "conflict").await;
    let res = app
        .post_as(&admin.access, &format!("/api/admin/organizations/{}/suspend", uuid::Uuid::now_v7()), &json!({}))
        .await;
    expect_problem(res, 404, "not_found").await;

    let log = expect_json(
        app.get_as(&admin.access, &format!("/api/admin/audit-logs?organization_id={org}&action=admin.*")).await,
        200,
    )
    .await;
    let actions: Vec<&str> =
        log["items"].as_array().map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect()).unwrap_or_default();
    assert_eq!(actions, ["admin.organization.reactivate", "admin.organization.suspend"]);
    assert_eq!(log["items"][1]["actor_id"], admin.user_id.to_string());
    assert_eq!(log["items"][1]["target_type"], "organization");
}

async fn staff_manage_organizations_too(app: TestApp) {
    let staff = app.user(Role::Staff, None).await;
    let (_, org) = app.register("Staffed").await;
    let res = app
        .post_as(&staff.access, &format!("/api/admin/organizations/{org}/suspend"), &json!({"reason": "Fraud check"}))
        .await;
    let body = expect_json(res, 200).await;
    assert_eq!(body["suspension_reason"], "Fraud check");
}

db_test!(list_searches_filters_sorts_and_pages, view_suspend_and_reactivate, staff_manage_organizations_too);
