//! The active organization of a request: from `X-Org-Id`, or the user's first membership.
//! Membership is checked here, once; an organization the user is not a member of answers 404.

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpMessage, HttpRequest};
use futures_util::future::LocalBoxFuture;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use shared::dto::common::OrgStatus;
use shared::{OrgRole, Permission, effective_permissions};
use uuid::Uuid;

use super::app_state;
use super::auth_user::{AuthUser, bearer_token};
use super::client_info::ClientInfo;
use crate::entities::{membership, organization};
use crate::error::ApiError;
use crate::services::api_keys;
use crate::state::AppState;

/// The header that selects the active organization.
pub const ORG_HEADER: &str = "x-org-id";

/// The signed-in user acting in one organization they belong to.
#[derive(Debug, Clone)]
pub struct OrgContext {
    /// The user.
    pub user: AuthUser,
    /// The active organization.
    pub org: organization::Model,
    /// The user's role in it.
    pub org_role: OrgRole,
    /// What the user may do in it.
    pub permissions: Vec<Permission>,
    /// The API key the request came with, when it did not come from a signed-in person.
    pub api_key: Option<Uuid>,
}

impl OrgContext {
    /// The active organization's id: the value every tenant query filters on.
    pub fn org_id(&self) -> Uuid {
        self.org.id
    }

    /// Whether the user holds a permission here.
    pub fn can(&self, p: Permission) -> bool {
        self.permissions.contains(&p)
    }
}

/// The context of a request that came with an API key: its organization, its permissions.
async fn from_api_key(req: &HttpRequest, state: &AppState, key: &str) -> Result<OrgContext, ApiError> {
    let client = ClientInfo::of(req);
    let p = api_keys::authenticate(state, key, &client, state.now()).await?;
    if let Some(v) = req.headers().get(ORG_HEADER) {
        let asked = v.to_str().ok().and_then(|s| Uuid::parse_str(s.trim()).ok());
        if asked != Some(p.org.id) {
            return Err(ApiError::NotFound);
        }
    }
    if p.org.status() != OrgStatus::Active {
        return Err(ApiError::OrgSuspended);
    }
    let org_role = shared::OrgRole::Member;
    Ok(OrgContext {
        user: AuthUser { user: p.creator, session_id: Uuid::nil() },
        org: p.org,
        org_role,
        permissions: p.permissions,
        api_key: Some(p.key.id),
    })
}

impl FromRequest for OrgContext {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let req = req.clone();
        let presented_key = bearer_token(&req).filter(|t| t.starts_with(api_keys::KEY_PREFIX));
        let user_fut = AuthUser::from_request(&req, payload);
        Box::pin(async move {
            if let Some(cached) = req.extensions().get::<OrgContext>() {
                return Ok(cached.clone());
            }
            let state = app_state(&req)?;
            if let Some(key) = presented_key {
                let ctx = from_api_key(&req, &state, &key).await?;
                req.extensions_mut().insert(ctx.clone());
                return Ok(ctx);
            }
            let user = user_fut.await?;
            let requested = match req.headers().get(ORG_HEADER) {
                None => None,
                Some(v) => {
                    Some(v.to_str().ok().and_then(|s| Uuid::parse_str(s.trim()).ok()).ok_or(ApiError::NotFound)?)
                }
            };
            let mut query = membership::Entity::find()
                .find_also_related(organization::Entity)
                .filter(membership::Column::UserId.eq(user.id()));
            if let Some(org_id) = requested {
                query = query.filter(membership::Column::OrgId.eq(org_id));
            }
            let found = query
                .order_by_asc(membership::Column::CreatedAt)
                .order_by_asc(membership::Column::Id)
                .one(&state.db)
                .await?;
            let Some((m, Some(org))) = found else {
                return Err(ApiError::NotFound);
            };
            if org.status() != OrgStatus::Active {
                return Err(ApiError::OrgSuspended);
            }
            if org.mfa_required && !user.user.mfa_enabled() {
                return Err(ApiError::MfaEnrollmentRequired);
            }
            let org_role = m.org_role();
            let permissions = effective_permissions(user.role(), Some(org_role));
            let ctx = OrgContext { user, org, org_role, permissions, api_key: None };
            req.extensions_mut().insert(ctx.clone());
            Ok(ctx)
        })
    }
}
