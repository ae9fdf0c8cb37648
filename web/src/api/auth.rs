//! `/api/auth/*` before anyone is signed in: sign-in, sign-up, password recovery, email
//! confirmation.

use shared::dto::auth::{
    AuthResponse, ForgotPasswordRequest, LoginRequest, MfaVerifyRequest, RegisterRequest, ResetPasswordRequest,
    VerifyEmailRequest,
};

use super::{ApiResult, call_public, post_public};

/// `POST /api/auth/login`: tokens, or an `mfa_token` when a second step is needed.
pub async fn login(body: &LoginRequest) -> ApiResult<AuthResponse> {
    call_public("/api/auth/login", body).await
}

/// `POST /api/auth/mfa/verify`: completes a sign-in with a code or a recovery code.
pub async fn verify_mfa(body: &MfaVerifyRequest) -> ApiResult<AuthResponse> {
    call_public("/api/auth/mfa/verify", body).await
}

/// `POST /api/auth/register`: a new organization and its owner, signed in.
pub async fn register(body: &RegisterRequest) -> ApiResult<AuthResponse> {
    call_public("/api/auth/register", body).await
}

/// `POST /api/auth/password/forgot`: emails a reset link if the address has an account.
pub async fn forgot_password(body: &ForgotPasswordRequest) -> ApiResult<()> {
    post_public("/api/auth/password/forgot", body).await
}

/// `POST /api/auth/password/reset`: a new password from the emailed link.
pub async fn reset_password(body: &ResetPasswordRequest) -> ApiResult<()> {
    post_public("/api/auth/password/reset", body).await
}

/// `POST /api/auth/email/verify`: confirms the email address from the emailed link.
pub async fn verify_email(body: &VerifyEmailRequest) -> ApiResult<()> {
    post_public("/api/auth/email/verify", body).await
}
