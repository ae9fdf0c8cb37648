//! Register, log in, refresh, log out.

use actix_web::{HttpRequest, HttpResponse, post, web};
use shared::Problem;
use shared::dto::auth::{AuthResponse, LoginRequest, RefreshRequest, RegisterRequest};

use super::{REFRESH_COOKIE, clear_refresh_cookie, issued_response};
use crate::context::ClientInfo;
use crate::error::{ApiError, ApiResult};
use crate::extract::auth::bearer_token;
use crate::extract::optional_json::OptionalJson;
use crate::services::auth::{sessions, sign_in};
use crate::state::AppState;

/// Creates a CLIENT account and its organization, with the new user as OWNER, and signs in.
///
/// Answers like sign-in. The `signup_mode` system setting rules: refused with `signups_disabled`
/// when it is `closed`, and with `invite_required` when it is `invite_only`.
#[utoipa::path(
    tag = "auth",
    params(("X-Refresh-Token-Transport" = Option<String>, Header, description = "`cookie`: leave the refresh token out of the body (browser apps; it is in the httpOnly cookie)")),
    request_body = RegisterRequest,
    responses(
        (status = 201, description = "Registered and signed in; the refresh token is also set as an httpOnly cookie", body = AuthResponse),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Sign-ups are closed (`signups_disabled`) or by invitation only (`invite_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Email already registered (`email_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many registrations from this address; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/register")]
#[tracing::instrument(skip_all)]
pub async fn register(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    body: web::Json<RegisterRequest>,
) -> ApiResult<HttpResponse> {
    let issued = sign_in::register(&state, body.into_inner(), &client).await?;
    Ok(issued_response(HttpResponse::Created(), &req, &state, issued))
}

/// Signs in with email and password.
///
/// The answer always carries `mfa_required`. The refresh token is in the body (for mobile apps)
/// and in an httpOnly cookie scoped to `/api/auth` (for browsers).
#[utoipa::path(
    tag = "auth",
    params(("X-Refresh-Token-Transport" = Option<String>, Header, description = "`cookie`: leave the refresh token out of the body (browser apps; it is in the httpOnly cookie)")),
    request_body = LoginRequest,
    responses(
        (status = 200, description = "Signed in", body = AuthResponse),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Wrong email or password (`invalid_credentials`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account disabled (`account_disabled`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Empty fields (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many failed attempts for this account or address; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/login")]
#[tracing::instrument(skip_all)]
pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    body: web::Json<LoginRequest>,
) -> ApiResult<HttpResponse> {
    let issued = sign_in::login(&state, body.into_inner(), &client).await?;
    Ok(issued_response(HttpResponse::Ok(), &req, &state, issued))
}

/// The refresh token of a request: from the JSON body when given, else from the cookie.
fn presented_refresh_token(req: &HttpRequest, body: RefreshRequest) -> Option<String> {
    body.refresh_token
        .filter(|t| !t.is_empty())
        .or_else(|| req.cookie(REFRESH_COOKIE).map(|c| c.value().to_owned()).filter(|v| !v.is_empty()))
}

/// Exchanges a refresh token for a new access token and a new refresh token.
///
/// Send the token in the body (`refresh_token`) or rely on the cookie. Each refresh token works
/// once: presenting one that was already exchanged ends the whole session (`refresh_token_reused`).
#[utoipa::path(
    tag = "auth",
    params(("X-Refresh-Token-Transport" = Option<String>, Header, description = "`cookie`: leave the refresh token out of the body (browser apps; it is in the httpOnly cookie)")),
    request_body(content = Option<RefreshRequest>, description = "Optional when the refresh cookie is sent"),
    responses(
        (status = 200, description = "New tokens", body = AuthResponse),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No, unknown or reused token, or the session ended (`unauthenticated`, `invalid_token`, `refresh_token_reused`, `session_revoked`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Account disabled", body = Problem, content_type = "application/problem+json"),
    )
)]
#[post("/refresh")]
#[tracing::instrument(skip_all)]
pub async fn refresh(
    state: web::Data<AppState>,
    client: ClientInfo,
    req: HttpRequest,
    OptionalJson(body): OptionalJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let token = presented_refresh_token(&req, body).ok_or(ApiError::Unauthenticated)?;
    match sessions::refresh(&state, &token, &client).await {
        Ok(issued) => Ok(issued_response(HttpResponse::Ok(), &req, &state, issued)),
        Err(e @ (ApiError::RefreshTokenReused | ApiError::SessionRevoked | ApiError::InvalidToken)) => {
            let mut res = HttpResponse::build(actix_web::ResponseError::status_code(&e));
            clear_refresh_cookie(&mut res, &state);
            let problem = e.to_problem();
            Ok(res.content_type("application/problem+json").insert_header(("WWW-Authenticate", "Bearer")).json(problem))
        }
        Err(e) => Err(e),
    }
}

/// Signs out: ends the session of the bearer access token, or of the refresh token (body or
/// cookie). Its access tokens stop working at once.
#[utoipa::path(
    tag = "auth",
    request_body(content = Option<RefreshRequest>, description = "Optional; used when no bearer token is sent"),
    responses(
        (status = 204, description = "Signed out; the refresh cookie is cleared"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No valid access or refresh token", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[post("/logout")]
#[tracing::instrument(skip_all)]
pub async fn logout(
    state: web::Data<AppState>,
    client: ClientInfo,
    req: HttpRequest,
    OptionalJson(body): OptionalJson<RefreshRequest>,
) -> ApiResult<HttpResponse> {
    let access = bearer_token(&req);
    let refresh_token = presented_refresh_token(&req, body);
    sign_in::logout(&state, access.as_deref(), refresh_token.as_deref(), &client).await?;
    let mut res = HttpResponse::NoContent();
    clear_refresh_cookie(&mut res, &state);
    Ok(res.finish())
}
