//! The active organization of a request: from `X-Org-Id`, or the user's first membership; for an
//! API key, the key's organization. Membership is checked once, by the tenancy service; an
//! organization the caller is not a member of answers 404.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use uuid::Uuid;

use super::app_state;
use super::auth::bearer_token;
use super::client_info::client_info;
use crate::context::{Caller, OrgContext};
use crate::error::ApiError;
use crate::services::api_keys::keys as api_keys;
use crate::services::organizations::access;

/// The header that selects the active organization.
pub const ORG_HEADER: &str = "x-org-id";

/// The organization asked for with `X-Org-Id`: `None` when absent; a malformed id answers 404
/// like any organization the caller cannot see.
fn requested_org(req: &HttpRequest) -> Result<Option<Uuid>, ApiError> {
    match req.headers().get(ORG_HEADER) {
        None => Ok(None),
        Some(v) => v.to_str().ok().and_then(|s| Uuid::parse_str(s.trim()).ok()).map(Some).ok_or(ApiError::NotFound),
    }
}

impl FromRequest for OrgContext {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let presented_key = bearer_token(&req).filter(|t| t.starts_with(api_keys::KEY_PREFIX));
        let caller_fut = (presented_key.is_none()).then(|| Caller::from_request(&req, payload));
        Box::pin(async move {
            if let Some(cached) = req.extensions().get::<OrgContext>() {
                return Ok(cached.clone());
            }
            let state = app_state(&req)?;
            let requested = requested_org(&req)?;
            let ctx = match (presented_key, caller_fut) {
                (Some(key), _) => {
                    api_keys::authenticate(&state.db, &key, requested, client_info(&req), state.now()).await?
                }
                (None, Some(fut)) => access::org_context(&state.db, fut.await?, requested).await?,
                (None, None) => return Err(ApiError::Unauthenticated),
            };
            req.extensions_mut().insert(ctx.clone());
            Ok(ctx)
        })
    }
}
