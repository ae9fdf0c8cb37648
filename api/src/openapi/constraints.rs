//! The constraints of validated fields, written into the document from the rules in
//! `shared::validation` that the checks themselves use: a client that follows the document is
//! not refused for length or form, and client-side validation can be generated from it.

use anyhow::{Context, bail};
use serde_json::{Value, json};
use shared::validation::{
    CalendarDate, DisplayName, EmailAddress, FlagKey, LOGIN_PASSWORD, LoginEmail, NEW_PASSWORD, Note, SearchText,
    TextRule,
};

use shared::dto::automations;
use shared::dto::flags::MAX_DESCRIPTION_CHARS;
use shared::dto::usage::METRIC_LIST_PATTERN;
use shared::dto::usage::ingest::MAX_EVENT_ID_CHARS;

use crate::services::organizations::admin::MAX_REASON_CHARS;

/// `(schema, property, rule)`: each checked text field of a request body.
const BODY_FIELDS: &[(&str, &str, TextRule)] = &[
    ("RegisterRequest", "name", DisplayName::RULE),
    ("RegisterRequest", "email", EmailAddress::RULE),
    ("RegisterRequest", "password", NEW_PASSWORD),
    ("RegisterRequest", "organization_name", DisplayName::RULE),
    ("LoginRequest", "email", LoginEmail::RULE),
    ("LoginRequest", "password", LOGIN_PASSWORD),
    ("ForgotPasswordRequest", "email", LoginEmail::RULE),
    ("ResetPasswordRequest", "password", NEW_PASSWORD),
    ("ChangePasswordRequest", "new_password", NEW_PASSWORD),
    ("UpdateProfileRequest", "name", DisplayName::RULE),
    ("UpdateOrganizationRequest", "name", DisplayName::RULE),
    ("CreateApiKeyRequest", "name", DisplayName::RULE),
    ("SuspendOrganizationRequest", "reason", Note::rule(MAX_REASON_CHARS)),
    ("CreateFeatureFlagRequest", "key", FlagKey::RULE),
    ("CreateFeatureFlagRequest", "description", Note::rule(MAX_DESCRIPTION_CHARS)),
    ("UpdateFeatureFlagRequest", "description", Note::rule(MAX_DESCRIPTION_CHARS)),
    ("CreateIngestKeyRequest", "name", DisplayName::RULE),
    ("UsageEventInput", "event_id", EVENT_ID),
    ("CreateInvitationRequest", "email", EmailAddress::RULE),
    ("AcceptInvitationRequest", "name", DisplayName::RULE),
    ("AcceptInvitationRequest", "password", NEW_PASSWORD),
    ("CreateAutomationRequest", "name", AUTOMATION_NAME),
    ("CreateAutomationRequest", "description", Note::rule(automations::MAX_DESCRIPTION_CHARS)),
    ("UpdateAutomationRequest", "name", AUTOMATION_NAME),
    ("UpdateAutomationRequest", "description", Note::rule(automations::MAX_DESCRIPTION_CHARS)),
    ("CreateTaskRequest", "title", TASK_TITLE),
    ("CreateTaskRequest", "description", Note::rule(automations::MAX_DESCRIPTION_CHARS)),
    ("UpdateTaskRequest", "title", TASK_TITLE),
    ("UpdateTaskRequest", "description", Note::rule(automations::MAX_DESCRIPTION_CHARS)),
    ("MessageRequest", "body", MESSAGE_BODY),
];

/// An automation's name: 1 to 200 characters, not blank, no control characters.
const AUTOMATION_NAME: TextRule = TextRule { max_chars: automations::MAX_NAME_CHARS, ..DisplayName::RULE };
/// A task's title: as a name.
const TASK_TITLE: TextRule = TextRule { max_chars: automations::MAX_TITLE_CHARS, ..DisplayName::RULE };
/// A message or comment: 1 to 10,000 characters with line breaks and tabs, not blank.
const MESSAGE_BODY: TextRule = TextRule {
    min_chars: Some(1),
    max_chars: automations::MAX_BODY_CHARS,
    format: None,
    pattern: Some(
        r"^[^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*[^\s\x00-\x1F\x7F-\x9F][^\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]*$",
    ),
};

/// A series' `metric`: a comma-separated list of the catalogue's names.
const METRIC_LIST: TextRule =
    TextRule { min_chars: Some(1), max_chars: 200, format: None, pattern: Some(METRIC_LIST_PATTERN) };

