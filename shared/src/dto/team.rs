//! The members of an organization.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::role::{OrgRole, Role};

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
    pub role: Role,
    /// When they joined the organization.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub joined_at: DateTime<Utc>,
}
