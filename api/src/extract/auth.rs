//! The signed-in person, from a bearer access token, checked against the live session on every
//! request so that sign-out, revocation and disabling take effect at once on every instance.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::app_state;
use super::client_info::client_info;
use crate::context::{Actor, Caller};
use crate::error::ApiError;
use crate::services::auth::sessions;

/// The bearer token of a request, if any.
pub fn bearer_token(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_owned()).filter(|t| !t.is_empty())
}

/// A signed-in person (never an API key): the caller of `/api/auth/*` and `/api/admin/*`.
impl FromRequest for Caller {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(cached) = req.extensions().get::<Caller>() {
                return Ok(cached.clone());
            }
            let state = app_state(&req)?;
            let token = bearer_token(&req).ok_or(ApiError::Unauthenticated)?;
            let person = sessions::authenticate(&state, &token).await?;
            let caller = Caller { actor: Actor::Person(person), client: client_info(&req) };
            req.extensions_mut().insert(caller.clone());
            Ok(caller)
        })
    }
}
