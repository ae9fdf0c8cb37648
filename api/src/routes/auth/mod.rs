//! `/api/auth/*`: registration, sign-in, token refresh, sign-out, the current user, sessions.

mod account;
mod invitations;
mod me;
mod mfa;
mod notifications;
mod sessions;
mod sign_in;

use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, HttpResponseBuilder};
use utoipa_actix_web::service_config::ServiceConfig;

use crate::services::auth::sessions::IssuedTokens;
use crate::state::AppState;

/// Name of the refresh-token cookie (httpOnly, scoped to `/api/auth`).
pub const REFRESH_COOKIE: &str = "omg_refresh";

/// Registers the `/auth` routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(sign_in::register)
        .service(sign_in::login)
        .service(sign_in::refresh)
        .service(sign_in::logout)
        .service(mfa::setup)
        .service(mfa::enable)
        .service(mfa::regenerate_recovery_codes)
        .service(mfa::disable)
        .service(mfa::verify)
        .service(account::forgot_password)
        .service(account::reset_password)
        .service(account::change_password)
        .service(account::verify_email)
        .service(account::resend_verification)
        .service(me::me)
        .service(me::update_me)
        .service(notifications::notification_preferences)
        .service(notifications::update_notification_preferences)
        .service(sessions::list_sessions)
        .service(sessions::revoke_session)
        .service(sessions::revoke_other_sessions)
        .service(invitations::preview_invitation)
        .service(invitations::accept_invitation);
}

fn refresh_cookie(state: &AppState, value: String, max_age_secs: i64) -> Cookie<'static> {
    Cookie::build(REFRESH_COOKIE, value)
        .path("/api/auth")
        .http_only(true)
        .secure(state.config.cookie_secure)
        .same_site(SameSite::Strict)
        .max_age(CookieDuration::seconds(max_age_secs))
        .finish()
}

/// The header with which a browser app asks for the refresh token in the cookie only.
pub const REFRESH_TRANSPORT_HEADER: &str = "x-refresh-token-transport";

/// The answer to a request that issued tokens: the refresh token goes into the httpOnly cookie,
/// and into the body as well unless the client sent `X-Refresh-Token-Transport: cookie` (the
/// web app does; mobile apps and integrators keep it in the body).
fn issued_response(
    mut res: HttpResponseBuilder,
    req: &HttpRequest,
    state: &AppState,
    issued: IssuedTokens,
) -> HttpResponse {
    let operator = issued.body.user.as_ref().is_some_and(|u| u.role.is_operator());
    if let Some(token) = issued.refresh_token.as_deref() {
        let max_age = state.config.session_lifetime(operator).num_seconds();
        res.cookie(refresh_cookie(state, token.to_owned(), max_age));
    }
    let cookie_only = req
        .headers()
        .get(REFRESH_TRANSPORT_HEADER)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.trim().eq_ignore_ascii_case("cookie"));
    let mut body = issued.body;
    if cookie_only {
        body.refresh_token = None;
    }
    res.json(body)
}

/// Clears the refresh cookie.
fn clear_refresh_cookie(res: &mut HttpResponseBuilder, state: &AppState) {
    res.cookie(refresh_cookie(state, String::new(), 0));
}
