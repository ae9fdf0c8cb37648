//! Usage ingest keys: issued by operators (ADMIN, STAFF) for one organization, shown once as
//! `omgi_<random>`, stored hashed, revocable. A key works on `POST /api/dashboard/usage-events`
//! only, with the one permission `usage.write`; it does not depend on who issued it or on the
//! organization's MFA rule, customers never see it, and the audit trail names it as the actor.

use base64::Engine;
use chrono::{DateTime, Utc};
use rand::RngCore;
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, Set};
use shared::audit::{AuditAction, IngestKeyNamed};
use shared::dto::common::Page;
use shared::dto::organizations::OrgStatus;
use shared::dto::usage::admin::{CreateIngestKeyRequest, CreatedIngestKey, IngestKey};
use shared::validation::DisplayName;
use uuid::Uuid;

use crate::context::{Caller, ClientInfo, IngestContext};
use crate::entities::organizations::organization;
use crate::entities::usage::ingest_key;
use crate::error::{ApiError, ApiResult};
use crate::list::{ListParams, SortKey, keyset};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::tenant::find_in_org;
use crate::services::platform::tokens::hash_token;

/// The prefix of every ingest key (an integrator's API key starts `omg_`).
pub const KEY_PREFIX: &str = "omgi_";

fn new_key() -> String {
    let mut raw = [0u8; 32];
    rand::rng().fill_bytes(&mut raw);
    format!("{KEY_PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(raw))
}

/// The organization an operator names in a path.
///
/// Errors: `NotFound`.
async fn organization(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<organization::Model> {
    organization::Entity::find_by_id(org_id).one(db).await?.ok_or(ApiError::NotFound)
}

/// Issues a key for an organization; the answer holds the key this once.
///
/// Errors: `NotFound` (no such organization), `Validation` (name).
#[tracing::instrument(skip_all, fields(org = %org_id))]
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    org_id: Uuid,
    req: CreateIngestKeyRequest,
) -> ApiResult<CreatedIngestKey> {
    let org = organization(db, org_id).await?;
    let name = DisplayName::parse("name", &req.name).map_err(|e| ApiError::Validation(vec![e]))?;
    let key = new_key();
    let saved = ingest_key::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(org.id),
        name: Set(name.into_inner()),
        prefix: Set(key.chars().take(KEY_PREFIX.len() + 8).collect()),
        key_hash: Set(hash_token(&key)),
        created_by: Set(caller.user().id),
        created_at: Set(now),
        last_used_at: Set(None),
        last_used_ip: Set(None),
        revoked_at: Set(None),
    }
    .insert(db)
    .await?;
    let event = AuditEvent::success(AuditAction::AdminUsageIngestKeyCreate)
        .by(&caller.actor)
        .org(org.id)
        .target("usage_ingest_key", saved.id)
        .details(&IngestKeyNamed { name: saved.name.clone(), organization_id: org.id });
    audit::record(db, now, &caller.client, event).await?;
    Ok(CreatedIngestKey { key, ingest_key: saved.to_dto() })
}

/// An organization's keys, newest first (revoked ones included).
///
/// Errors: `NotFound` (no such organization), `Validation` (cursor).
#[tracing::instrument(skip_all, fields(org = %org_id))]
pub async fn list(db: &impl ConnectionTrait, org_id: Uuid, params: &ListParams) -> ApiResult<Page<IngestKey>> {
    organization(db, org_id).await?;
    let rows = keyset::page_query(
        find_in_org::<ingest_key::Entity>(org_id),
        SortKey::by_id(true),
        ingest_key::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    let total = if params.with_total { Some(find_in_org::<ingest_key::Entity>(org_id).count(db).await?) } else { None };
    Ok(params.finish(rows, |k| (None, k.id), |k| k.to_dto(), total))
}

/// Revokes a key: it stops working at once.
///
/// Errors: `NotFound` (unknown or already revoked).
#[tracing::instrument(skip_all, fields(key = %id))]
pub async fn revoke(db: &impl ConnectionTrait, caller: &Caller, now: DateTime<Utc>, id: Uuid) -> ApiResult<()> {
    let key = ingest_key::Entity::find_by_id(id)
        .filter(ingest_key::Column::RevokedAt.is_null())
        .one(db)
        .await?
        .ok_or(ApiError::NotFound)?;
    ingest_key::Entity::update_many()
        .col_expr(ingest_key::Column::RevokedAt, Expr::value(now))
        .filter(ingest_key::Column::Id.eq(key.id))
        .exec(db)
        .await?;
    let event = AuditEvent::success(AuditAction::AdminUsageIngestKeyRevoke)
        .by(&caller.actor)
        .org(key.org_id)
        .target("usage_ingest_key", key.id)
        .details(&IngestKeyNamed { name: key.name, organization_id: key.org_id });
    audit::record(db, now, &caller.client, event).await?;
    Ok(())
}

/// Resolves a presented ingest key to its organization and records its use (to the minute; the
/// first use is audited, with the key as the actor).
///
/// Errors: `InvalidToken` (unknown or revoked), `OrgSuspended`.
#[tracing::instrument(skip_all)]
pub async fn authenticate(
    db: &impl ConnectionTrait,
    presented: &str,
    client: ClientInfo,
    now: DateTime<Utc>,
) -> ApiResult<IngestContext> {
    let found = ingest_key::Entity::find()
        .filter(ingest_key::Column::KeyHash.eq(hash_token(presented)))
        .filter(ingest_key::Column::RevokedAt.is_null())
        .find_also_related(organization::Entity)
        .one(db)
        .await?;
    let Some((key, Some(org))) = found else {
        return Err(ApiError::InvalidToken);
    };
    if org.status() != OrgStatus::Active {
        return Err(ApiError::OrgSuspended);
    }
    if key.last_used_at.is_none_or(|t| (now - t).num_seconds() >= 60) {
        ingest_key::Entity::update_many()
            .col_expr(ingest_key::Column::LastUsedAt, Expr::value(now))
            .col_expr(ingest_key::Column::LastUsedIp, Expr::value(client.ip.clone()))
            .filter(ingest_key::Column::Id.eq(key.id))
            .exec(db)
            .await?;
        if key.last_used_at.is_none() {
            let event = AuditEvent::success(AuditAction::UsageIngestKeyFirstUse)
                .by_ingest_key(key.id)
                .org(org.id)
                .target("usage_ingest_key", key.id)
                .details(&IngestKeyNamed { name: key.name.clone(), organization_id: org.id });
            audit::record(db, now, &client, event).await?;
        }
    }
    Ok(IngestContext { key_id: key.id, key_name: key.name, org, client })
}
