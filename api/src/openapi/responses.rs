//! The answers every route shares, written once as `components/responses` and referenced from
//! each operation that can give them. Which operation can give which follows from its shape: a
//! body can be malformed, too large, of the wrong type or invalid; a secured route can be refused;
//! a path parameter or an organization header can name nothing; any route can fail. A route that
//! documents one of these statuses itself keeps its own, more precise, description.

use anyhow::Context;
use serde_json::{Map, Value, json};

/// A header an answer carries, always present on it.
struct HeaderSpec {
    name: &'static str,
    about: &'static str,
    /// A count of seconds (an integer from 0), else a string.
    seconds: bool,
}

const RETRY_AFTER: HeaderSpec =
    HeaderSpec { name: "Retry-After", about: "Seconds until the next attempt is accepted", seconds: true };
const ALLOW: HeaderSpec =
    HeaderSpec { name: "Allow", about: "The methods the path takes, e.g. `GET, POST`", seconds: false };

type Header = Option<&'static HeaderSpec>;

/// The headers of every answer to an API key (on `/api/dashboard/*`, the only routes keys reach).
const RATE_LIMIT: [HeaderSpec; 3] = [
    HeaderSpec { name: "RateLimit-Limit", about: "With an API key: the key's requests a minute", seconds: false },
    HeaderSpec {
        name: "RateLimit-Remaining",
        about: "With an API key: requests the key may still send right now",
        seconds: false,
    },
    HeaderSpec {
        name: "RateLimit-Reset",
        about: "With an API key: seconds until the key's allowance is full again",
        seconds: true,
    },
];

/// Where API keys are accepted.
const KEY_ROUTES: &str = "/api/dashboard/";

/// `(name, status, description, header)` of each shared answer.
const SHARED: &[(&str, &str, &str, Header)] = &[
    (
        "BadRequest",
        "400",
        "The body is not valid JSON of the expected shape, or has unknown fields (`malformed_request`)",
        None,
    ),
    (
        "Unauthorized",
        "401",
        "No or a wrong credential: `unauthenticated`, `invalid_token`, `session_revoked` (answers carry `WWW-Authenticate: Bearer`)",
        None,
    ),
    (
        "Forbidden",
        "403",
        "Signed in but not allowed: `forbidden`, `account_disabled`, `org_suspended`, `mfa_enrollment_required`, `email_unverified`",
        None,
    ),
    ("NotFound", "404", "Nothing there, or nothing the caller may see (`not_found`)", None),
    (
        "MethodNotAllowed",
        "405",
        "The path does not take this method (`method_not_allowed`); `Allow` lists those it takes",
        Some(&ALLOW),
    ),
    ("PayloadTooLarge", "413", "The body is over 1 MiB (`payload_too_large`)", None),
    ("UnsupportedMediaType", "415", "The body is not sent as `application/json` (`unsupported_media_type`)", None),
    (
        "ValidationFailed",
        "422",
        "One or more fields or parameters are invalid (`validation_failed`); `errors` names each field with its own `code`",
        None,
    ),
    (
        "TooManyRequests",
        "429",
        "Too many attempts, or an API key over its requests a minute (`rate_limited`); wait the seconds in `Retry-After`",
        Some(&RETRY_AFTER),
    ),
    ("InternalError", "500", "The server failed (`internal_error`); the `request_id` identifies it in the logs", None),
    ("ServiceUnavailable", "503", "The database cannot be reached (`service_unavailable`); try again shortly", None),
];

fn problem_response(description: &str, header: Header) -> Value {
    let mut res = json!({
        "description": description,
        "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}},
    });
    if let Some(header) = header {
        res["headers"] = headers(header);
    }
    res
}

fn header_object(header: &HeaderSpec, required: bool) -> Value {
    let schema = if header.seconds || header.name.starts_with("RateLimit") {
        json!({"type": "integer", "minimum": 0})
    } else {
        json!({"type": "string"})
    };
    json!({"description": header.about, "required": required, "schema": schema})
}

/// The `headers` map of an answer that carries this one header.
fn headers(header: &HeaderSpec) -> Value {
    json!({ header.name: header_object(header, true) })
}

