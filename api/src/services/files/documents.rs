//! The secure document vault of an organization: recording an upload (the ciphertext is in the
//! store, the wrapped data key in the row), listing and reading what the caller may read,
//! sharing with members, the audited download, the download trail, deletion.
//!
//! OWNERs (holders of `documents.manage`) read every document; members read the documents
//! shared with them; anyone else gets 404. Every upload, share change, download and deletion is
//! an audit row the organization's OWNERs see.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, QueryTrait, Select, Set,
};
use shared::audit::{AuditAction, DocumentNamed, DocumentShared};
use shared::dto::audit::AuditLogEntry;
use shared::dto::common::Page;
use shared::dto::files::{Document, MAX_DOCUMENT_SHARES, SetDocumentSharesRequest};
use shared::events::DomainEventType;
use shared::{Permission, Role};
use uuid::Uuid;

use super::upload::Received;
use super::{quota, vault};
use crate::context::OrgContext;
use crate::entities::auth::user;
use crate::entities::files::{document, document_share};
use crate::entities::platform::audit_log;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{ListParams, SortKey, keyset};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::events::{self, DomainEvent};
use crate::services::platform::secrets::Secrets;
use crate::services::platform::tenant::find_in_org;

/// The text part of an upload naming its expiry (RFC 3339, optional).
pub const EXPIRES_AT_PART: &str = "expires_at";

/// Where a document's ciphertext is stored.
pub fn storage_key(org_id: Uuid, id: Uuid) -> String {
    format!("orgs/{org_id}/documents/{id}")
}

fn reads_all(ctx: &OrgContext) -> bool {
    ctx.can(Permission::DocumentsManage)
}

/// The documents the caller may read.
fn visible(ctx: &OrgContext) -> Select<document::Entity> {
    let q = find_in_org::<document::Entity>(ctx.org_id()).filter(document::Column::DeletedAt.is_null());
    if reads_all(ctx) {
        return q;
    }
    let shared_with_me = document_share::Entity::find()
        .select_only()
        .column(document_share::Column::DocumentId)
        .filter(document_share::Column::OrgId.eq(ctx.org_id()))
        .filter(document_share::Column::UserId.eq(ctx.actor().user_id()))
        .into_query();
    q.filter(document::Column::Id.in_subquery(shared_with_me))
}

async fn shares_of(db: &impl ConnectionTrait, ids: Vec<Uuid>) -> ApiResult<HashMap<Uuid, Vec<Uuid>>> {
    let mut out: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if ids.is_empty() {
        return Ok(out);
    }
    let rows = document_share::Entity::find().filter(document_share::Column::DocumentId.is_in(ids)).all(db).await?;
    for r in rows {
        out.entry(r.document_id).or_default().push(r.user_id);
    }
    for users in out.values_mut() {
        users.sort();
    }
    Ok(out)
}

/// The wire view of a document, with the members it is shared with.
pub async fn to_dto(db: &impl ConnectionTrait, model: &document::Model) -> ApiResult<Document> {
    let mut shares = shares_of(db, vec![model.id]).await?;
    Ok(model.to_dto(shares.remove(&model.id).unwrap_or_default()))
}

/// Reads the optional `expires_at` part of an upload.
///
/// Errors: `Validation` (`expires_at`: not RFC 3339, or not in the future).
pub fn parse_expiry(received: &Received, now: DateTime<Utc>) -> ApiResult<Option<DateTime<Utc>>> {
    let Some(raw) = received.fields.get(EXPIRES_AT_PART).map(|s| s.trim()).filter(|s| !s.is_empty()) else {
        return Ok(None);
    };
    let at = DateTime::parse_from_rfc3339(raw)
        .map_err(|_| {
            ApiError::field(EXPIRES_AT_PART, "invalid_format", "Use an RFC 3339 time, e.g. 2030-01-31T12:00:00Z.")
        })?
        .with_timezone(&Utc);
    if at <= now {
        return Err(ApiError::field(EXPIRES_AT_PART, "in_the_past", "Choose an expiry in the future."));
    }
    Ok(Some(at))
}

/// Records a received document whose ciphertext is stored under [`storage_key`] and whose data
/// key is `wrapped_key`; audits it and emits `document.uploaded`, in the caller's transaction.
///
/// Errors: `QuotaExceeded` (another upload took the room meanwhile).
#[allow(clippy::too_many_arguments)]
pub async fn record(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    secrets: &Secrets,
    now: DateTime<Utc>,
    id: Uuid,
    received: Received,
    wrapped_key: String,
    expires_at: Option<DateTime<Utc>>,
) -> ApiResult<Document> {
    quota::check_room(db, ctx.org_id(), received.size).await?;
    vault::remember(db, secrets, now).await?;
    let model = document::ActiveModel {
        id: Set(id),
        org_id: Set(ctx.org_id()),
        uploaded_by: Set(ctx.actor().user_id()),
        name: Set(received.name),
        size: Set(i64::try_from(received.size).map_err(anyhow::Error::from)?),
        content_type: Set(received.content_type.to_owned()),
        sha256: Set(received.sha256),
        storage_key: Set(storage_key(ctx.org_id(), id)),
        wrapped_key: Set(wrapped_key),
        format_version: Set(super::crypto::FORMAT_VERSION),
        expires_at: Set(expires_at),
        created_at: Set(now),
        deleted_at: Set(None),
    }
    .insert(db)
    .await?;
    let entry = AuditEvent::success(AuditAction::DocumentUpload)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("document", id)
        .details(&DocumentNamed { name: model.name.clone() });
    audit::record(db, now, ctx.client(), entry).await?;
    let dto = model.to_dto(Vec::new());
    let event =
        DomainEvent { event_type: DomainEventType::DocumentUploaded, org_id: ctx.org_id(), subject_id: id, data: &dto };
    events::emit(db, now, event).await?;
    Ok(dto)
}

