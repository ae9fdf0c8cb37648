//! The committed OpenAPI document matches the code, and documents exactly the routes we expect.

use std::collections::BTreeSet;

use reqwest::Method;
use tests::http::expect_json;
use tests::{TestApp, db_test};

/// Every operation the API offers, as `METHOD path` (paths as OpenAPI writes them).
pub const OPERATIONS: &[&str] = &[
    "GET /api/admin/audit-logs",
    "GET /api/admin/feature-flags",
    "POST /api/admin/feature-flags",
    "GET /api/admin/feature-flags/{id}",
    "PATCH /api/admin/feature-flags/{id}",
    "POST /api/admin/feature-flags/{id}/archive",
    "PUT /api/admin/feature-flags/{id}/overrides/{org_id}",
    "DELETE /api/admin/feature-flags/{id}/overrides/{org_id}",
    "PUT /api/admin/feature-flags/{id}/plans",
    "POST /api/admin/feature-flags/{id}/unarchive",
    "GET /api/admin/metrics/organizations",
    "GET /api/admin/metrics/signups",
    "GET /api/admin/organizations",
    "GET /api/admin/organizations/{id}",
    "POST /api/admin/organizations/{id}/reactivate",
    "POST /api/admin/organizations/{id}/suspend",
    "GET /api/admin/settings",
    "PATCH /api/admin/settings",
    "GET /api/admin/settings/schema",
    "GET /api/admin/users",
    "GET /api/admin/users/{id}",
    "POST /api/admin/users/{id}/disable",
    "POST /api/admin/users/{id}/enable",
    "DELETE /api/admin/usage/ingest-keys/{id}",
    "GET /api/admin/usage/organizations/{org_id}",
    "GET /api/admin/usage/organizations/{org_id}/ingest-keys",
    "POST /api/admin/usage/organizations/{org_id}/ingest-keys",
    "GET /api/admin/usage/top-organizations",
    "GET /api/admin/usage/totals",
    "POST /api/admin/users/{id}/mfa/reset",
    "POST /api/admin/users/{id}/password-reset",
    "PATCH /api/admin/users/{id}/role",
    "POST /api/auth/email/verify",
    "POST /api/auth/email/verify/resend",
    "POST /api/auth/login",
    "POST /api/auth/logout",
    "GET /api/auth/me",
    "PATCH /api/auth/me",
    "GET /api/auth/me/notifications",
    "PUT /api/auth/me/notifications",
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
    "GET /api/dashboard/documents",
    "POST /api/dashboard/documents",
    "GET /api/dashboard/documents/{id}",
    "DELETE /api/dashboard/documents/{id}",
    "GET /api/dashboard/documents/{id}/download",
    "GET /api/dashboard/documents/{id}/downloads",
    "PUT /api/dashboard/documents/{id}/shares",
    "GET /api/dashboard/features",
    "GET /api/dashboard/files",
    "POST /api/dashboard/files",
    "GET /api/dashboard/files/usage",
    "GET /api/dashboard/files/{id}",
    "DELETE /api/dashboard/files/{id}",
    "GET /api/dashboard/files/{id}/download",
    "GET /api/dashboard/members",
    "PATCH /api/dashboard/members/{user_id}",
    "DELETE /api/dashboard/members/{user_id}",
    "POST /api/dashboard/members/leave",
    "POST /api/dashboard/members/transfer-ownership",
    "GET /api/dashboard/invitations",
    "POST /api/dashboard/invitations",
    "POST /api/dashboard/invitations/{id}/resend",
    "DELETE /api/dashboard/invitations/{id}",
    "GET /api/dashboard/audit-logs",
    "GET /api/auth/invitations/preview",
    "POST /api/auth/invitations/accept",
    "GET /api/dashboard/organization",
    "PATCH /api/dashboard/organization",
    "GET /api/dashboard/usage",
    "GET /api/dashboard/usage/export.csv",
    "GET /api/dashboard/usage-events",
    "POST /api/dashboard/usage-events",
    "GET /api/dashboard/usage-events/export.csv",
    "GET /api/health",
    "GET /api/ready",
    // Automations.
    "GET /api/admin/automations",
    "GET /api/admin/automations/{id}",
    "PUT /api/admin/automations/{id}/lead",
    "GET /api/admin/automations/{id}/messages",
    "POST /api/admin/automations/{id}/messages",
    "PATCH /api/admin/automations/{id}/messages/{message_id}",
    "DELETE /api/admin/automations/{id}/messages/{message_id}",
    "POST /api/admin/automations/{id}/status",
    "GET /api/admin/automations/{id}/tasks",
    "POST /api/admin/automations/{id}/tasks",
    "GET /api/admin/automations/{id}/tasks/{task_id}",
    "PATCH /api/admin/automations/{id}/tasks/{task_id}",
    "GET /api/admin/automations/{id}/tasks/{task_id}/comments",
    "POST /api/admin/automations/{id}/tasks/{task_id}/comments",
    "PATCH /api/admin/automations/{id}/tasks/{task_id}/comments/{comment_id}",
    "DELETE /api/admin/automations/{id}/tasks/{task_id}/comments/{comment_id}",
    "POST /api/admin/automations/{id}/tasks/{task_id}/move",
    "GET /api/admin/automations/{id}/timeline",
    "GET /api/dashboard/automations",
    "POST /api/dashboard/automations",
    "GET /api/dashboard/automations/{id}",
    "PATCH /api/dashboard/automations/{id}",
    "GET /api/dashboard/automations/{id}/messages",
    "POST /api/dashboard/automations/{id}/messages",
    "PATCH /api/dashboard/automations/{id}/messages/{message_id}",
    "DELETE /api/dashboard/automations/{id}/messages/{message_id}",
    "POST /api/dashboard/automations/{id}/status",
    "GET /api/dashboard/automations/{id}/tasks",
    "POST /api/dashboard/automations/{id}/tasks",
    "GET /api/dashboard/automations/{id}/tasks/{task_id}",
    "PATCH /api/dashboard/automations/{id}/tasks/{task_id}",
    "GET /api/dashboard/automations/{id}/tasks/{task_id}/comments",
    "POST /api/dashboard/automations/{id}/tasks/{task_id}/comments",
    "PATCH /api/dashboard/automations/{id}/tasks/{task_id}/comments/{comment_id}",
    "DELETE /api/dashboard/automations/{id}/tasks/{task_id}/comments/{comment_id}",
    "POST /api/dashboard/automations/{id}/tasks/{task_id}/move",
    "GET /api/dashboard/automations/{id}/timeline",
    "GET /api/dashboard/my-tasks",
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
    "GET /api/auth/invitations/preview",
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

/// Every `$ref` in a value, with where it was found.
fn refs<'a>(value: &'a serde_json::Value, at: String, out: &mut Vec<(String, &'a str)>) {
    match value {
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                match (k.as_str(), v.as_str()) {
                    ("$ref", Some(target)) => out.push((at.clone(), target)),
                    _ => refs(v, format!("{at}/{k}"), out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                refs(v, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn the_document_is_valid_openapi_3_1_and_every_reference_resolves() {
    let doc = committed_document();
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../openapi/schema/oas-3.1-2022-10-07.json");
    let schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(path).unwrap_or_else(|e| panic!("reading {path}: {e}")))
            .unwrap_or_else(|e| panic!("{path}: {e}"));
    let validator = jsonschema::draft202012::new(&schema).unwrap_or_else(|e| panic!("the OpenAPI 3.1 schema: {e}"));
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| format!("{} at {}", e, e.instance_path)).collect();
    assert!(errors.is_empty(), "openapi/openapi.json is not a valid OpenAPI 3.1 document:\n{}", errors.join("\n"));

    // The schema does refuse a broken document: an operation answer without a description.
    let mut broken = doc.clone();
    broken["paths"]["/api/health"]["get"]["responses"]["200"] = serde_json::json!({"content": {}});
    assert!(!validator.is_valid(&broken), "the OpenAPI schema checks responses");

    let mut found = Vec::new();
    refs(&doc, String::new(), &mut found);
    assert!(found.len() > 50, "the document uses references");
    let dangling: Vec<_> = found
        .iter()
        .filter(|(_, target)| target.strip_prefix('#').is_none_or(|pointer| doc.pointer(pointer).is_none()))
        .collect();
    assert!(dangling.is_empty(), "references that resolve to nothing: {dangling:?}");
}

#[test]
fn validated_fields_carry_their_constraints() {
    let doc = committed_document();
    let schemas = &doc["components"]["schemas"];
    let password = &schemas["RegisterRequest"]["properties"]["password"];
    assert_eq!((password["minLength"].as_u64(), password["maxLength"].as_u64()), (Some(8), Some(128)));
    let email = &schemas["RegisterRequest"]["properties"]["email"];
    assert_eq!((email["format"].as_str(), email["maxLength"].as_u64()), (Some("email"), Some(254)));
    assert!(email["pattern"].is_string());
    let limit = doc["paths"]["/api/dashboard/members"]["get"]["parameters"]
        .as_array()
        .and_then(|ps| ps.iter().find(|p| p["name"] == "limit"))
        .map(|p| (p["schema"]["minimum"].as_u64(), p["schema"]["maximum"].as_u64()));
    assert_eq!(limit, Some((Some(1), Some(100))));
    // Every operation documents the answers it shares with the rest, and 429s say when to retry.
    for (name, op) in operations(&doc) {
        let answers = op["responses"].as_object().unwrap_or_else(|| panic!("{name} has responses"));
        assert!(answers.contains_key("500"), "{name} documents 500");
        if op.get("requestBody").is_some() {
            for status in ["400", "413", "415", "422"] {
                assert!(answers.contains_key(status), "{name} documents {status}");
            }
        }
        if let Some(limited) = answers.get("429") {
            let header = limited.get("headers").or_else(|| {
                let name = limited["$ref"].as_str()?.rsplit('/').next()?;
                doc["components"]["responses"][name].get("headers")
            });
            assert!(header.is_some_and(|h| h["Retry-After"]["required"] == true), "{name}: 429 carries Retry-After");
        }
    }
    assert!(doc["components"]["responses"]["MethodNotAllowed"]["headers"]["Allow"].is_object());
}

#[test]
fn enums_carry_their_wire_names_and_operation_ids_are_unique() {
    let doc = committed_document();
    let schemas = &doc["components"]["schemas"];
    let enum_of = |name: &str| -> Vec<String> {
        schemas[name]["enum"]
            .as_array()
            .unwrap_or_else(|| panic!("{name} is a string enum"))
            .iter()
            .map(|v| v.as_str().unwrap_or_default().to_owned())
            .collect()
    };
    let wire = |names: &[&str]| names.iter().map(|n| (*n).to_owned()).collect::<Vec<_>>();
    assert_eq!(enum_of("ErrorCode"), wire(&shared::ErrorCode::ALL.map(|c| c.as_str())));
    assert_eq!(enum_of("Role"), wire(&shared::Role::ALL.map(|c| c.as_str())));
    assert_eq!(enum_of("OrgRole"), wire(&shared::OrgRole::ALL.map(|c| c.as_str())));
    assert_eq!(enum_of("Permission"), wire(&shared::Permission::ALL.map(|c| c.as_str())));
    let mut ids = BTreeSet::new();
    for (name, op) in operations(&doc) {
        let id = op["operationId"].as_str().unwrap_or_else(|| panic!("{name} has an operationId"));
        assert!(ids.insert(id.to_owned()), "operationId {id} is used twice ({name})");
    }
}

/// Every operation of a document with its `METHOD path`.
fn operations(doc: &serde_json::Value) -> Vec<(String, &serde_json::Value)> {
    let paths = doc["paths"].as_object().unwrap_or_else(|| panic!("the document has no paths"));
    paths
        .iter()
        .flat_map(|(path, item)| {
            item.as_object().into_iter().flatten().map(move |(m, op)| (format!("{} {path}", m.to_uppercase()), op))
        })
        .collect()
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