/// An event's `event_id` (the server refuses the event, not the batch, when it breaks the rule).
const EVENT_ID: TextRule = TextRule { min_chars: Some(1), max_chars: MAX_EVENT_ID_CHARS, format: None, pattern: None };

/// `(header, rule)`: each checked request header, wherever an operation takes it.
const HEADERS: &[(&str, TextRule)] = &[("Idempotency-Key", crate::extract::idempotency::KEY_RULE)];

/// `(operation id, query parameter, rule)`.
const QUERY_PARAMETERS: &[(&str, &str, TextRule)] = &[
    ("list_organizations", "q", SearchText::RULE),
    ("list_feature_flags", "q", SearchText::RULE),
    ("list_users", "q", SearchText::RULE),
    ("list_automations", "q", SearchText::RULE),
    ("admin_list_automations", "q", SearchText::RULE),
    ("get_signup_series", "from", CalendarDate::RULE),
    ("get_signup_series", "to", CalendarDate::RULE),
    ("get_usage_series", "metric", METRIC_LIST),
    ("export_usage_series", "metric", METRIC_LIST),
    ("get_organization_usage", "metric", METRIC_LIST),
    ("get_usage_series", "from", CalendarDate::RULE),
    ("get_usage_series", "to", CalendarDate::RULE),
    ("export_usage_series", "from", CalendarDate::RULE),
    ("export_usage_series", "to", CalendarDate::RULE),
    ("list_usage_events", "from", CalendarDate::RULE),
    ("list_usage_events", "to", CalendarDate::RULE),
    ("export_usage_events", "from", CalendarDate::RULE),
    ("export_usage_events", "to", CalendarDate::RULE),
    ("get_usage_totals", "from", CalendarDate::RULE),
    ("get_usage_totals", "to", CalendarDate::RULE),
    ("get_top_organizations", "from", CalendarDate::RULE),
    ("get_top_organizations", "to", CalendarDate::RULE),
    ("get_organization_usage", "from", CalendarDate::RULE),
    ("get_organization_usage", "to", CalendarDate::RULE),
];

/// Writes a rule's keywords into a string schema (or a nullable one).
fn constrain(schema: &mut Value, rule: &TextRule) {
    if let Some(min) = rule.min_chars {
        schema["minLength"] = json!(min);
    }
    schema["maxLength"] = json!(rule.max_chars);
    if let Some(format) = rule.format {
        schema["format"] = json!(format);
    }
    if let Some(pattern) = rule.pattern {
        schema["pattern"] = json!(pattern);
    }
}

/// Writes every rule into the document.
///
/// Errors: a table entry that names a schema, property or parameter the document lacks (a
/// renamed field must not lose its constraints silently).
pub fn apply(doc: &mut Value) -> anyhow::Result<()> {
    for (schema, property, rule) in BODY_FIELDS {
        let at = format!("/components/schemas/{schema}/properties/{property}");
        let target = doc.pointer_mut(&at).with_context(|| format!("no {at} in the document"))?;
        constrain(target, rule);
    }
    // One more rule of a request body: a key needs at least one permission.
    let at = "/components/schemas/CreateApiKeyRequest/properties/permissions";
    doc.pointer_mut(at).with_context(|| format!("no {at} in the document"))?["minItems"] = json!(1);
    for (header, rule) in HEADERS {
        let paths = doc["paths"].as_object_mut().context("the document has paths")?;
        let params = paths
            .values_mut()
            .filter_map(Value::as_object_mut)
            .flat_map(|item| item.values_mut())
            .filter_map(|op| op.get_mut("parameters").and_then(Value::as_array_mut))
            .flatten();
        for param in params.filter(|p| p["in"] == "header" && p["name"] == *header) {
            // A header is a string when sent; it is optional where the parameter says so.
            param["schema"]["type"] = json!("string");
            constrain(&mut param["schema"], rule);
        }
    }
    for (operation, name, rule) in QUERY_PARAMETERS {
        let mut found = false;
        let paths = doc["paths"].as_object_mut().context("the document has paths")?;
        for op in paths.values_mut().filter_map(Value::as_object_mut).flat_map(|item| item.values_mut()) {
            if op.get("operationId").and_then(Value::as_str) != Some(*operation) {
                continue;
            }
            let params = op.get_mut("parameters").and_then(Value::as_array_mut).into_iter().flatten();
            for param in params.filter(|p| p["in"] == "query" && p["name"] == *name) {
                constrain(&mut param["schema"], rule);
                found = true;
            }
        }
        if !found {
            bail!("no query parameter {name} of {operation} in the document");
        }
    }
    Ok(())
}
