//! The committed OpenAPI document matches the code, and documents every route.

use reqwest::Method;
use tests::http::expect_json;
use tests::{TestApp, db_test};

fn committed() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/openapi.json");
    std::fs::read_to_string(path).unwrap_or_default()
}

#[test]
fn committed_document_matches_the_code() {
    let generated = api::openapi::document_json().unwrap_or_default();
    assert!(
        committed() == generated,
        "openapi/openapi.json is out of date: run `cargo run -p api --bin omgsystems -- openapi > openapi/openapi.json`"
    );
}

#[test]
fn every_operation_is_described_and_secured_where_needed() {
    let doc: serde_json::Value = serde_json::from_str(&committed()).unwrap_or_default();
    let paths = doc["paths"].as_object().cloned().unwrap_or_default();
    assert!(paths.len() >= 14, "{} paths", paths.len());
    for (path, item) in &paths {
        for (method, op) in item.as_object().cloned().unwrap_or_default() {
            assert!(op["summary"].is_string(), "{method} {path} has a summary");
            assert!(op["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path} has responses");
            let public = matches!(path.as_str(), "/api/health" | "/api/ready")
                || matches!(
                    path.as_str(),
                    "/api/auth/login"
                        | "/api/auth/register"
                        | "/api/auth/refresh"
                        | "/api/auth/mfa/verify"
                        | "/api/auth/password/forgot"
                        | "/api/auth/password/reset"
                        | "/api/auth/email/verify"
                );
            if !public {
                assert!(op["security"].is_array(), "{method} {path} declares its security");
            }
        }
    }
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    assert!(doc["components"]["schemas"]["Problem"].is_object());
}

async fn served_document_is_the_committed_one(app: TestApp) {
    let res = app.call(Method::GET, "/api/openapi.json").send().await;
    let served = expect_json(res, 200).await;
    let committed: serde_json::Value = serde_json::from_str(&committed()).unwrap_or_default();
    assert!(served == committed, "the served document differs from openapi/openapi.json");
}

db_test!(served_document_is_the_committed_one);