/// Gives an answer of a route that API keys reach the rate-limit headers (sent to keys only, so
/// not required). A reference cannot be extended, so a shared answer is referred to in its
/// `…ForKeys` form instead, whose name is noted in `keyed` to be written once.
fn add_rate_limit_headers(answer: &mut Value, keyed: &mut std::collections::BTreeSet<String>) {
    if let Some(name) = answer.get("$ref").and_then(Value::as_str).and_then(|r| r.rsplit('/').next()) {
        let name = name.to_owned();
        *answer = json!({"$ref": format!("#/components/responses/{name}ForKeys")});
        keyed.insert(name);
        return;
    }
    with_rate_limit_headers(answer);
}

fn with_rate_limit_headers(answer: &mut Value) {
    let Some(answer) = answer.as_object_mut() else { return };
    let Some(headers) = answer.entry("headers").or_insert(json!({})).as_object_mut() else { return };
    for header in &RATE_LIMIT {
        headers.insert(header.name.to_owned(), json!({"$ref": format!("#/components/headers/{}", header.name)}));
    }
}

/// What an operation's shape says it can answer, besides what it documents itself.
fn shared_statuses(op: &Value) -> Vec<&'static str> {
    let params = op["parameters"].as_array().map(Vec::as_slice).unwrap_or_default();
    let has = |place: &str| params.iter().any(|p| p["in"] == place);
    let has_body = op.get("requestBody").is_some();
    let secured =
        op["security"].as_array().is_some_and(|reqs| reqs.iter().any(|r| r.as_object().is_some_and(|m| !m.is_empty())));
    let names_org = params.iter().any(|p| p["in"] == "header" && p["name"] == "X-Org-Id");
    let mut out = Vec::new();
    if has_body || has("query") {
        out.extend(["400", "422"]);
    }
    if has_body {
        out.extend(["413", "415"]);
    }
    if secured {
        out.extend(["401", "403"]);
    }
    if has("path") || names_org {
        out.push("404");
    }
    out.extend(["500", "503"]);
    out
}

/// Adds the shared answers to `components/responses` and to each operation that can give them;
/// every 429 an operation documents gets the `Retry-After` header; routes that API keys reach
/// can answer 429 and say so in the rate-limit headers.
///
/// Errors: a document without `paths`.
pub fn add_shared(doc: &mut Value) -> anyhow::Result<()> {
    let components = doc.as_object_mut().context("the document is an object")?.entry("components").or_insert(json!({}));
    let responses =
        components.as_object_mut().context("components is an object")?.entry("responses").or_insert(json!({}));
    for (name, _, description, header) in SHARED {
        responses[*name] = problem_response(description, *header);
    }
    let components = doc["components"].as_object_mut().context("components is an object")?;
    let defined = components.entry("headers").or_insert(json!({}));
    for header in &RATE_LIMIT {
        defined[header.name] = header_object(header, false);
    }
    let by_status: Map<String, Value> = SHARED
        .iter()
        .map(|(name, status, ..)| ((*status).to_owned(), json!({"$ref": format!("#/components/responses/{name}")})))
        .collect();
    let mut keyed = std::collections::BTreeSet::new();
    let paths = doc["paths"].as_object_mut().context("the document has paths")?;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else { continue };
        let keys_reach = path.starts_with(KEY_ROUTES);
        for op in item.values_mut().filter(|op| op.get("responses").is_some()) {
            let mut statuses = shared_statuses(op);
            if keys_reach {
                statuses.push("429");
            }
            let Some(answers) = op["responses"].as_object_mut() else { continue };
            for status in statuses {
                if !answers.contains_key(status) {
                    answers.insert(status.to_owned(), by_status[status].clone());
                }
            }
            if let Some(limited) = answers.get_mut("429").filter(|r| r.get("$ref").is_none()) {
                limited["headers"] = headers(&RETRY_AFTER);
            }
            if keys_reach {
                answers.values_mut().for_each(|answer| add_rate_limit_headers(answer, &mut keyed));
            }
        }
    }
    let responses = doc["components"]["responses"].as_object_mut().context("components/responses is an object")?;
    for name in keyed {
        let mut answer = responses.get(&name).cloned().context("a shared answer is defined")?;
        with_rate_limit_headers(&mut answer);
        responses.insert(format!("{name}ForKeys"), answer);
    }
    Ok(())
}
