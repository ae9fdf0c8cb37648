//! Organizations (the tenants): the client portal's view of the active one, and the operator's
//! list, detail, suspension and reactivation.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::string_enum! {
    /// The status of an organization.
    pub enum OrgStatus {
        /// In use.
        Active = "active",
        /// Access is blocked for its members until an operator reactivates it.
        Suspended = "suspended",
    }
}

/// A short view of an organization, embedded in other responses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrganizationSummary {
    /// Organization id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// URL-safe unique name.
    pub slug: String,
    /// Whether it is active or suspended.
    pub status: OrgStatus,
}

/// The active organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Organization {
    /// Organization id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// URL-safe unique name.
    pub slug: String,
    /// Whether it is active or suspended.
    pub status: OrgStatus,
    /// Number of members.
    pub member_count: u64,
    /// Whether members must use a second factor to use the portal.
    pub mfa_required: bool,
    /// The organization's IANA time zone (e.g. `Europe/Paris`; default `UTC`), for "this week",
    /// due dates and dashboards.
    pub time_zone: String,
    /// When it was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub updated_at: DateTime<Utc>,
}

/// `PATCH /api/dashboard/organization`: fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateOrganizationRequest {
    /// New display name (1 to 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Whether members must use a second factor (MFA) to use the portal.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_required: Option<bool>,
    /// New IANA time zone name, e.g. `Europe/Paris` (an unknown one answers 422 with the field
    /// code `unknown_time_zone`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_zone: Option<String>,
}

/// A customer organization as the operator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminOrganization {
    /// Organization id.
    pub id: Uuid,
    /// Display name.
    pub name: String,
    /// URL-safe unique name.
    pub slug: String,
    /// Whether it is active or suspended.
    pub status: OrgStatus,
    /// Number of members.
    pub member_count: u64,
    /// Whether its members must use a second factor.
    pub mfa_required: bool,
    /// When it was suspended, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub suspended_at: Option<DateTime<Utc>>,
    /// Why it was suspended, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suspension_reason: Option<String>,
    /// When it was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub updated_at: DateTime<Utc>,
}

crate::string_enum! {
    /// Sort orders of the organization list.
    #[derive(Default)]
    pub enum OrganizationSort {
        /// Newest first (the default).
        #[default]
        NewestFirst = "-created_at",
        /// Oldest first.
        OldestFirst = "created_at",
        /// By name, A to Z.
        NameAsc = "name",
        /// By name, Z to A.
        NameDesc = "-name",
    }
}

/// Filters of `GET /api/admin/organizations` (besides `sort`, `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct OrganizationsFilter {
    /// Case-insensitive text to find in the name or slug (at most 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only organizations with this status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<OrgStatus>,
}

/// `POST /api/admin/organizations/{id}/suspend`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SuspendOrganizationRequest {
    /// Why, shown to operators and recorded in the audit log (at most 500 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}
