//! Integrators' API keys: created by an organization's owners with a subset of their
//! permissions, shown once as `omg_<random>`, stored hashed, revocable, with the last use
//! recorded. A key works on `/api/dashboard/*` only, with exactly its permissions, and acts as
//! itself in the audit trail (with its creator named).

use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use shared::audit::{ApiKeyCreated, ApiKeyNamed, AuditAction};
use shared::dto::api_keys::{ApiKey, CreateApiKeyRequest, CreatedApiKey, MAX_RATE_LIMIT_PER_MINUTE};
use shared::dto::auth::UserStatus;
use shared::dto::common::Page;
use shared::dto::organizations::OrgStatus;
use shared::validation::DisplayName;
use shared::{FieldError, OrgRole, Permission, effective_permissions};
use uuid::Uuid;

use crate::context::{Actor, Caller, ClientInfo, KeyActor, OrgContext};
use crate::entities::api_keys::api_key;
use crate::entities::auth::user;
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{ListParams, SortKey, keyset};
use crate::services::api_keys::rate_limit::{KeyLimits, Quota};
use crate::services::auth::requirements;
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::tenant::find_in_org;
use crate::services::platform::tokens::hash_token;

/// The prefix of every key.
pub const KEY_PREFIX: &str = "omg_";

fn new_key() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    format!("{KEY_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw))
}

/// Creates a key for the active organization.
///
/// Errors: `EmailUnverified` (the creator has not confirmed their email), `Validation` (name,
/// permissions outside the creator's, expiry in the past).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn create(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    req: CreateApiKeyRequest,
) -> ApiResult<CreatedApiKey> {
    requirements::confirmed_email(ctx.actor())?;
    let mut errors = Vec::new();
    let name = DisplayName::parse("name", &req.name).map_err(|e| errors.push(e)).ok();
    let mut permissions = req.permissions.clone();
    permissions.sort();
    permissions.dedup();
    if permissions.is_empty() {
        errors.push(FieldError::new("permissions", "required", "Give the key at least one permission."));
    } else if permissions.iter().any(|p| !p.grantable_to_api_key() || !ctx.can(*p)) {
        errors.push(FieldError::new(
            "permissions",
            "not_allowed",
            "A key can only have organization permissions you hold yourself (and cannot manage keys).",
        ));
    }
    if req.expires_at.is_some_and(|e| e <= now) {
        errors.push(FieldError::new("expires_at", "in_the_past", "Choose an expiry in the future."));
    }
    if req.rate_limit_per_minute.is_some_and(|n| !(1..=MAX_RATE_LIMIT_PER_MINUTE).contains(&n)) {
        errors.push(FieldError::new(
            "rate_limit_per_minute",
            "out_of_range",
            "Choose from 1 to 100,000 requests a minute.",
        ));
    }
    let (Some(name), true) = (name, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let key = new_key();
    let model = api_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(ctx.org_id()),
        created_by: Set(ctx.actor().user_id()),
        name: Set(name.into_inner()),
        prefix: Set(key.chars().take(KEY_PREFIX.len() + 8).collect()),
        key_hash: Set(hash_token(&key)),
        permissions: Set(serde_json::to_string(&permissions).map_err(anyhow::Error::from)?),
        expires_at: Set(req.expires_at),
        last_used_at: Set(None),
        last_used_ip: Set(None),
        revoked_at: Set(None),
        created_at: Set(now),
        rate_limit_per_minute: Set(req.rate_limit_per_minute.and_then(|n| i32::try_from(n).ok())),
    };
    let saved = sea_orm::ActiveModelTrait::insert(model, db).await?;
    let details = ApiKeyCreated {
        name: saved.name.clone(),
        permissions,
        expires_at: saved.expires_at,
        rate_limit_per_minute: req.rate_limit_per_minute,
    };
    let event = AuditEvent::success(AuditAction::ApiKeyCreate)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("api_key", saved.id)
        .details(&details);
    audit::record(db, now, ctx.client(), event).await?;
    Ok(CreatedApiKey { key, api_key: saved.to_dto() })
}

/// The active organization's keys, newest first (revoked ones included).
///
/// Errors: `Validation` (cursor).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn list(db: &impl ConnectionTrait, ctx: &OrgContext, params: &ListParams) -> ApiResult<Page<ApiKey>> {
    let query = find_in_org::<api_key::Entity>(ctx.org_id());
    let rows = keyset::page_query(
        query,
        SortKey::by_id(true),
        api_key::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    let total =
        if params.with_total { Some(find_in_org::<api_key::Entity>(ctx.org_id()).count(db).await?) } else { None };
    Ok(params.finish(rows, |k| (None, k.id), |k| k.to_dto(), total))
}

