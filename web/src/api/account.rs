//! `/api/auth/*` for the signed-in person: profile, sessions, password, two-factor
//! authentication, email confirmation.

use gloo_net::http::Method;
use shared::dto::auth::{
    ChangePasswordRequest, MfaCodeRequest, MfaDisableRequest, MfaSetup, MfaSetupRequest, RecoveryCodes, RevokedCount,
    Session as SessionInfo, UpdateProfileRequest, User,
};
use shared::dto::common::Page;
use shared::dto::notifications::{NotificationPreferences, UpdateNotificationPreferences};
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, paged};
use crate::state::session::Session;

/// `GET /api/auth/sessions`: one page of the user's sessions.
pub fn sessions(cursor: Option<&str>) -> Get<Page<SessionInfo>> {
    Get::new(paged("/api/auth/sessions", PAGE_SIZE, &[], cursor))
}

/// `GET /api/auth/me/notifications`: which categories of email the user receives.
pub fn notification_preferences() -> Get<NotificationPreferences> {
    Get::new("/api/auth/me/notifications".to_owned())
}

impl Session {
    /// `PUT /api/auth/me/notifications`: turns categories on or off.
    pub async fn update_notification_preferences(
        &self,
        body: &UpdateNotificationPreferences,
    ) -> ApiResult<NotificationPreferences> {
        self.call(Method::PUT, "/api/auth/me/notifications", Some(body)).await
    }

    /// `PATCH /api/auth/me`.
    pub async fn update_profile(&self, body: &UpdateProfileRequest) -> ApiResult<User> {
        self.call(Method::PATCH, "/api/auth/me", Some(body)).await
    }

    /// `DELETE /api/auth/sessions/{id}`: signs one session out.
    pub async fn end_session(&self, id: Uuid) -> ApiResult<()> {
        self.call_empty(Method::DELETE, &format!("/api/auth/sessions/{id}"), None::<&()>).await
    }

    /// `POST /api/auth/sessions/revoke-others`: signs out every session but this one.
    pub async fn end_other_sessions(&self) -> ApiResult<RevokedCount> {
        self.call(Method::POST, "/api/auth/sessions/revoke-others", None::<&()>).await
    }

    /// `POST /api/auth/password/change`: other sessions end.
    pub async fn change_password(&self, body: &ChangePasswordRequest) -> ApiResult<()> {
        self.call_empty(Method::POST, "/api/auth/password/change", Some(body)).await
    }

    /// `POST /api/auth/email/verify/resend`: a new confirmation link.
    pub async fn resend_verification(&self) -> ApiResult<()> {
        self.call_empty(Method::POST, "/api/auth/email/verify/resend", None::<&()>).await
    }

    /// `POST /api/auth/mfa/setup`: after the password, a new authenticator secret, not active
    /// until enabled.
    pub async fn mfa_setup(&self, body: &MfaSetupRequest) -> ApiResult<MfaSetup> {
        self.call(Method::POST, "/api/auth/mfa/setup", Some(body)).await
    }

    /// `POST /api/auth/mfa/enable`: turns the second factor on; answers the recovery codes.
    pub async fn mfa_enable(&self, body: &MfaCodeRequest) -> ApiResult<RecoveryCodes> {
        self.call(Method::POST, "/api/auth/mfa/enable", Some(body)).await
    }

    /// `POST /api/auth/mfa/recovery-codes`: replaces the recovery codes.
    pub async fn renew_recovery_codes(&self, body: &MfaCodeRequest) -> ApiResult<RecoveryCodes> {
        self.call(Method::POST, "/api/auth/mfa/recovery-codes", Some(body)).await
    }

    /// `POST /api/auth/mfa/disable`.
    pub async fn mfa_disable(&self, body: &MfaDisableRequest) -> ApiResult<()> {
        self.call_empty(Method::POST, "/api/auth/mfa/disable", Some(body)).await
    }
}
