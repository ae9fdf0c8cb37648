//! Two-factor authentication: enrolment, recovery codes, turning it off, and the second step of
//! signing in.

use actix_web::{HttpRequest, HttpResponse, post, web};
use shared::Problem;
use shared::dto::auth::{
    AuthResponse, MfaCodeRequest, MfaDisableRequest, MfaSetup, MfaSetupRequest, MfaVerifyRequest, RecoveryCodes,
};

use super::issued_response;
use crate::context::{Caller, ClientInfo};
use crate::error::ApiResult;
use crate::services::auth::{mfa, sign_in};
use crate::state::AppState;

/// Starts enrolment once the password is given again: a new secret with its `otpauth://` URI and
/// QR code for an authenticator app. Nothing changes for sign-in until `POST
/// /api/auth/mfa/enable` confirms a code.
#[utoipa::path(
    tag = "auth",
    request_body = MfaSetupRequest,
    responses(
        (status = 200, description = "A new secret", body = MfaSetup),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already on", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password (field `password`, code `invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many wrong passwords or codes; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/mfa/setup")]
#[tracing::instrument(skip_all)]
pub async fn setup(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<MfaSetupRequest>,
) -> ApiResult<web::Json<MfaSetup>> {
    Ok(web::Json(mfa::setup(&state, &caller, &body.password).await?))
}

/// Turns two-factor authentication on with a code from the new secret; answers the ten
/// single-use recovery codes, shown this once.
#[utoipa::path(
    tag = "auth",
    request_body = MfaCodeRequest,
    responses(
        (status = 200, description = "On; keep these recovery codes safe", body = RecoveryCodes),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already on, or no setup started", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/mfa/enable")]
#[tracing::instrument(skip_all)]
pub async fn enable(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<MfaCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodes>> {
    let codes = mfa::enable(&state, &caller, &body.code).await?;
    Ok(web::Json(RecoveryCodes { recovery_codes: codes }))
}

/// Replaces the recovery codes (the old ones stop working); needs a current code.
#[utoipa::path(
    tag = "auth",
    request_body = MfaCodeRequest,
    responses(
        (status = 200, description = "New recovery codes, shown this once", body = RecoveryCodes),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Two-factor authentication is off", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong or already used code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/mfa/recovery-codes")]
#[tracing::instrument(skip_all)]
pub async fn regenerate_recovery_codes(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<MfaCodeRequest>,
) -> ApiResult<web::Json<RecoveryCodes>> {
    let codes = mfa::regenerate(&state, &caller, &body.code).await?;
    Ok(web::Json(RecoveryCodes { recovery_codes: codes }))
}

/// Turns two-factor authentication off; needs the password and a current code.
#[utoipa::path(
    tag = "auth",
    request_body = MfaDisableRequest,
    responses(
        (status = 204, description = "Off"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already off", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Wrong password or code", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/mfa/disable")]
#[tracing::instrument(skip_all)]
pub async fn disable(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<MfaDisableRequest>,
) -> ApiResult<HttpResponse> {
    mfa::disable(&state, &caller, &body.password, &body.code).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Completes a sign-in that answered `mfa_required: true`, with an authenticator code or a
/// recovery code. Answers like sign-in.
#[utoipa::path(
    tag = "auth",
    params(("X-Refresh-Token-Transport" = Option<String>, Header, description = "`cookie`: leave the refresh token out of the body (browser apps; it is in the httpOnly cookie)")),
    request_body = MfaVerifyRequest,
    responses(
        (status = 200, description = "Signed in", body = AuthResponse),
        (status = 401, description = "Bad or expired MFA token (`invalid_token`), or wrong/used code (`invalid_mfa_code`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No code given", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/mfa/verify")]
#[tracing::instrument(skip_all)]
pub async fn verify(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    body: web::Json<MfaVerifyRequest>,
) -> ApiResult<HttpResponse> {
    let issued = sign_in::complete_mfa(&state, body.into_inner(), &client).await?;
    Ok(issued_response(HttpResponse::Ok(), &req, &state, issued))
}
