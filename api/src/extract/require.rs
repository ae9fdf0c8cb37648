//! Permission requirements as extractor types: `OrgPermission<perm::OrgUpdate>` in a handler's
//! signature means the handler only runs for members of the active organization holding it;
//! `AdminPermission<perm::AdminAuditRead>` the same for the operator's admin API.

use std::marker::PhantomData;
use std::ops::Deref;

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use futures_util::future::LocalBoxFuture;
use shared::{Permission, effective_permissions};

use super::app_state;
use super::auth_user::AuthUser;
use super::client_info::ClientInfo;
use super::org_context::OrgContext;
use crate::error::ApiError;
use crate::services::audit::{self, AuditEvent};

/// A type standing for one permission.
pub trait PermissionMarker: 'static {
    /// The permission.
    const PERMISSION: Permission;
}

/// One marker type per permission.
pub mod perm {
    use super::{Permission, PermissionMarker};

    macro_rules! markers {
        ($($name:ident),* $(,)?) => {$(
            #[doc = concat!("Marker for `Permission::", stringify!($name), "`.")]
            #[derive(Debug, Clone, Copy)]
            pub struct $name;
            impl PermissionMarker for $name {
                const PERMISSION: Permission = Permission::$name;
            }
        )*};
    }

    markers!(
        OrgRead,
        OrgUpdate,
        MembersRead,
        ApiKeysManage,
        AdminOrganizationsRead,
        AdminOrganizationsManage,
        AdminAuditRead,
        AdminSettingsManage,
        AdminUsersManage,
    );
}

/// The active organization, for a user holding permission `P` in it.
#[derive(Debug, Clone)]
pub struct OrgPermission<P: PermissionMarker>(pub OrgContext, PhantomData<P>);

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
pub struct AdminPermission<P: PermissionMarker>(pub AuthUser, PhantomData<P>);

impl<P: PermissionMarker> Deref for AdminPermission<P> {
    type Target = AuthUser;
    fn deref(&self) -> &AuthUser {
        &self.0
    }
}

impl<P: PermissionMarker> FromRequest for AdminPermission<P> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let fut = AuthUser::from_request(req, payload);
        let req = req.clone();
        Box::pin(async move {
            let user = fut.await?;
            // An ADMIN account holds every customer's data: no admin API without a second factor.
            if user.role() == shared::Role::Admin && !user.user.mfa_enabled() {
                return Err(ApiError::MfaEnrollmentRequired);
            }
            if effective_permissions(user.role(), None).contains(&P::PERMISSION) {
                return Ok(AdminPermission(user, PhantomData));
            }
            let state = app_state(&req)?;
            let event = AuditEvent::failure("admin.access_denied").actor(user.id(), &user.user.email).details(
                serde_json::json!({
                    "permission": P::PERMISSION.as_str(),
                    "method": req.method().as_str(),
                    "path": req.path(),
                }),
            );
            audit::record(&state.db, state.now(), &ClientInfo::of(&req), event).await?;
            Err(ApiError::Forbidden)
        })
    }
}
