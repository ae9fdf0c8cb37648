//! Integrators' API keys: created by an organization's owners with a subset of their
//! permissions, shown once as `omg_<random>`, stored hashed, revocable, with the last use
//! recorded. A key works on `/api/dashboard/*` only, with exactly its permissions.

use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder, Set};
use shared::dto::dashboard::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use shared::validation::DisplayName;
use shared::{Permission, effective_permissions};
use uuid::Uuid;

use super::audit::{self, AuditEvent};
use super::tenant::{TenantOwned, find_in_org};
use super::tokens::hash_token;
use crate::db::begin_write;
use crate::entities::{api_key, membership, organization, user};
use crate::error::{ApiError, ApiResult};
use crate::extract::client_info::ClientInfo;
use crate::extract::org_context::OrgContext;
use crate::state::AppState;

/// The prefix of every key.
pub const KEY_PREFIX: &str = "omg_";

impl TenantOwned for api_key::Entity {
    fn org_column() -> Self::Column {
        api_key::Column::OrgId
    }
}

fn new_key() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    format!("{KEY_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw))
}

/// Creates a key for the active organization.
///
/// Errors: `Validation` (name, permissions outside the creator's, expiry in the past).
pub async fn create(
    state: &AppState,
    ctx: &OrgContext,
    req: CreateApiKeyRequest,
    client: &ClientInfo,
) -> ApiResult<CreatedApiKey> {
    let mut errors = Vec::new();
    let name = DisplayName::parse("name", &req.name).map_err(|e| errors.push(e)).ok();
    let mut permissions = req.permissions.clone();
    permissions.sort();
    permissions.dedup();
    if permissions.is_empty() {
        errors.push(shared::FieldError::new("permissions", "required", "Give the key at least one permission."));
    } else if permissions.iter().any(|p| !p.is_org_scoped() || *p == Permission::ApiKeysManage || !ctx.can(*p)) {
        errors.push(shared::FieldError::new(
            "permissions",
            "not_allowed",
            "A key can only have organization permissions you hold yourself (and cannot manage keys).",
        ));
    }
    let now = state.now();
    if req.expires_at.is_some_and(|e| e <= now) {
        errors.push(shared::FieldError::new("expires_at", "in_the_past", "Choose an expiry in the future."));
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let key = new_key();
    let model = api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(ctx.org_id()),
        created_by: Set(ctx.user.id()),
        name: Set(name.into_inner()),
        prefix: Set(key.chars().take(KEY_PREFIX.len() + 8).collect()),
        key_hash: Set(hash_token(&key)),
        permissions: Set(serde_json::to_string(&permissions).map_err(anyhow::Error::from)?),
        expires_at: Set(req.expires_at),
        last_used_at: Set(None),
        last_used_ip: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
    };
    let tx = begin_write(&state.db).await?;
    let saved = sea_orm::ActiveModelTrait::insert(model, &tx).await?;
    let event = AuditEvent::success("api_key.create")
        .actor(ctx.user.id(), &ctx.user.user.email)
        .org(ctx.org_id())
        .target("api_key", saved.id)
        .details(serde_json::json!({ "name": saved.name, "permissions": permissions, "expires_at": saved.expires_at }));
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(CreatedApiKey { key, api_key: saved.to_dto() })
}

/// The active organization's keys, newest first.
pub async fn list(state: &AppState, ctx: &OrgContext) -> ApiResult<Vec<ApiKey>> {
    let rows = find_in_org::<api_key::Entity>(ctx.org_id()).order_by_desc(api_key::Column::Id).all(&state.db).await?;
    Ok(rows.iter().map(api_key::Model::to_dto).collect())
}

/// Revokes a key of the active organization (another organization's answers `NotFound`).
pub async fn revoke(state: &AppState, ctx: &OrgContext, id: Uuid, client: &ClientInfo) -> ApiResult<()> {
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    let key = find_in_org::<api_key::Entity>(ctx.org_id())
        .filter(api_key::Column::Id.eq(id))
        .filter(api_key::Column::RevokedAt.is_null())
        .one(&tx)
        .await?
        .ok_or(ApiError::NotFound)?;
    api_key::Entity::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(now))
        .filter(api_key::Column::Id.eq(key.id))
        .exec(&tx)
        .await?;
    let event = AuditEvent::success("api_key.revoke")
        .actor(ctx.user.id(), &ctx.user.user.email)
        .org(ctx.org_id())
        .target("api_key", key.id)
        .details(serde_json::json!({ "name": key.name }));
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(())
}

/// What a presented key resolves to.
pub struct KeyPrincipal {
    /// The key.
    pub key: api_key::Model,
    /// Its organization.
    pub org: organization::Model,
    /// The user who created it.
    pub creator: user::Model,
    /// What it may do now: its permissions that its creator still holds.
    pub permissions: Vec<Permission>,
}

/// Resolves a presented key and records its use (the first use is audited).
///
/// Errors: `InvalidToken` (unknown, revoked, expired, or its creator left or was disabled).
pub async fn authenticate(
    state: &AppState,
    presented: &str,
    client: &ClientInfo,
    now: DateTime<Utc>,
) -> ApiResult<KeyPrincipal> {
    let key = api_key::Entity::find()
        .filter(api_key::Column::KeyHash.eq(hash_token(presented)))
        .one(&state.db)
        .await?
        .filter(|k| k.revoked_at.is_none() && k.expires_at.is_none_or(|e| e > now))
        .ok_or(ApiError::InvalidToken)?;
    let org = organization::Entity::find_by_id(key.org_id).one(&state.db).await?.ok_or(ApiError::InvalidToken)?;
    let creator = user::Entity::find_by_id(key.created_by)
        .one(&state.db)
        .await?
        .filter(|u| u.status() == shared::dto::auth::UserStatus::Active)
        .ok_or(ApiError::InvalidToken)?;
    let membership = find_in_org::<membership::Entity>(org.id)
        .filter(membership::Column::UserId.eq(creator.id))
        .one(&state.db)
        .await?
        .ok_or(ApiError::InvalidToken)?;
    let held = effective_permissions(creator.role(), Some(membership.org_role()));
    let permissions =
        key.permissions().into_iter().filter(|p| held.contains(p) && *p != Permission::ApiKeysManage).collect();
    let stale = key.last_used_at.is_none_or(|t| (now - t).num_seconds() >= 60);
    if stale {
        api_key::Entity::update_many()
            .col_expr(api_key::Column::LastUsedAt, Expr::value(now))
            .col_expr(api_key::Column::LastUsedIp, Expr::value(client.ip.clone()))
            .filter(api_key::Column::Id.eq(key.id))
            .exec(&state.db)
            .await?;
        if key.last_used_at.is_none() {
            let event = AuditEvent::success("api_key.first_use")
                .actor(creator.id, &creator.email)
                .org(org.id)
                .target("api_key", key.id)
                .details(serde_json::json!({ "name": key.name }));
            audit::record(&state.db, now, client, event).await?;
        }
    }
    Ok(KeyPrincipal { key, org, creator, permissions })
}
