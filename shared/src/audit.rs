//! The audit catalogue: every action the audit trail records, declared once with its name and
//! whether customers may see it, and the typed details entries carry.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::role::Permission;

/// Who may read entries of an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AuditVisibility {
    /// The organization's own members may see it (`/api/dashboard/audit-logs`).
    Customer,
    /// Operators only (security, throttling and `admin.*` entries).
    Internal,
}

macro_rules! audit_actions {
    ($( $(#[$doc:meta])* $variant:ident = $wire:literal, $visibility:ident; )+) => {
        crate::string_enum! {
            /// Everything the audit trail records.
            pub enum AuditAction {
                $( $(#[$doc])* $variant = $wire ),+
            }
        }

        impl AuditAction {
            /// Who may read entries of this action.
            pub fn visibility(self) -> AuditVisibility {
                match self {
                    $( AuditAction::$variant => AuditVisibility::$visibility ),+
                }
            }
        }
    };
}

audit_actions! {
    /// A registration (or a refused one).
    AuthRegister = "auth.register", Internal;
    /// A sign-in with a password (or a refused one).
    AuthLogin = "auth.login", Internal;
    /// An account or address was locked after failed attempts.
    AuthLockout = "auth.lockout", Internal;
    /// The second step of a sign-in.
    AuthMfaVerify = "auth.mfa_verify", Internal;
    /// A refresh-token rotation.
    AuthRefresh = "auth.refresh", Internal;
    /// A rotated refresh token was presented again; its session ended.
    AuthRefreshReuse = "auth.refresh_reuse", Internal;
    /// A sign-out.
    AuthLogout = "auth.logout", Internal;
    /// A session ended from the session list.
    AuthSessionRevoke = "auth.session_revoke", Internal;
    /// All other sessions ended.
    AuthSessionsRevokeOthers = "auth.sessions_revoke_others", Internal;
    /// A profile change.
    AuthProfileUpdate = "auth.profile_update", Internal;
    /// A password reset link was asked for.
    AuthPasswordResetRequest = "auth.password_reset_request", Internal;
    /// A password was reset with an emailed link.
    AuthPasswordReset = "auth.password_reset", Internal;
    /// A signed-in user changed their password.
    AuthPasswordChange = "auth.password_change", Internal;
    /// An email address was confirmed.
    AuthEmailVerify = "auth.email_verify", Internal;
    /// A new confirmation link was sent.
    AuthEmailVerifyResend = "auth.email_verify_resend", Internal;
    /// Two-factor authentication was turned on.
    MfaEnable = "mfa.enable", Internal;
    /// Two-factor authentication was turned off.
    MfaDisable = "mfa.disable", Internal;
    /// Recovery codes were replaced.
    MfaRecoveryCodesRegenerate = "mfa.recovery_codes_regenerate", Internal;
    /// A recovery code was used to sign in.
    MfaRecoveryCodeUsed = "mfa.recovery_code_used", Internal;
    /// The organization's settings changed.
    OrgUpdate = "org.update", Customer;
    /// An API key was created.
    ApiKeyCreate = "api_key.create", Customer;
    /// An API key was used for the first time.
    ApiKeyFirstUse = "api_key.first_use", Customer;
    /// An API key was revoked.
    ApiKeyRevoke = "api_key.revoke", Customer;
    /// An operator was refused an admin action.
    AdminAccessDenied = "admin.access_denied", Internal;
    /// An operator suspended an organization.
    AdminOrganizationSuspend = "admin.organization.suspend", Customer;
    /// An operator reactivated an organization.
    AdminOrganizationReactivate = "admin.organization.reactivate", Customer;
    /// System settings changed.
    AdminSettingsUpdate = "admin.settings.update", Internal;
    /// An operator account was created from the command line.
    AdminUserCreate = "admin.user.create", Internal;
    /// An ADMIN reset another user's second factor.
    AdminUserMfaReset = "admin.user.mfa_reset", Internal;
    /// An ADMIN changed another user's platform role (their sessions ended).
    AdminUserRoleChange = "admin.user.role_change", Internal;
    /// An ADMIN disabled another user's account (their sessions ended).
    AdminUserDisable = "admin.user.disable", Internal;
    /// An ADMIN enabled a disabled account again.
    AdminUserEnable = "admin.user.enable", Internal;
    /// An ADMIN sent a user a password reset link.
    AdminUserPasswordReset = "admin.user.password_reset", Internal;
    /// An ADMIN created a feature flag.
    AdminFeatureFlagCreate = "admin.feature_flag.create", Internal;
    /// An ADMIN changed a flag's description, default or rollout.
    AdminFeatureFlagUpdate = "admin.feature_flag.update", Internal;
    /// An ADMIN archived a flag (it is off everywhere).
    AdminFeatureFlagArchive = "admin.feature_flag.archive", Internal;
    /// An ADMIN took a flag out of the archive.
    AdminFeatureFlagUnarchive = "admin.feature_flag.unarchive", Internal;
    /// An ADMIN set a flag's override for one organization.
    AdminFeatureFlagOverrideSet = "admin.feature_flag.override_set", Internal;
    /// An ADMIN removed a flag's override for one organization.
    AdminFeatureFlagOverrideRemove = "admin.feature_flag.override_remove", Internal;
    /// An ADMIN changed the plans a flag is linked to.
    AdminFeatureFlagPlansSet = "admin.feature_flag.plans_set", Internal;
    /// An operator issued a usage ingest key for an organization.
    AdminUsageIngestKeyCreate = "admin.usage.ingest_key.create", Internal;
    /// An operator revoked a usage ingest key.
    AdminUsageIngestKeyRevoke = "admin.usage.ingest_key.revoke", Internal;
    /// A usage ingest key reported usage for the first time.
    UsageIngestKeyFirstUse = "usage.ingest_key.first_use", Internal;
    /// Demo data was loaded on first start.
    SystemDemoDataLoaded = "system.demo_data_loaded", Internal;
    /// An OWNER invited someone to the organization.
    InvitationCreate = "invitation.create", Customer;
    /// An invitation was sent again with a new link and expiry.
    InvitationResend = "invitation.resend", Customer;
    /// An invitation was withdrawn.
    InvitationRevoke = "invitation.revoke", Customer;
    /// An invitation was accepted: the invitee joined.
    InvitationAccept = "invitation.accept", Customer;
    /// A member's role in the organization changed.
    MemberRoleChange = "member.role_change", Customer;
    /// An OWNER removed a member.
    MemberRemove = "member.remove", Customer;
    /// A member left the organization.
    MemberLeave = "member.leave", Customer;
    /// An OWNER handed ownership to another member.
    MemberOwnershipTransfer = "member.ownership_transfer", Customer;
    /// An automation moved from one status to another (archiving and unarchiving aside).
    AutomationStatusChange = "automation.status_change", Customer;
    /// An automation was archived.
    AutomationArchive = "automation.archive", Customer;
    /// An automation was taken out of the archive.
    AutomationUnarchive = "automation.unarchive", Customer;
    /// An automation's staff lead was assigned, changed or removed.
    AutomationLeadChange = "automation.lead_change", Customer;
    /// A secure document was uploaded.
    DocumentUpload = "document.upload", Customer;
    /// A secure document was downloaded (every download is recorded).
    DocumentDownload = "document.download", Customer;
    /// The members a secure document is shared with changed.
    DocumentShare = "document.share", Customer;
    /// A secure document was deleted.
    DocumentDelete = "document.delete", Customer;
}

/// Typed details of an audit entry: each is a struct below, serialised as the entry's `details`.
pub trait AuditDetails: Serialize {}

crate::string_enum! {
    /// Why an attempt was refused.
    pub enum RefusalReason {
        /// Sign-ups are closed.
        SignupsDisabled = "signups_disabled",
        /// Sign-ups need an invitation (`signup_mode` is `invite_only`).
        InviteRequired = "invite_required",
        /// Too many attempts.
        RateLimited = "rate_limited",
        /// No account has that email.
        UnknownEmail = "unknown_email",
        /// The password did not match.
        WrongPassword = "wrong_password",
        /// The account is disabled.
        AccountDisabled = "account_disabled",
        /// The current password given for a change was wrong.
        WrongCurrentPassword = "wrong_current_password",
    }
}

/// A refused attempt.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Refused {
    /// Why.
    pub reason: RefusalReason,
}
impl AuditDetails for Refused {}

/// Attempts refused for the same reason, counted together: one entry per window (a storm of
/// refused sign-ins is one row a minute, not one row per attempt).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefusedRepeatedly {
    /// Why.
    pub reason: RefusalReason,
    /// How many attempts were refused in the window.
    pub count: u64,
    /// The first refusal of the window.
    pub first_at: chrono::DateTime<chrono::Utc>,
    /// The last refusal of the window (also the entry's time).
    pub last_at: chrono::DateTime<chrono::Utc>,
}
impl AuditDetails for RefusedRepeatedly {}

/// A successful sign-in with a password.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LoginDetails {
    /// Whether the stored hash was upgraded to the current parameters.
    pub rehashed: bool,
    /// `pending` while the second factor is still to come.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<String>,
}
impl AuditDetails for LoginDetails {}

/// A lockout after failed attempts.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct LockoutDetails {
    /// Which attempts were locked out (`login`, `mfa`, `password-change`, …).
    pub kind: String,
}
impl AuditDetails for LockoutDetails {}