/// Revokes a key of the active organization (another organization's answers `NotFound`).
///
/// Errors: `NotFound` (unknown, revoked, or another organization's).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id(), key = %id))]
pub async fn revoke(db: &impl ConnectionTrait, ctx: &OrgContext, now: DateTime<Utc>, id: Uuid) -> ApiResult<()> {
    let key = find_in_org::<api_key::Entity>(ctx.org_id())
        .filter(api_key::Column::Id.eq(id))
        .filter(api_key::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    api_key::Entity::update_many()
        .col_expr(api_key::Column::RevokedAt, Expr::value(now))
        .filter(api_key::Column::Id.eq(key.id))
        .exec(db)
        .await?;
    let event = AuditEvent::success(AuditAction::ApiKeyRevoke)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("api_key", key.id)
        .details(&ApiKeyNamed { name: key.name });
    audit::record(db, now, ctx.client(), event).await?;
    Ok(())
}

/// Resolves a presented key to its organization context and records its use (the first use is
/// audited). `requested` is the organization the request asked for with `X-Org-Id`, if any: a
/// key acts only in its own.
///
/// Each use takes one request from the key's bucket (see [`rate_limit`](super::rate_limit)):
/// the answer tells where the key stands whenever the key is known.
///
/// Errors: `InvalidToken` (unknown, revoked, expired, or its creator left or was disabled),
/// `KeyRateLimited`, `NotFound` (another organization asked for), `OrgSuspended`.
#[tracing::instrument(skip_all)]
pub async fn authenticate(
    db: &impl ConnectionTrait,
    limits: &KeyLimits,
    default_limit: u32,
    presented: &str,
    requested: Option<Uuid>,
    client: ClientInfo,
    now: DateTime<Utc>,
) -> (Option<Quota>, ApiResult<OrgContext>) {
    let found = api_key::Entity::find().filter(api_key::Column::KeyHash.eq(hash_token(presented))).one(db).await;
    let key = match found.map(|k| k.filter(|k| k.revoked_at.is_none() && k.expires_at.is_none_or(|e| e > now))) {
        Ok(Some(key)) => key,
        Ok(None) => return (None, Err(ApiError::InvalidToken)),
        Err(e) => return (None, Err(e.into())),
    };
    // Counted before anything else is read, so a key over its limit costs one lookup.
    let limit = key.rate_limit_per_minute.and_then(|n| u32::try_from(n).ok()).unwrap_or(default_limit);
    let quota = limits.take(key.id, limit, now);
    if let Some(retry_after_secs) = quota.retry_after_secs {
        return (Some(quota), Err(ApiError::KeyRateLimited { retry_after_secs }));
    }
    (Some(quota), key_context(db, key, requested, client, now).await)
}

/// The organization context of a live key: its organization, and its creator's standing there.
async fn key_context(
    db: &impl ConnectionTrait,
    key: api_key::Model,
    requested: Option<Uuid>,
    client: ClientInfo,
    now: DateTime<Utc>,
) -> ApiResult<OrgContext> {
    // The creator's membership of the key's organization, with the creator and the organization,
    // in one query.
    let found = find_in_org::<membership::Entity>(key.org_id)
        .filter(membership::Column::UserId.eq(key.created_by))
        .find_also_related(user::Entity)
        .find_also(membership::Entity, organization::Entity)
        .one(db)
        .await?;
    let Some((membership, Some(creator), Some(org))) = found else {
        return Err(ApiError::InvalidToken);
    };
    if creator.status() != UserStatus::Active {
        return Err(ApiError::InvalidToken);
    }
    if requested.is_some_and(|r| r != org.id) {
        return Err(ApiError::NotFound);
    }
    if org.status() != OrgStatus::Active {
        return Err(ApiError::OrgSuspended);
    }
    // A key acts for its creator: when the organization requires a second factor, a creator
    // without one cannot act through a key either.
    if org.mfa_required && !creator.mfa_enabled() {
        return Err(ApiError::MfaEnrollmentRequired);
    }
    let held = effective_permissions(creator.role(), Some(membership.org_role()));
    let permissions: Vec<Permission> =
        key.permissions().into_iter().filter(|p| held.contains(p) && p.grantable_to_api_key()).collect();
    let actor = Actor::ApiKey(KeyActor { key_id: key.id, name: key.name.clone(), creator });
    let stale = key.last_used_at.is_none_or(|t| (now - t).num_seconds() >= 60);
    if stale {
        api_key::Entity::update_many()
            .col_expr(api_key::Column::LastUsedAt, Expr::value(now))
            .col_expr(api_key::Column::LastUsedIp, Expr::value(client.ip.clone()))
            .filter(api_key::Column::Id.eq(key.id))
            .exec(db)
            .await?;
        if key.last_used_at.is_none() {
            let event = AuditEvent::success(AuditAction::ApiKeyFirstUse)
                .by(&actor)
                .org(org.id)
                .target("api_key", key.id)
                .details(&ApiKeyNamed { name: key.name.clone() });
            audit::record(db, now, &client, event).await?;
        }
    }
    Ok(OrgContext { caller: Caller { actor, client }, org, org_role: OrgRole::Member, permissions })
}
