//! Bad input: clear 4xx problem+json with a stable code, never a 5xx, and nothing changes.
//! Malformed and unknown input is raw JSON on purpose; well-formed but invalid input uses the DTOs.

use reqwest::Method;
use serde_json::json;
use shared::dto::auth::{LoginRequest, RegisterRequest};
use shared::dto::organizations::{OrgStatus, Organization};
use tests::http::{expect, expect_problem, problem_fields};
use tests::{TestApp, db_test};

async fn malformed_json_is_400(app: TestApp) {
    let res = app.call(Method::POST, "/api/auth/login").body("application/json", "{\"email\": ").send().await;
    expect_problem(res, 400, "malformed_request").await;
    let res = app.call(Method::POST, "/api/auth/login").body("application/json", "[1,2,3]").send().await;
    expect_problem(res, 400, "malformed_request").await;
    let res = app.call(Method::POST, "/api/auth/register").json(&json!({"email": 5})).send().await;
    expect_problem(res, 400, "malformed_request").await;
}

async fn wrong_content_type_is_415(app: TestApp) {
    let res = app.call(Method::POST, "/api/auth/login").body("text/plain", "email=a").send().await;
    expect_problem(res, 415, "unsupported_media_type").await;
}

async fn oversized_body_is_413_and_changes_nothing(app: TestApp) {
    let big = "x".repeat(1_200_000);
    let body = RegisterRequest {
        email: "big@example.com".into(),
        password: big,
        name: "Big".into(),
        organization_name: "Big".into(),
    };
    let res = app.call(Method::POST, "/api/auth/register").json(&body).send().await;
    expect_problem(res, 413, "payload_too_large").await;
    let login = LoginRequest { email: "big@example.com".into(), password: "whatever-123".into() };
    expect_problem(app.post_json("/api/auth/login", &login).await, 401, "invalid_credentials").await;
}

async fn validation_lists_every_bad_field(app: TestApp) {
    let body = RegisterRequest {
        email: "not-an-email".into(),
        password: "short".into(),
        name: " ".into(),
        organization_name: String::new(),
    };
    let res = app.post_json("/api/auth/register", &body).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    let mut fields = problem_fields(&problem);
    fields.sort();
    assert_eq!(fields, ["email", "name", "organization_name", "password"]);
}

async fn bad_query_parameters_are_422_not_500(app: TestApp) {
    let admin = app.admin().await;
    for q in [
        "?limit=0",
        "?limit=101",
        "?limit=abc",
        "?cursor=%%%",
        "?cursor=bm90IGpzb24",
        "?status=deleted",
        "?sort=password",
        "?sort=",
        "?limit=",
        "?total=",
    ] {
        let res = app.get_as(&admin.access, &format!("/api/admin/organizations{q}")).await;
        expect_problem(res, 422, "validation_failed").await;
    }
    for q in [
        "?since=yesterday",
        "?actor_id=42",
        "?action=DROP%20TABLE",
        "?since=2026-01-02T00:00:00Z&until=2026-01-01T00:00:00Z",
    ] {
        let res = app.get_as(&admin.access, &format!("/api/admin/audit-logs{q}")).await;
        expect_problem(res, 422, "validation_failed").await;
    }
}

async fn malformed_ids_in_paths_are_404(app: TestApp) {
    let admin = app.admin().await;
    let res = app.get_as(&admin.access, "/api/admin/organizations/not-a-uuid").await;
    expect_problem(res, 404, "not_found").await;
    let res = app.delete_as(&admin.access, "/api/auth/sessions/123").await;
    expect_problem(res, 404, "not_found").await;
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&admin.access).org("garbage").send().await;
    expect_problem(res, 404, "not_found").await;
}

async fn unknown_fields_in_patches_are_refused(app: TestApp) {
    let (owner, _) = app.register("Strict Co").await;
    let res = app
        .call(Method::PATCH, "/api/dashboard/organization")
        .bearer(&owner.access)
        .json(&json!({"name": "Renamed", "status": "suspended"}))
        .send()
        .await;
    expect_problem(res, 400, "malformed_request").await;
    let org: Organization = expect(app.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(org.name, "Strict Co");
    assert_eq!(org.status, OrgStatus::Active);
}

async fn optional_bodies_are_objects_or_null(app: TestApp) {
    let login = app.user(shared::Role::Client, None).await;
    for body in ["[]", "[\"x\"]", "42", "\"text\""] {
        let res = app
            .call(Method::POST, "/api/auth/logout")
            .bearer(&login.access)
            .body("application/json", body)
            .send()
            .await;
        expect_problem(res, 400, "malformed_request").await;
    }
    let res =
        app.call(Method::POST, "/api/auth/logout").bearer(&login.access).body("application/json", "null").send().await;
    tests::http::expect_status(res, 204).await;
}

async fn an_admin_cannot_reset_their_own_second_factor(app: TestApp) {
    let admin = app.admin().await;
    let res = app.post_as(&admin.access, &format!("/api/admin/users/{}/mfa/reset", admin.user_id), &json!({})).await;
    expect_problem(res, 409, "conflict").await;
    let me: shared::dto::auth::Me = expect(app.get_as(&admin.access, "/api/auth/me").await, 200).await;
    assert!(me.user.mfa_enabled, "nothing changed");
}

db_test!(
    optional_bodies_are_objects_or_null,
    an_admin_cannot_reset_their_own_second_factor,
    malformed_json_is_400,
    wrong_content_type_is_415,
    oversized_body_is_413_and_changes_nothing,
    validation_lists_every_bad_field,
    bad_query_parameters_are_422_not_500,
    malformed_ids_in_paths_are_404,
    unknown_fields_in_patches_are_refused,
);