crate::string_enum! {
    /// How a second factor was presented.
    pub enum MfaMethod {
        /// An authenticator app code.
        Totp = "totp",
        /// A single-use recovery code.
        RecoveryCode = "recovery_code",
    }
}

/// The second step of a sign-in.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MfaVerifyDetails {
    /// How the factor was presented.
    pub method: MfaMethod,
}
impl AuditDetails for MfaVerifyDetails {}

/// A recovery code was used.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecoveryCodeUsed {
    /// Unused codes left.
    pub remaining: u64,
}
impl AuditDetails for RecoveryCodeUsed {}

/// A password reset was asked for.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ResetRequested {
    /// Whether the address has an account (never told to the caller).
    pub account_found: bool,
}
impl AuditDetails for ResetRequested {}

/// A rotated refresh token came back.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RefreshReuse {
    /// Whether the session was still live and has now ended.
    pub session_revoked: bool,
}
impl AuditDetails for RefreshReuse {}

/// Sessions ended in bulk.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SessionsRevoked {
    /// How many ended.
    pub revoked: u64,
}
impl AuditDetails for SessionsRevoked {}

/// One changed field: its value before and after.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FieldChange {
    /// Before.
    pub from: serde_json::Value,
    /// After.
    pub to: serde_json::Value,
}

