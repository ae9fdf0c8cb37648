//! Permission requirements as extractor types: `OrgPermission<perm::OrgUpdate>` in a handler's
//! signature means the handler only runs for members of the active organization holding it;
//! `AdminPermission<perm::AdminAuditRead>` the same for the operator's admin API. The marker
//! types come from the permission catalogue in `shared`.

use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use shared::PermissionMarker;

use super::app_state;
use crate::context::{Caller, OrgContext};
use crate::error::ApiError;
use crate::services::platform::operators;

pub use shared::perm;

/// The active organization, for a caller holding permission `P` in it.
#[derive(Debug, Clone)]
pub struct OrgPermission<P: PermissionMarker>(pub OrgContext, PhantomData<fn() -> P>);

impl<P: PermissionMarker> Deref for OrgPermission<P> {
    type Target = OrgContext;
    fn deref(&self) -> &OrgContext {
        &self.0
    }
}

impl<P: PermissionMarker> FromRequest for OrgPermission<P> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fut = OrgContext::from_request(req, payload);
        Box::pin(async move {
            let ctx = fut.await?;
            if !ctx.can(P::PERMISSION) {
                return Err(ApiError::Forbidden);
            }
            Ok(OrgPermission(ctx, PhantomData))
        })
    }
}

/// An operator holding admin permission `P`. Refusals are audited.
#[derive(Debug, Clone)]
pub struct AdminPermission<P: PermissionMarker>(pub Caller, PhantomData<fn() -> P>);

impl<P: PermissionMarker> Deref for AdminPermission<P> {
    type Target = Caller;
    fn deref(&self) -> &Caller {
        &self.0
    }
}

impl<P: PermissionMarker> FromRequest for AdminPermission<P> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fut = Caller::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let caller = fut.await?;
            let state = app_state(&req)?;
            operators::require(&state.db, &caller, P::PERMISSION, req.method().as_str(), req.path(), state.now())
                .await?;
            Ok(AdminPermission(caller, PhantomData))
        })
    }
}
