//! `/api/auth/*`: registration, sign-in, tokens, the current user and their sessions.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::organizations::OrganizationSummary;
use crate::role::{OrgRole, Permission, Role};

/// `POST /api/auth/register`: a new CLIENT user and their organization.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RegisterRequest {
    /// Email address; used to sign in.
    pub email: String,
    /// 8 to 128 characters, not one of the most common passwords.
    pub password: String,
    /// The person's name.
    pub name: String,
    /// The name of the organization to create, owned by the new user.
    pub organization_name: String,
}

/// `POST /api/auth/login`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LoginRequest {
    /// Email address.
    pub email: String,
    /// Password.
    pub password: String,
}

/// `POST /api/auth/refresh` and `POST /api/auth/logout`: the refresh token, when the client does
/// not use the cookie (mobile apps).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RefreshRequest {
    /// The refresh token from the last sign-in or refresh. Omit it to use the cookie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
}

/// The answer to sign-in, registration and refresh.
///
/// `mfa_required` is always present. When it is false, the token fields and `user` are present.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AuthResponse {
    /// Whether a second factor must be presented before tokens are issued.
    pub mfa_required: bool,
    /// Short-lived token for completing sign-in with a second factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa_token: Option<String>,
    /// The access token (JWT) for `Authorization: Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub access_token: Option<String>,
    /// The opaque refresh token; single use, rotated by `POST /api/auth/refresh`. Browsers
    /// also get it in an httpOnly cookie and should ignore this field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refresh_token: Option<String>,
    /// Always `Bearer`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token_type: Option<String>,
    /// Seconds until the access token expires.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires_in: Option<i64>,
    /// The signed-in user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user: Option<User>,
}

crate::string_enum! {
    /// The status of a user account.
    pub enum UserStatus {
        /// Can sign in.
        Active = "active",
        /// Cannot sign in; existing sessions stop working.
        Disabled = "disabled",
    }
}

/// A user account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct User {
    /// User id.
    pub id: Uuid,
    /// Email address (lower-case).
    pub email: String,
    /// Name.
    pub name: String,
    /// Platform role.
    pub role: Role,
    /// Account status.
    pub status: UserStatus,
    /// When the account was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// The last successful sign-in.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub last_login_at: Option<DateTime<Utc>>,
    /// Whether a second factor (TOTP) is on.
    #[serde(default)]
    pub mfa_enabled: bool,
    /// Whether the email address was confirmed through the link sent to it.
    #[serde(default)]
    pub email_verified: bool,
}

/// One organization the user belongs to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Membership {
    /// The organization.
    pub organization: OrganizationSummary,
    /// The user's role in it.
    pub org_role: OrgRole,
    /// What the user may do in it (with `X-Org-Id` set to its id).
    pub permissions: Vec<Permission>,
}

/// `GET /api/auth/me`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Me {
    /// The user.
    pub user: User,
    /// Organizations the user belongs to; the first is the default active one.
    pub memberships: Vec<Membership>,
    /// Permissions that come from the platform role alone (the operator's admin API).
    pub permissions: Vec<Permission>,
}

/// A signed-in session (one device or app).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Session {
    /// Session id.
    pub id: Uuid,
    /// When it signed in.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last used.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub last_seen_at: DateTime<Utc>,
    /// When it ends at the latest, however active.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub expires_at: DateTime<Utc>,
    /// The IP address it signed in from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ip: Option<String>,
    /// The user agent it signed in with.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_agent: Option<String>,
    /// Whether this is the session making the request.
    pub current: bool,
}

/// `POST /api/auth/sessions/revoke-others`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RevokedCount {
    /// How many sessions were ended.
    pub revoked: u64,
}

/// `PATCH /api/auth/me`: profile fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateProfileRequest {
    /// New name (1 to 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// `POST /api/auth/mfa/setup`: the password again, so a session left open (or stolen) cannot put
/// a second factor of its own on the account.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaSetupRequest {
    /// The account password.
    pub password: String,
}

/// `POST /api/auth/mfa/setup`: a new authenticator secret (not active until enabled).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaSetup {
    /// The secret, base32, for typing into an authenticator app.
    pub secret: String,
    /// The `otpauth://totp/...` URI (issuer `OMGsystems`, account = email).
    pub otpauth_uri: String,
    /// The URI as a QR code: an SVG image in a `data:` URL.
    pub qr_code: String,
}

/// A body with a six-digit authenticator code.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaCodeRequest {
    /// The current code from the authenticator app.
    pub code: String,
}

/// Freshly generated recovery codes: shown once, each works once.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct RecoveryCodes {
    /// Ten single-use codes.
    pub recovery_codes: Vec<String>,
}

/// `POST /api/auth/mfa/disable`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaDisableRequest {
    /// The account password.
    pub password: String,
    /// A current authenticator code.
    pub code: String,
}

/// `POST /api/auth/mfa/verify`: completes a sign-in that answered `mfa_required`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MfaVerifyRequest {
    /// The `mfa_token` from `POST /api/auth/login`.
    pub mfa_token: String,
    /// A current authenticator code (or give `recovery_code`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<String>,
    /// A recovery code (each works once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recovery_code: Option<String>,
}

/// `POST /api/auth/password/forgot`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ForgotPasswordRequest {
    /// The account's email address.
    pub email: String,
}

/// `POST /api/auth/password/reset`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ResetPasswordRequest {
    /// The token from the emailed link.
    pub token: String,
    /// The new password (8 to 128 characters, not a common one).
    pub password: String,
}

/// `POST /api/auth/password/change`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ChangePasswordRequest {
    /// The current password.
    pub current_password: String,
    /// The new password (8 to 128 characters, not a common one).
    pub new_password: String,
}

/// `POST /api/auth/email/verify`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct VerifyEmailRequest {
    /// The token from the emailed link.
    pub token: String,
}