/// Fields that changed, by name.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Changes(pub std::collections::BTreeMap<String, FieldChange>);
impl AuditDetails for Changes {}

impl Changes {
    /// Records a change of one field.
    pub fn record(&mut self, field: &str, from: impl Serialize, to: impl Serialize) {
        let from = serde_json::to_value(from).unwrap_or(serde_json::Value::Null);
        let to = serde_json::to_value(to).unwrap_or(serde_json::Value::Null);
        self.0.insert(field.to_owned(), FieldChange { from, to });
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// An API key named in an entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiKeyNamed {
    /// The key's name.
    pub name: String,
}
impl AuditDetails for ApiKeyNamed {}

/// A usage ingest key named in an entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct IngestKeyNamed {
    /// The key's name.
    pub name: String,
    /// The organization it reports for.
    pub organization_id: uuid::Uuid,
}
impl AuditDetails for IngestKeyNamed {}

/// A new API key.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ApiKeyCreated {
    /// The key's name.
    pub name: String,
    /// Its permissions.
    pub permissions: Vec<Permission>,
    /// When it expires, if ever.
    pub expires_at: Option<DateTime<Utc>>,
    /// Its own request limit a minute, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate_limit_per_minute: Option<u32>,
}
impl AuditDetails for ApiKeyCreated {}

/// An operator was refused.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct AccessDenied {
    /// The permission that was missing.
    pub permission: Permission,
    /// The HTTP method.
    pub method: String,
    /// The path.
    pub path: String,
}
impl AuditDetails for AccessDenied {}

/// An organization was suspended.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SuspensionReason {
    /// The reason given.
    pub reason: String,
}
impl AuditDetails for SuspensionReason {}

/// A user's second factor was reset by an ADMIN.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MfaResetDetails {
    /// The user's email.
    pub email: String,
    /// Whether it had been on.
    pub was_enabled: bool,
}
impl AuditDetails for MfaResetDetails {}

/// A user's platform role changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserRoleChanged {
    /// The user's email.
    pub email: String,
    /// The role before.
    pub from: crate::role::Role,
    /// The role after.
    pub to: crate::role::Role,
    /// How many of their sessions ended.
    pub sessions_ended: u64,
}
impl AuditDetails for UserRoleChanged {}

/// A user's account was disabled.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserDisabled {
    /// The user's email.
    pub email: String,
    /// How many of their sessions ended.
    pub sessions_ended: u64,
}
impl AuditDetails for UserDisabled {}

