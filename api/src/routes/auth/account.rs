//! Forgotten and changed passwords, email verification.

use actix_web::{HttpResponse, post, web};
use shared::Problem;
use shared::dto::auth::{ChangePasswordRequest, ForgotPasswordRequest, ResetPasswordRequest, VerifyEmailRequest};

use crate::context::{Caller, ClientInfo};
use crate::error::ApiResult;
use crate::services::auth::recovery;
use crate::state::AppState;

/// Emails a link to choose a new password. Always answers 202, whether or not the address has an
/// account, so the answer tells nothing about who is registered.
#[utoipa::path(
    tag = "auth",
    request_body = ForgotPasswordRequest,
    responses(
        (status = 202, description = "If the address has an account, a link is on its way"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/forgot")]
#[tracing::instrument(skip_all)]
pub async fn forgot_password(
    state: web::Data<AppState>,
    client: ClientInfo,
    body: web::Json<ForgotPasswordRequest>,
) -> ApiResult<HttpResponse> {
    recovery::forgot_password(&state, &body.email, &client).await?;
    Ok(HttpResponse::Accepted().finish())
}

/// Sets a new password with the token from the emailed link (single use, 30 minutes). Every
/// session of the account ends.
#[utoipa::path(
    tag = "auth",
    request_body = ResetPasswordRequest,
    responses(
        (status = 204, description = "Password changed; sign in with it"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid or expired token, or a weak password", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/password/reset")]
#[tracing::instrument(skip_all)]
pub async fn reset_password(
    state: web::Data<AppState>,
    client: ClientInfo,
    body: web::Json<ResetPasswordRequest>,
) -> ApiResult<HttpResponse> {
    recovery::reset_password(&state, &body.token, &body.password, &client).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Changes the signed-in user's password; their other sessions end.
#[utoipa::path(
    tag = "auth",
    request_body = ChangePasswordRequest,
    responses(
        (status = 204, description = "Changed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong current password, or a weak new one", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/password/change")]
#[tracing::instrument(skip_all)]
pub async fn change_password(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<ChangePasswordRequest>,
) -> ApiResult<HttpResponse> {
    recovery::change_password(&state, &caller, &body.current_password, &body.new_password).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Confirms the email address with the token from the emailed link.
#[utoipa::path(
    tag = "auth",
    request_body = VerifyEmailRequest,
    responses(
        (status = 204, description = "Confirmed"),
        (status = 422, description = "Invalid, used or expired token", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/email/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify_email(
    state: web::Data<AppState>,
    client: ClientInfo,
    body: web::Json<VerifyEmailRequest>,
) -> ApiResult<HttpResponse> {
    recovery::verify_email(&state, &body.token, &client).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Sends a new confirmation link to the signed-in user's email address.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 202, description = "A new link is on its way"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already confirmed", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many requests; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/email/verify/resend")]
#[tracing::instrument(skip_all)]
pub async fn resend_verification(state: web::Data<AppState>, caller: Caller) -> ApiResult<HttpResponse> {
    recovery::resend_verification(&state, &caller).await?;
    Ok(HttpResponse::Accepted().finish())
}
