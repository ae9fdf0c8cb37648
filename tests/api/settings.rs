//! System settings: ADMIN only, typed, audited; `signups_enabled` closes registration.

use reqwest::Method;
use serde_json::json;
use shared::Role;
use tests::fixtures::unique_email;
use tests::http::{expect_json, expect_problem};
use tests::{PASSWORD, TestApp, db_test};

async fn admins_close_and_reopen_signups(app: TestApp) {
    let admin = app.admin().await;
    let s = expect_json(app.get_as(&admin.access, "/api/admin/settings").await, 200).await;
    assert_eq!(s, json!({"signups_enabled": true}));
    let res = app
        .call(Method::PATCH, "/api/admin/settings")
        .bearer(&admin.access)
        .json(&json!({"signups_enabled": false}))
        .send()
        .await;
    assert_eq!(expect_json(res, 200).await["signups_enabled"], false);

    let email = unique_email("late");
    let body = json!({"email": email, "password": PASSWORD, "name": "Late", "organization_name": "Late Co"});
    expect_problem(app.post_json("/api/auth/register", &body).await, 403, "signups_disabled").await;
    let res = app.post_json("/api/auth/login", &json!({"email": email, "password": PASSWORD})).await;
    expect_problem(res, 401, "invalid_credentials").await;

    let res = app
        .call(Method::PATCH, "/api/admin/settings")
        .bearer(&admin.access)
        .json(&json!({"signups_enabled": true}))
        .send()
        .await;
    expect_json(res, 200).await;
    expect_json(app.post_json("/api/auth/register", &body).await, 201).await;

    let log =
        expect_json(app.get_as(&admin.access, "/api/admin/audit-logs?action=admin.settings.update").await, 200).await;
    assert_eq!(log["items"].as_array().map(Vec::len), Some(2));
    assert_eq!(log["items"][1]["details"]["after"]["signups_enabled"], false);
}

async fn settings_are_typed_and_admin_only(app: TestApp) {
    let admin = app.admin().await;
    let res = app
        .call(Method::PATCH, "/api/admin/settings")
        .bearer(&admin.access)
        .json(&json!({"signups_enabled": "no"}))
        .send()
        .await;
    expect_problem(res, 400, "malformed_request").await;
    let res = app
        .call(Method::PATCH, "/api/admin/settings")
        .bearer(&admin.access)
        .json(&json!({"maintenance": true}))
        .send()
        .await;
    expect_problem(res, 400, "malformed_request").await;
    let staff = app.user(Role::Staff, None).await;
    expect_problem(app.get_as(&staff.access, "/api/admin/settings").await, 403, "forbidden").await;
    let res = app
        .call(Method::PATCH, "/api/admin/settings")
        .bearer(&staff.access)
        .json(&json!({"signups_enabled": false}))
        .send()
        .await;
    expect_problem(res, 403, "forbidden").await;
    let s = expect_json(app.get_as(&admin.access, "/api/admin/settings").await, 200).await;
    assert_eq!(s["signups_enabled"], true);
}

db_test!(admins_close_and_reopen_signups, settings_are_typed_and_admin_only);
