//! The caller of usage ingestion: a usage ingest key (`omgi_…`). Any other credential is judged
//! as on every tenant route and then refused, since no role and no customer's key holds
//! `usage.write`: a session or an API key answers 403, a bad token 401.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;

use super::app_state;
use super::auth::bearer_token;
use super::client_info::client_info;
use super::require::{OrgPermission, perm};
use crate::context::IngestContext;
use crate::error::ApiError;
use crate::services::usage::ingest_keys;

impl FromRequest for IngestContext {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let token = bearer_token(req);
        if !token.as_deref().is_some_and(|t| t.starts_with(ingest_keys::KEY_PREFIX)) {
            let other = OrgPermission::<perm::UsageWrite>::from_request(req, payload);
            return Box::pin(async move {
                other.await?;
                Err(ApiError::Forbidden)
            });
        }
        let req = req.clone();
        Box::pin(async move {
            let state = app_state(&req)?;
            let token = token.ok_or(ApiError::Unauthenticated)?;
            ingest_keys::authenticate(&state.db, &token, client_info(&req), state.now()).await
        })
    }
}
