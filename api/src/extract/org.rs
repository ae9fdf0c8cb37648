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
use crate::context::OrgContext;
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

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            if let Some(cached) = req.extensions().get::<OrgContext>() {
                return Ok(cached.clone());
            }
            let state = app_state(&req)?;
            let requested = requested_org(&req)?;
            let token = bearer_token(&req).ok_or(ApiError::Unauthenticated)?;
            let ctx = if token.starts_with(api_keys::KEY_PREFIX) {
                let limit = state.config.api_key_rate_limit;
                let (quota, ctx) = api_keys::authenticate(
                    &state.db,
                    &state.key_limits,
                    limit,
                    &token,
                    requested,
                    client_info(&req),
                    state.now(),
                )
                .await;
                if let Some(quota) = quota {
                    req.extensions_mut().insert(quota);
                }
                ctx?
            } else {
                access::person_org_context(&state, &token, client_info(&req), requested).await?
            };
            req.extensions_mut().insert(ctx.caller.clone());
            req.extensions_mut().insert(ctx.clone());
            Ok(ctx)
        })
    }
}
