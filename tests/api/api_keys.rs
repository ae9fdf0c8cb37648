//! API keys: created by owners with a subset of their permissions, shown once, accepted on
//! `/api/dashboard/*` with exactly their scopes, refused elsewhere, revocable, expiring.

use reqwest::Method;
use serde_json::json;
use shared::{OrgRole, Role};
use tests::http::{expect_json, expect_problem, problem_fields};
use tests::{TestApp, db_test};

async fn keys_work_with_exactly_their_scopes(app: TestApp) {
    let (owner, org) = app.register("Integrations Co").await;
    let res = app
        .post_as(&owner.access, "/api/dashboard/api-keys", &json!({"name": "CRM sync", "permissions": ["org.read"]}))
        .await;
    let created = expect_json(res, 201).await;
    let key = created["key"].as_str().unwrap_or_default().to_owned();
    assert!(key.starts_with("omg_") && key.len() > 40);
    assert_eq!(created["api_key"]["prefix"], &key[..12]);
    // Listed without the key.
    let list = expect_json(app.get_as(&owner.access, "/api/dashboard/api-keys").await, 200).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
    assert!(!list.to_string().contains(&key));

    let org_json = expect_json(app.get_as(&key, "/api/dashboard/organization").await, 200).await;
    assert_eq!(org_json["id"], org.to_string());
    expect_problem(app.get_as(&key, "/api/dashboard/members").await, 403, "forbidden").await;
    let res =
        app.call(Method::PATCH, "/api/dashboard/organization").bearer(&key).json(&json!({"name": "x"})).send().await;
    expect_problem(res, 403, "forbidden").await;
    // A key cannot manage keys, see the account API or the admin API.
    expect_problem(app.get_as(&key, "/api/dashboard/api-keys").await, 403, "forbidden").await;
    expect_problem(app.get_as(&key, "/api/auth/me").await, 401, "invalid_token").await;
    expect_problem(app.get_as(&key, "/api/admin/organizations").await, 401, "invalid_token").await;
    // Another organization answers 404.
    let (_, other) = app.register("Elsewhere Co").await;
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&key).org(other).send().await;
    expect_problem(res, 404, "not_found").await;

    let list = expect_json(app.get_as(&owner.access, "/api/dashboard/api-keys").await, 200).await;
    assert!(list["items"][0]["last_used_at"].is_string());
    assert_eq!(list["items"][0]["last_used_ip"], "127.0.0.1");

    let id = created["api_key"]["id"].as_str().unwrap_or_default().to_owned();
    let res = app.call(Method::DELETE, &format!("/api/dashboard/api-keys/{id}")).bearer(&owner.access).send().await;
    assert_eq!(res.status(), 204);
    expect_problem(app.get_as(&key, "/api/dashboard/organization").await, 401, "invalid_token").await;

    let admin = app.admin().await;
    let log = expect_json(
        app.get_as(&admin.access, &format!("/api/admin/audit-logs?organization_id={org}&action=api_key.*")).await,
        200,
    )
    .await;
    let actions: Vec<&str> =
        log["items"].as_array().map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect()).unwrap_or_default();
    assert_eq!(actions, ["api_key.revoke", "api_key.first_use", "api_key.create"]);
}

async fn only_owners_create_keys_within_their_permissions(app: TestApp) {
    let (owner, org) = app.register("Scoped Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let body = json!({"name": "Nope", "permissions": ["org.read"]});
    expect_problem(app.post_as(&member.access, "/api/dashboard/api-keys", &body).await, 403, "forbidden").await;
    for permissions in [json!([]), json!(["admin.audit.read"]), json!(["api_keys.manage"])] {
        let res = app
            .post_as(&owner.access, "/api/dashboard/api-keys", &json!({"name": "Bad", "permissions": permissions}))
            .await;
        assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["permissions"]);
    }
    let past = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();
    let res = app
        .post_as(
            &owner.access,
            "/api/dashboard/api-keys",
            &json!({"name": "Old", "permissions": ["org.read"], "expires_at": past}),
        )
        .await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["expires_at"]);
    let res = app
        .post_as(
            &owner.access,
            "/api/dashboard/api-keys",
            &json!({"name": "x", "permissions": ["org.read"], "role": "ADMIN"}),
        )
        .await;
    expect_problem(res, 400, "malformed_request").await;
    // A key from one organization cannot be revoked from another.
    let created = expect_json(app.post_as(&owner.access, "/api/dashboard/api-keys", &body).await, 201).await;
    let (stranger, _) = app.register("Stranger Co").await;
    let id = created["api_key"]["id"].as_str().unwrap_or_default();
    let res = app.call(Method::DELETE, &format!("/api/dashboard/api-keys/{id}")).bearer(&stranger.access).send().await;
    expect_problem(res, 404, "not_found").await;
}

async fn keys_expire_and_follow_their_organization(app: TestApp) {
    let (owner, org) = app.register("Expiring Co").await;
    let soon = (app.now() + chrono::Duration::hours(1)).to_rfc3339();
    let body = json!({"name": "Temp", "permissions": ["org.read", "members.read"], "expires_at": soon});
    let key = expect_json(app.post_as(&owner.access, "/api/dashboard/api-keys", &body).await, 201).await["key"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    expect_json(app.get_as(&key, "/api/dashboard/members").await, 200).await;
    let admin = app.admin().await;
    expect_json(app.post_as(&admin.access, &format!("/api/admin/organizations/{org}/suspend"), &json!({})).await, 200)
        .await;
    expect_problem(app.get_as(&key, "/api/dashboard/members").await, 403, "org_suspended").await;
    expect_json(
        app.post_as(&admin.access, &format!("/api/admin/organizations/{org}/reactivate"), &json!({})).await,
        200,
    )
    .await;
    app.clock.advance(chrono::Duration::hours(2));
    expect_problem(app.get_as(&key, "/api/dashboard/members").await, 401, "invalid_token").await;
}

db_test!(
    keys_work_with_exactly_their_scopes,
    only_owners_create_keys_within_their_permissions,
    keys_expire_and_follow_their_organization
);
