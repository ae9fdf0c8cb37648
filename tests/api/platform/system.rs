//! Health, readiness, request ids and the framework's defaults turned into problem+json.

use reqwest::Method;
use shared::dto::system::HealthStatus;
use tests::http::{expect, expect_json, expect_problem, header};
use tests::{TestApp, db_test};

async fn health_and_ready_answer_with_request_ids(app: TestApp) {
    let res = app.call(Method::GET, "/api/health").send().await;
    let id = header(&res, "x-request-id");
    assert!(id.is_some_and(|id| !id.is_empty()));
    let health: HealthStatus = expect(res, 200).await;
    assert_eq!(health.status, "ok");
    assert_eq!(health.version, env!("CARGO_PKG_VERSION"), "the server's version (one workspace version)");
    let res = app.call(Method::GET, "/api/ready").send().await;
    assert_eq!(expect::<HealthStatus>(res, 200).await.status, "ok");
}

async fn incoming_request_id_is_kept_and_bad_ones_replaced(app: TestApp) {
    let res = app.call(Method::GET, "/api/health").header("X-Request-Id", "trace-abc_123").send().await;
    assert_eq!(res.headers()["x-request-id"], "trace-abc_123");
    let res = app.call(Method::GET, "/api/health").header("X-Request-Id", "bad id with spaces").send().await;
    assert_ne!(res.headers()["x-request-id"], "bad id with spaces");
}

async fn unknown_api_routes_and_wrong_methods_are_problems(app: TestApp) {
    let res = app.call(Method::GET, "/api/no-such-thing").send().await;
    expect_problem(res, 404, "not_found").await;
    let res = app.call(Method::GET, "/api/admin/organizations/x/y/z").send().await;
    expect_problem(res, 404, "not_found").await;
    // A wrong method answers 405 with the methods the path takes (RFC 9110), as documented.
    for (method, path, allow) in [
        (Method::PUT, "/api/health", "GET"),
        (Method::DELETE, "/api/auth/login", "POST"),
        (Method::PUT, "/api/dashboard/api-keys", "GET, POST"),
        (Method::GET, "/api/dashboard/api-keys/0190f5a6-0000-7000-8000-000000000000", "DELETE"),
        (Method::POST, "/api/dashboard/organization", "GET, PATCH"),
    ] {
        let res = app.call(method.clone(), path).send().await;
        assert_eq!(header(&res, "allow").as_deref(), Some(allow), "{method} {path}");
        expect_problem(res, 405, "method_not_allowed").await;
    }
    // A literal path wins over a template whose parameter it cannot be (`/sessions/{id}`).
    let login = app.user(shared::Role::Client, None).await;
    let res = app.call(Method::DELETE, "/api/auth/sessions/revoke-others").bearer(&login.access).send().await;
    assert_eq!(header(&res, "allow").as_deref(), Some("POST"));
    expect_problem(res, 405, "method_not_allowed").await;
}

async fn ready_fails_with_503_when_the_database_is_gone(app: TestApp) {
    app.state.db.clone().close().await.ok();
    let res = app.call(Method::GET, "/api/ready").send().await;
    expect_problem(res, 503, "service_unavailable").await;
}

async fn interactive_docs_are_served_without_internet(app: TestApp) {
    let res = app.call(Method::GET, "/api/docs").send().await;
    assert!(res.status().is_redirection());
    let res = app.call(Method::GET, "/api/docs/").send().await;
    assert_eq!(res.status(), 200);
    let html = res.text().await.unwrap_or_else(|e| panic!("reading the docs page: {e}"));
    assert!(html.contains("swagger"), "the docs page is Swagger UI");
    assert!(!html.contains("https://"), "no assets from other hosts");
    let res = app.call(Method::GET, "/api/openapi.json").send().await;
    let doc = expect_json(res, 200).await;
    assert_eq!(doc["info"]["title"], "OMGsystems API");
}

db_test!(
    health_and_ready_answer_with_request_ids,
    incoming_request_id_is_kept_and_bad_ones_replaced,
    unknown_api_routes_and_wrong_methods_are_problems,
    ready_fails_with_503_when_the_database_is_gone,
    interactive_docs_are_served_without_internet,
);
