//! The committed OpenAPI document matches the code, and documents exactly the routes we expect.

use std::collections::BTreeSet;

use reqwest::Method;
use tests::http::expect_json;
use tests::{TestApp, db_test};

/// Every operation the API offers, as `METHOD path` (paths as OpenAPI writes them).
pub const OPERATIONS: &[&str] = &[
    "GET /api/admin/audit-logs",
    "GET /api/admin/organizations",
    "GET /api/admin/organizations/{id}",
    "POST /api/admin/organizations/{id}/reactivate",
    "POST /api/admin/organizations/{id}/suspend",
    "GET /api/admin/settings",
    "PATCH /api/admin/settings",
    "POST /api/admin/users/{id}/mfa/reset",
    "POST /api/auth/email/verify",
    "POST /api/auth/email/verify/resend",
    "POST /api/auth/login",
    "POST /api/auth/logout",
    "GET /api/auth/me",
    "PATCH /api/auth/me",
    "POST /api/auth/mfa/disable",
    "POST /api/auth/mfa/enable",
    "POST /api/auth/mfa/recovery-codes",
    "POST /api/auth/mfa/setup",
    "POST /api/auth/mfa/verify",
    "POST /api/auth/password/change",
    "POST /api/auth/password/forgot",
    "POST /api/auth/password/reset",
    "POST /api/auth/refresh",
    "POST /api/auth/register",
    "GET /api/auth/sessions",
    "POST /api/auth/sessions/revoke-others",
    "DELETE /api/auth/sessions/{id}",
    "GET /api/dashboard/api-keys",
    "POST /api/dashboard/api-keys",
    "DELETE /api/dashboard/api-keys/{id}",
    "GET /api/dashboard/members",
    "GET /api/dashboard/organization",
    "PATCH /api/dashboard/organization",
    "GET /api/health",
    "GET /api/ready",
];

/// Operations anyone may call without credentials.
const PUBLIC: &[&str] = &[
    "GET /api/health",
    "GET /api/ready",
    "POST /api/auth/login",
    "POST /api/auth/register",
    "POST /api/auth/refresh",
    "POST /api/auth/mfa/verify",
    "POST /api/auth/password/forgot",
    "POST /api/auth/password/reset",
    "POST /api/auth/email/verify",
];

/// The committed document, `openapi/openapi.json`.
pub fn committed() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}"))
}

/// The committed document, parsed.
pub fn committed_document() -> serde_json::Value {
    serde_json::from_str(&committed()).unwrap_or_else(|e| panic!("openapi/openapi.json is not JSON: {e}"))
}

/// Every operation of a document as `METHOD path`.
pub fn documented_operations(doc: &serde_json::Value) -> BTreeSet<String> {
    let paths = doc["paths"].as_object().unwrap_or_else(|| panic!("the document has no paths"));
    let mut out = BTreeSet::new();
    for (path, item) in paths {
        let item = item.as_object().unwrap_or_else(|| panic!("{path} is not a path item"));
        for method in item.keys() {
            let new = out.insert(format!("{} {path}", method.to_uppercase()));
            assert!(new, "{method} {path} twice");
        }
    }
    out
}

#[test]
fn committed_document_matches_the_code() {
    let generated = api::openapi::document_json().unwrap_or_else(|e| panic!("generating the document: {e}"));
    assert!(
        committed() == generated,
        "openapi/openapi.json is out of date: run `cargo run -p api --bin omgsystems -- openapi > openapi/openapi.json`"
    );
}

#[test]
fn every_operation_is_described_and_secured_where_needed() {
    let doc = committed_document();
    let expected: BTreeSet<String> = OPERATIONS.iter().map(|s| (*s).to_owned()).collect();
    assert_eq!(expected.len(), OPERATIONS.len(), "OPERATIONS lists an operation twice");
    let documented = documented_operations(&doc);
    let missing: Vec<_> = expected.difference(&documented).collect();
    let unexpected: Vec<_> = documented.difference(&expected).collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "documented operations differ from the expected ones;\nnot documented: {missing:?}\nnot expected: {unexpected:?}"
    );
    let paths = doc["paths"].as_object().unwrap_or_else(|| panic!("the document has no paths"));
    for (path, item) in paths {
        for (method, op) in item.as_object().into_iter().flatten() {
            let name = format!("{} {path}", method.to_uppercase());
            assert!(op["summary"].is_string(), "{name} has a summary");
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{name} has responses");
            if PUBLIC.contains(&name.as_str()) {
                assert!(op.get("security").is_none(), "{name} is public");
            } else {
                assert!(op["security"].is_array(), "{name} declares its security");
            }
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

async fn served_document_is_the_committed_one(app: TestApp) {
    let res = app.call(Method::GET, "/api/openapi.json").send().await;
    let served = expect_json(res, 200).await;
    assert!(served == committed_document(), "the served document differs from openapi/openapi.json");
}

db_test!(served_document_is_the_committed_one);
