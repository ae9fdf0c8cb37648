//! Types used by every area: pages of a list and the identity summaries they embed.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::role::OrgRole;

/// Largest page a list endpoint returns.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when `limit` is not given.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// One page of a list, in the list's order. Pass `next_cursor` as `cursor` for the next page;
/// it is absent on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Opaque cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
}

/// The status of an organization.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum OrgStatus {
    /// In use.
    Active,
    /// Access is blocked for its members until an operator reactivates it.
    Suspended,
}

impl OrgStatus {
    /// The stored and wire name.
    pub fn as_str(self) -> &'static str {
        match self {
            OrgStatus::Active => "active",
            OrgStatus::Suspended => "suspended",
        }
    }

    /// Parses the stored name.
    pub fn parse(s: &str) -> Option<OrgStatus> {
        match s {
            "active" => Some(OrgStatus::Active),
            "suspended" => Some(OrgStatus::Suspended),
            _ => None,
        }
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

/// A member of an organization.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Member {
    /// The member's user id.
    pub user_id: Uuid,
    /// The member's name.
    pub name: String,
    /// The member's email address.
    pub email: String,
    /// The member's role in the organization.
    pub org_role: OrgRole,
    /// The member's platform role.
    pub role: crate::role::Role,
    /// When they joined the organization.
    pub joined_at: DateTime<Utc>,
}
