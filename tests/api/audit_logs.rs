//! The audit trail: filters, pages, and no way to change it through the API.

use reqwest::Method;
use serde_json::json;
use shared::Role;
use tests::http::{expect_json, expect_problem};
use tests::{TestApp, db_test};

async fn filters_and_pages(app: TestApp) {
    let admin = app.admin().await;
    let (alice, org_a) = app.register("Audit A").await;
    let (_bob, _org_b) = app.register("Audit B").await;
    for _ in 0..3 {
        app.login(&alice.email).await;
    }
    let by_actor = expect_json(
        app.get_as(&admin.access, &format!("/api/admin/audit-logs?actor_id={}&limit=100", alice.user_id)).await,
        200,
    )
    .await;
    let items = by_actor["items"].as_array().cloned().unwrap_or_default();
    assert!(items.iter().all(|e| e["actor_id"] == alice.user_id.to_string()));
    assert_eq!(items.iter().filter(|e| e["action"] == "auth.login").count(), 3, "registering is not a login");
    assert_eq!(items.iter().filter(|e| e["action"] == "auth.register").count(), 1);

    let by_org =
        expect_json(app.get_as(&admin.access, &format!("/api/admin/audit-logs?organization_id={org_a}")).await, 200)
            .await;
    let items = by_org["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 1);
    assert_eq!(items[0]["action"], "auth.register");

    let prefix =
        expect_json(app.get_as(&admin.access, "/api/admin/audit-logs?action=auth.*&limit=100").await, 200).await;
    assert!(
        prefix["items"]
            .as_array()
            .is_some_and(|a| { a.iter().all(|e| e["action"].as_str().is_some_and(|s| s.starts_with("auth."))) })
    );

    // Pages: newest first, no duplicates, nothing missed.
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let c = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let page =
            expect_json(app.get_as(&admin.access, &format!("/api/admin/audit-logs?limit=3{c}")).await, 200).await;
        for e in page["items"].as_array().cloned().unwrap_or_default() {
            ids.push(e["id"].as_str().unwrap_or_default().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    let all = expect_json(app.get_as(&admin.access, "/api/admin/audit-logs?limit=100").await, 200).await;
    let all_ids: Vec<String> = all["items"]
        .as_array()
        .map(|a| a.iter().filter_map(|e| e["id"].as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    assert_eq!(ids, all_ids);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(ids, sorted, "newest first");
}

async fn time_range_filters(app: TestApp) {
    let admin = app.admin().await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    app.register("Timed").await;
    let since = before.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let page = expect_json(
        app.get_as(&admin.access, &format!("/api/admin/audit-logs?action=auth.register&since={since}")).await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(1));
    let page = expect_json(
        app.get_as(&admin.access, &format!("/api/admin/audit-logs?action=auth.register&until={since}")).await,
        200,
    )
    .await;
    assert_eq!(page["items"].as_array().map(Vec::len), Some(0));
}

async fn the_trail_cannot_be_changed_or_read_by_customers(app: TestApp) {
    let admin = app.admin().await;
    for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let res = app.call(m, "/api/admin/audit-logs").bearer(&admin.access).json(&json!({})).send().await;
        expect_problem(res, 405, "method_not_allowed").await;
    }
    let client = app.user(Role::Client, None).await;
    expect_problem(app.get_as(&client.access, "/api/admin/audit-logs").await, 403, "forbidden").await;
    let denied =
        expect_json(app.get_as(&admin.access, "/api/admin/audit-logs?action=admin.access_denied").await, 200).await;
    assert_eq!(denied["items"][0]["actor_id"], client.user_id.to_string());
    assert_eq!(denied["items"][0]["outcome"], "failure");
    assert_eq!(denied["items"][0]["details"]["path"], "/api/admin/audit-logs");
}

db_test!(filters_and_pages, time_range_filters, the_trail_cannot_be_changed_or_read_by_customers);
