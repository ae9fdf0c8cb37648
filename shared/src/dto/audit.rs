//! The audit trail as the operator reads it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::string_enum! {
    /// Whether an audited action succeeded.
    pub enum AuditOutcome {
        /// It was carried out.
        Success = "success",
        /// It was refused or failed.
        Failure = "failure",
    }
}

crate::string_enum! {
    /// What kind of actor an audit entry names.
    pub enum ActorType {
        /// A signed-in person.
        User = "user",
        /// A key (`api_key_id`): an integrator's API key acting within its creator's permissions
        /// (`actor_id`), or a usage ingest key, through which no person acts (no `actor_id`).
        ApiKey = "api_key",
        /// The system itself (start-up, jobs, the command line).
        System = "system",
    }
}

/// One entry of the audit trail.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuditLogEntry {
    /// Entry id (time-ordered).
    pub id: Uuid,
    /// When it happened.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub occurred_at: DateTime<Utc>,
    /// Who did it, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// Whether a person, an API key or the system acted.
    pub actor_type: ActorType,
    /// The API key that acted, when `actor_type` is `api_key` (`actor_id` is then its creator).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub api_key_id: Option<Uuid>,
    /// The actor's email at the time, or the email tried on a failed sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_email: Option<String>,
    /// The organization concerned, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Uuid>,
    /// What happened, e.g. `auth.login`, `admin.organization.suspend`.
    pub action: String,
    /// The kind of thing acted on, e.g. `user`, `organization`, `session`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_type: Option<String>,
    /// The id of the thing acted on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_id: Option<String>,
    /// The client's IP address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The client's user agent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Whether it succeeded.
    pub outcome: AuditOutcome,
    /// Further facts about the event.
    #[serde(default, skip_serializing_if = "serde_json::Value::is_null")]
    pub details: serde_json::Value,
}

/// Filters of `GET /api/admin/audit-logs` (newest first; besides `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AuditLogsFilter {
    /// Only entries by this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// Only entries about this organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_id: Option<Uuid>,
    /// Only this action (exact), or actions under a prefix ending in `.` or `*` (e.g. `auth.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Only entries at or after this time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub since: Option<DateTime<Utc>>,
    /// Only entries before this time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub until: Option<DateTime<Utc>>,
}

/// Filters of `GET /api/dashboard/audit-logs`, the organization's own trail (newest first;
/// besides `limit` and `cursor`). Only entries customers may see are listed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrgAuditLogsFilter {
    /// Only entries by this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actor_id: Option<Uuid>,
    /// Only this action (exact), or actions under a prefix ending in `.` or `*` (e.g. `invitation.`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub action: Option<String>,
    /// Only entries at or after this time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub since: Option<DateTime<Utc>>,
    /// Only entries before this time (RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub until: Option<DateTime<Utc>>,
}