/// A user named in an entry (enabled, sent a password reset).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserNamed {
    /// The user's email.
    pub email: String,
}
impl AuditDetails for UserNamed {}

/// An operator account made from the command line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct UserCreated {
    /// Its role.
    pub role: crate::role::Role,
    /// How (`cli`).
    pub via: String,
    /// Its email.
    pub email: String,
}
impl AuditDetails for UserCreated {}

/// System settings changed.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct SettingsChanged {
    /// Every setting before.
    pub before: crate::dto::settings::SystemSettings,
    /// Every setting after.
    pub after: crate::dto::settings::SystemSettings,
}
impl AuditDetails for SettingsChanged {}

/// A new feature flag.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FeatureFlagCreated {
    /// Its key.
    pub key: String,
    /// Its description.
    pub description: String,
    /// Its global default.
    pub enabled: bool,
    /// Its rollout in basis points.
    pub rollout_bp: u32,
}
impl AuditDetails for FeatureFlagCreated {}

/// A feature flag named in an entry (archived, unarchived).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FeatureFlagNamed {
    /// Its key.
    pub key: String,
}
impl AuditDetails for FeatureFlagNamed {}

/// A flag's override for one organization, before and after (`None`: no override).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlagOverrideChanged {
    /// The flag's key.
    pub key: String,
    /// Before.
    pub from: Option<bool>,
    /// After.
    pub to: Option<bool>,
}
impl AuditDetails for FlagOverrideChanged {}

/// The plans a flag is linked to, before and after.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct FlagPlansChanged {
    /// The flag's key.
    pub key: String,
    /// Plan ids before.
    pub from: Vec<uuid::Uuid>,
    /// Plan ids after.
    pub to: Vec<uuid::Uuid>,
}
impl AuditDetails for FlagPlansChanged {}

/// Demo data loaded.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DemoDataLoaded {
    /// How many users were created.
    pub users_created: u64,
}
impl AuditDetails for DemoDataLoaded {}

/// An invitation named in an entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct InvitationDetails {
    /// The invited address.
    pub email: String,
    /// The role in the organization it gives.
    pub org_role: crate::role::OrgRole,
    /// The platform role a new account gets.
    pub role: crate::role::Role,
    /// When its link stops working.
    pub expires_at: DateTime<Utc>,
}
impl AuditDetails for InvitationDetails {}

/// A member named in an entry (removed, left, role changed, ownership transferred).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct MemberChanged {
    /// The member's email.
    pub email: String,
    /// Their role in the organization before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<crate::role::OrgRole>,
    /// Their role after (absent when they left or were removed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<crate::role::OrgRole>,
}
impl AuditDetails for MemberChanged {}
/// Details of an automation's status change (`automation.status_change`, `.archive`,
/// `.unarchive`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutomationStatusChanged {
    /// The automation's name.
    pub name: String,
    /// The status before.
    pub from: String,
    /// The status after.
    pub to: String,
}
impl AuditDetails for AutomationStatusChanged {}

/// Details of `automation.lead_change`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AutomationLeadChanged {
    /// The automation's name.
    pub name: String,
    /// The lead before, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<uuid::Uuid>,
    /// The lead after, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<uuid::Uuid>,
}
impl AuditDetails for AutomationLeadChanged {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_entries_stay_internal() {
        for a in AuditAction::ALL {
            let name = a.as_str();
            if name.starts_with("auth.") || name.starts_with("mfa.") || name == "admin.access_denied" {
                assert_eq!(a.visibility(), AuditVisibility::Internal, "{name}");
            }
        }
        assert_eq!(AuditAction::AdminOrganizationSuspend.visibility(), AuditVisibility::Customer);
    }

    #[test]
    fn changes_serialise_by_field() {
        let mut c = Changes::default();
        c.record("name", "A", "B");
        assert_eq!(serde_json::to_value(&c).ok(), Some(serde_json::json!({ "name": { "from": "A", "to": "B" } })));
    }
}

/// A secure document named in an entry.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentNamed {
    /// The document's file name.
    pub name: String,
}
impl AuditDetails for DocumentNamed {}

/// The members a secure document is shared with, after a change.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct DocumentShared {
    /// The document's file name.
    pub name: String,
    /// The members it is shared with now.
    pub user_ids: Vec<uuid::Uuid>,
}
impl AuditDetails for DocumentShared {}