/// The documents the caller may read, newest first.
///
/// Errors: `Validation` (cursor).
pub async fn list(db: &impl ConnectionTrait, ctx: &OrgContext, params: &ListParams) -> ApiResult<Page<Document>> {
    let rows = keyset::page_query(
        visible(ctx),
        SortKey::by_id(true),
        document::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    let mut shares = shares_of(db, rows.iter().map(|r| r.id).collect()).await?;
    Ok(params.finish(
        rows,
        |r| (None, r.id),
        |r| {
            let with = shares.remove(&r.id).unwrap_or_default();
            r.to_dto(with)
        },
        None,
    ))
}

/// One document the caller may read.
///
/// Errors: `NotFound` (unknown, deleted, another organization's, or not shared with the caller).
pub async fn get(db: &impl ConnectionTrait, ctx: &OrgContext, id: Uuid) -> ApiResult<document::Model> {
    visible(ctx).filter(document::Column::Id.eq(id)).one(db).await?.ok_or(ApiError::NotFound)
}

/// Replaces the members a document is shared with; audited.
///
/// Errors: `NotFound`, `Validation` (`user_ids`: too many, or not members of the organization
/// who may read documents — VENDORs may not).
pub async fn set_shares(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    id: Uuid,
    req: SetDocumentSharesRequest,
) -> ApiResult<Document> {
    let doc = get(db, ctx, id).await?;
    let mut user_ids = req.user_ids;
    user_ids.sort();
    user_ids.dedup();
    if user_ids.len() > MAX_DOCUMENT_SHARES {
        return Err(ApiError::field(
            "user_ids",
            "too_many",
            format!("Share with at most {MAX_DOCUMENT_SHARES} members."),
        ));
    }
    let members = find_in_org::<membership::Entity>(ctx.org_id())
        .filter(membership::Column::UserId.is_in(user_ids.clone()))
        .find_also_related(user::Entity)
        .all(db)
        .await?;
    let readers: Vec<Uuid> = members
        .iter()
        .filter_map(|(m, u)| u.as_ref().filter(|u| u.role() != Role::Vendor).map(|_| m.user_id))
        .collect();
    let strangers: Vec<String> = user_ids.iter().filter(|u| !readers.contains(u)).map(Uuid::to_string).collect();
    if !strangers.is_empty() {
        return Err(ApiError::field(
            "user_ids",
            "not_a_member",
            format!("Share with members of the organization (not vendors): {}.", strangers.join(", ")),
        ));
    }
    document_share::Entity::delete_many().filter(document_share::Column::DocumentId.eq(doc.id)).exec(db).await?;
    if !user_ids.is_empty() {
        let rows = user_ids.iter().map(|u| document_share::ActiveModel {
            document_id: Set(doc.id),
            user_id: Set(*u),
            org_id: Set(ctx.org_id()),
            created_at: Set(now),
        });
        document_share::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    let entry = AuditEvent::success(AuditAction::DocumentShare)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("document", doc.id)
        .details(&DocumentShared { name: doc.name.clone(), user_ids: user_ids.clone() });
    audit::record(db, now, ctx.client(), entry).await?;
    Ok(doc.to_dto(user_ids))
}

/// A document about to be downloaded: readable by the caller and not expired; the download is
/// audited in the caller's transaction.
///
/// Errors: `NotFound`, `DocumentExpired`.
pub async fn start_download(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    id: Uuid,
) -> ApiResult<document::Model> {
    let doc = get(db, ctx, id).await?;
    if doc.expires_at.is_some_and(|e| e <= now) {
        return Err(ApiError::DocumentExpired);
    }
    let entry = AuditEvent::success(AuditAction::DocumentDownload)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("document", doc.id)
        .details(&DocumentNamed { name: doc.name.clone() });
    audit::record(db, now, ctx.client(), entry).await?;
    Ok(doc)
}

/// A document's downloads, newest first (its audit rows).
///
/// Errors: `NotFound`, `Validation` (cursor).
pub async fn downloads(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    id: Uuid,
    params: &ListParams,
) -> ApiResult<Page<AuditLogEntry>> {
    let doc = get(db, ctx, id).await?;
    let q = audit_log::Entity::find()
        .filter(audit_log::Column::OrgId.eq(ctx.org_id()))
        .filter(audit_log::Column::Action.eq(AuditAction::DocumentDownload.as_str()))
        .filter(audit_log::Column::TargetType.eq("document"))
        .filter(audit_log::Column::TargetId.eq(doc.id.to_string()));
    let rows = keyset::page_query(
        q,
        SortKey::by_id(true),
        audit_log::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    Ok(params.finish(rows, |r| (None, r.id), |r| r.to_dto(), None))
}

/// Marks a document deleted and drops its shares; audited. The caller deletes the ciphertext
/// after the commit. Returns the document as it was.
///
/// Errors: `NotFound`.
pub async fn delete(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    id: Uuid,
) -> ApiResult<document::Model> {
    let doc = get(db, ctx, id).await?;
    document::Entity::update_many()
        .col_expr(document::Column::DeletedAt, Expr::value(now))
        .filter(document::Column::Id.eq(doc.id))
        .exec(db)
        .await?;
    document_share::Entity::delete_many().filter(document_share::Column::DocumentId.eq(doc.id)).exec(db).await?;
    let entry = AuditEvent::success(AuditAction::DocumentDelete)
        .by(ctx.actor())
        .org(ctx.org_id())
        .target("document", doc.id)
        .details(&DocumentNamed { name: doc.name.clone() });
    audit::record(db, now, ctx.client(), entry).await?;
    Ok(doc)
}
