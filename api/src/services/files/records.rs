//! File records of an organization: recording an upload, listing, reading, deleting. Every read goes
//! through [`visible`]: the active organization's files that are not deleted, and for a VENDOR
//! only the files they uploaded themselves (the vendor rule of automations narrows this further
//! once files attach to tasks).

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select, Set};
use shared::dto::common::Page;
use shared::dto::files::{FileInfo, FilesFilter};
use shared::events::DomainEventType;
use shared::{OrgRole, Role};
use uuid::Uuid;

use super::quota;
use super::upload::Received;
use crate::context::OrgContext;
use crate::entities::files::file;
use crate::error::{ApiError, ApiResult};
use crate::list::{FixedOrder, ListParams, SortKey, keyset};
use crate::services::platform::events::{self, DomainEvent};
use crate::services::platform::tenant::find_in_org;

/// Where a file's bytes are stored.
pub fn storage_key(org_id: Uuid, id: Uuid) -> String {
    format!("orgs/{org_id}/files/{id}")
}

/// Whether the caller is a VENDOR (who sees only what the vendor rule lets through).
pub fn is_vendor(ctx: &OrgContext) -> bool {
    ctx.actor().role() == Role::Vendor
}

/// The files the caller may see.
pub fn visible(ctx: &OrgContext) -> Select<file::Entity> {
    let q = find_in_org::<file::Entity>(ctx.org_id()).filter(file::Column::DeletedAt.is_null());
    if is_vendor(ctx) { q.filter(file::Column::UploadedBy.eq(ctx.actor().user_id())) } else { q }
}

/// Records a received file (its bytes are stored under [`storage_key`]) and emits
/// `file.uploaded`, in the caller's transaction.
///
/// Errors: `QuotaExceeded` (another upload took the room meanwhile).
pub async fn record(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    id: Uuid,
    received: Received,
) -> ApiResult<FileInfo> {
    quota::check_room(db, ctx.org_id(), received.size).await?;
    let model = file::ActiveModel {
        id: Set(id),
        org_id: Set(ctx.org_id()),
        uploaded_by: Set(ctx.actor().user_id()),
        name: Set(received.name),
        size: Set(i64::try_from(received.size).map_err(anyhow::Error::from)?),
        content_type: Set(received.content_type.to_owned()),
        sha256: Set(received.sha256),
        storage_key: Set(storage_key(ctx.org_id(), id)),
        attached_kind: Set(None),
        attached_id: Set(None),
        attached_at: Set(None),
        created_at: Set(now),
        deleted_at: Set(None),
    }
    .insert(db)
    .await?;
    let dto = model.to_dto();
    let event =
        DomainEvent { event_type: DomainEventType::FileUploaded, org_id: ctx.org_id(), subject_id: id, data: &dto };
    events::emit(db, now, event).await?;
    Ok(dto)
}

/// The files the caller may see, newest first, with the filters.
///
/// Errors: `Validation` (cursor).
pub async fn list(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    params: &ListParams<FixedOrder, FilesFilter>,
) -> ApiResult<Page<FileInfo>> {
    let f = &params.filter;
    let mut q = visible(ctx);
    if let Some(by) = f.uploaded_by {
        q = q.filter(file::Column::UploadedBy.eq(by));
    }
    if let Some(kind) = f.attached_kind {
        q = q.filter(file::Column::AttachedKind.eq(kind.as_str()));
    }
    if let Some(id) = f.attached_id {
        q = q.filter(file::Column::AttachedId.eq(id));
    }
    match f.unattached {
        Some(true) => q = q.filter(file::Column::AttachedKind.is_null()),
        Some(false) => q = q.filter(file::Column::AttachedKind.is_not_null()),
        None => {}
    }
    let rows =
        keyset::page_query(q, SortKey::by_id(true), file::Column::Id, params.after.as_ref(), params.fetch_limit())?
            .all(db)
            .await?;
    Ok(params.finish(rows, |r| (None, r.id), |r| r.to_dto(), None))
}

/// One file the caller may see.
///
/// Errors: `NotFound` (unknown, deleted, another organization's, or not the vendor's own).
pub async fn get(db: &impl ConnectionTrait, ctx: &OrgContext, id: Uuid) -> ApiResult<file::Model> {
    visible(ctx).filter(file::Column::Id.eq(id)).one(db).await?.ok_or(ApiError::NotFound)
}

/// Marks a file deleted (its uploader or an OWNER); the caller deletes the bytes after the
/// commit. Returns the file as it was.
///
/// Errors: `NotFound` (as [`get`]), `Forbidden` (someone else's file, and not an OWNER).
pub async fn delete(
    db: &impl ConnectionTrait,
    ctx: &OrgContext,
    now: DateTime<Utc>,
    id: Uuid,
) -> ApiResult<file::Model> {
    let found = get(db, ctx, id).await?;
    if found.uploaded_by != ctx.actor().user_id() && ctx.org_role != OrgRole::Owner {
        return Err(ApiError::Forbidden);
    }
    file::Entity::update_many()
        .col_expr(file::Column::DeletedAt, Expr::value(now))
        .filter(file::Column::Id.eq(found.id))
        .exec(db)
        .await?;
    Ok(found)
}
