//! Attaching uploaded files to what they belong to. Messages, comments, tickets, replies and
//! feedback take `attachment_ids`: files that the same user uploaded in the same organization,
//! not deleted and not attached elsewhere. The area that creates the target calls [`attach`] in
//! its own transaction; an attached file is no longer purged.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::dto::files::AttachedTo;
use uuid::Uuid;

use crate::entities::files::file;
use crate::error::{ApiError, ApiResult};
use crate::services::platform::tenant::find_in_org;

/// The most files one target takes at once.
pub const MAX_ATTACHMENTS: usize = 10;

/// Attaches files to a target: each id must be a file of `org_id`, uploaded by `user_id`, not
/// deleted, and unattached or already attached to this same target (attaching again changes
/// nothing). Returns the files, in the order of `ids` (duplicates dropped).
///
/// Errors: `Validation` on `field` (`too_many`, or `invalid_attachment` naming the ids that do
/// not qualify).
pub async fn attach(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    user_id: Uuid,
    field: &str,
    ids: &[Uuid],
    target: AttachedTo,
    now: DateTime<Utc>,
) -> ApiResult<Vec<file::Model>> {
    let mut wanted: Vec<Uuid> = Vec::with_capacity(ids.len());
    for id in ids {
        if !wanted.contains(id) {
            wanted.push(*id);
        }
    }
    if wanted.is_empty() {
        return Ok(Vec::new());
    }
    if wanted.len() > MAX_ATTACHMENTS {
        return Err(ApiError::field(field, "too_many", format!("Attach at most {MAX_ATTACHMENTS} files.")));
    }
    let found = find_in_org::<file::Entity>(org_id)
        .filter(file::Column::Id.is_in(wanted.clone()))
        .filter(file::Column::UploadedBy.eq(user_id))
        .filter(file::Column::DeletedAt.is_null())
        .all(db)
        .await?;
    let fits = |f: &file::Model| f.attached_to().is_none_or(|t| t == target);
    let bad: Vec<String> =
        wanted.iter().filter(|id| !found.iter().any(|f| f.id == **id && fits(f))).map(Uuid::to_string).collect();
    if !bad.is_empty() {
        return Err(ApiError::field(
            field,
            "invalid_attachment",
            format!("Attach files you uploaded here that are not attached elsewhere ({}).", bad.join(", ")),
        ));
    }
    file::Entity::update_many()
        .col_expr(file::Column::AttachedKind, Expr::value(target.kind.as_str()))
        .col_expr(file::Column::AttachedId, Expr::value(target.id))
        .col_expr(file::Column::AttachedAt, Expr::value(now))
        .filter(file::Column::Id.is_in(wanted.clone()))
        .filter(file::Column::AttachedKind.is_null())
        .exec(db)
        .await?;
    let rows = file::Entity::find().filter(file::Column::Id.is_in(wanted.clone())).all(db).await?;
    Ok(wanted.iter().filter_map(|id| rows.iter().find(|f| f.id == *id).cloned()).collect())
}
