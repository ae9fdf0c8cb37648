//! User accounts as the operator sees them (`/api/admin/users`): the list with search and
//! filters, one account with its memberships and live sessions, and the ADMIN's changes
//! (platform role, disable, enable, password reset).

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::auth::{Session, UserStatus};
use super::organizations::OrganizationSummary;
use crate::role::{OrgRole, Role};

/// Most live sessions `GET /api/admin/users/{id}` lists (the most recently used).
pub const MAX_LISTED_SESSIONS: u64 = 100;

/// A user account as the operator sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUser {
    /// User id.
    pub id: Uuid,
    /// Email address (lower-case).
    pub email: String,
    /// Name.
    pub name: String,
    /// Platform role.
    pub role: Role,
    /// Whether the account may sign in.
    pub status: UserStatus,
    /// When it was disabled, while it is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub disabled_at: Option<DateTime<Utc>>,
    /// Whether a second factor (TOTP) is on.
    pub mfa_enabled: bool,
    /// Whether the email address was confirmed through the link sent to it.
    pub email_verified: bool,
    /// When the account was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// The last successful sign-in, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub last_login_at: Option<DateTime<Utc>>,
    /// How many organizations the user belongs to.
    pub organization_count: u64,
}

/// One organization a user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserMembership {
    /// The organization.
    pub organization: OrganizationSummary,
    /// The user's role in it.
    pub org_role: OrgRole,
    /// When the user joined it.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub joined_at: DateTime<Utc>,
}

/// A user account with its memberships and live sessions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminUserDetail {
    /// The account.
    pub user: AdminUser,
    /// The organizations it belongs to, by name.
    pub memberships: Vec<UserMembership>,
    /// Its live sessions (not ended, expired or idle), most recently used first, at most
    /// [`MAX_LISTED_SESSIONS`]; `current` marks the caller's own.
    pub sessions: Vec<Session>,
}

crate::string_enum! {
    /// Sort orders of the user list.
    #[derive(Default)]
    pub enum UserSort {
        /// Newest accounts first (the default).
        #[default]
        NewestFirst = "-created_at",
        /// Oldest accounts first.
        OldestFirst = "created_at",
        /// By email, A to Z.
        EmailAsc = "email",
        /// By email, Z to A.
        EmailDesc = "-email",
        /// Most recent sign-in first; never signed in last.
        LastLoginDesc = "-last_login_at",
        /// Earliest sign-in first; never signed in last.
        LastLoginAsc = "last_login_at",
    }
}

/// Filters of `GET /api/admin/users` (besides `sort`, `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UsersFilter {
    /// Case-insensitive text to find in the email or name (at most 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only users with this platform role.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// Only active or only disabled accounts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<UserStatus>,
    /// Only members of this organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Uuid>,
    /// Only users with (`true`) or without (`false`) a second factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<bool>,
}

/// `PATCH /api/admin/users/{id}/role`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeUserRoleRequest {
    /// The new platform role.
    pub role: Role,
}

/// The answer to `POST /api/admin/users/{id}/password-reset`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct PasswordResetQueued {
    /// The address the link is on its way to.
    pub email: String,
}
