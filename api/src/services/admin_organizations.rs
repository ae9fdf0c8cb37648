//! The operator's management of customer organizations: list, view, suspend, reactivate.

use std::collections::HashMap;

use sea_orm::sea_query::{Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};
use shared::dto::admin::{AdminOrganization, OrganizationSort, OrganizationsQuery, SuspendOrganizationRequest};
use shared::dto::common::{OrgStatus, Page};
use uuid::Uuid;

use super::audit::{self, AuditEvent};
use crate::db::begin_write;
use crate::entities::{membership, organization};
use crate::error::{ApiError, ApiResult};
use crate::extract::auth_user::AuthUser;
use crate::extract::client_info::ClientInfo;
use crate::pagination::PageRequest;
use crate::state::AppState;

/// Longest accepted suspension reason, in characters.
const MAX_REASON_CHARS: usize = 500;

async fn member_counts(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = membership::Entity::find()
        .select_only()
        .column(membership::Column::OrgId)
        .column_as(membership::Column::Id.count(), "n")
        .filter(membership::Column::OrgId.is_in(ids.iter().copied()))
        .group_by(membership::Column::OrgId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

fn to_dto(org: organization::Model, member_count: u64) -> AdminOrganization {
    let status = org.status();
    AdminOrganization {
        id: org.id,
        name: org.name,
        slug: org.slug,
        status,
        member_count,
        mfa_required: org.mfa_required,
        suspended_at: org.suspended_at,
        suspension_reason: org.suspension_reason,
        created_at: org.created_at,
        updated_at: org.updated_at,
    }
}

/// Lists organizations with search, status filter, sort and cursor pages.
///
/// Errors: `Validation` (limit, cursor, search too long).
pub async fn list(state: &AppState, q: OrganizationsQuery) -> ApiResult<Page<AdminOrganization>> {
    let page = PageRequest::parse(q.limit, q.cursor.as_deref())?;
    let sort = q.sort.unwrap_or_default();
    let mut query = organization::Entity::find();
    if let Some(text) = q.q.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        if text.chars().count() > 100 {
            return Err(ApiError::field("q", "too_long", "Search with at most 100 characters."));
        }
        let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
        let pattern = format!("%{escaped}%");
        query = query.filter(
            Condition::any()
                .add(
                    Expr::expr(Func::lower(Expr::col(organization::Column::Name)))
                        .like(sea_orm::sea_query::LikeExpr::new(&pattern).escape('\\')),
                )
                .add(
                    Expr::col(organization::Column::Slug)
                        .like(sea_orm::sea_query::LikeExpr::new(&pattern).escape('\\')),
                ),
        );
    }
    if let Some(status) = q.status {
        query = query.filter(organization::Column::Status.eq(status.as_str()));
    }
    use organization::Column as C;
    query = match sort {
        OrganizationSort::NewestFirst => {
            if let Some(c) = &page.after {
                query = query.filter(C::Id.lt(c.id));
            }
            query.order_by_desc(C::Id)
        }
        OrganizationSort::OldestFirst => {
            if let Some(c) = &page.after {
                query = query.filter(C::Id.gt(c.id));
            }
            query.order_by_asc(C::Id)
        }
        OrganizationSort::NameAsc => {
            if let Some((k, id)) = page.after_key()? {
                query = query.filter(
                    Condition::any()
                        .add(C::Name.gt(k.clone()))
                        .add(Condition::all().add(C::Name.eq(k)).add(C::Id.gt(id))),
                );
            }
            query.order_by_asc(C::Name).order_by_asc(C::Id)
        }
        OrganizationSort::NameDesc => {
            if let Some((k, id)) = page.after_key()? {
                query = query.filter(
                    Condition::any()
                        .add(C::Name.lt(k.clone()))
                        .add(Condition::all().add(C::Name.eq(k)).add(C::Id.lt(id))),
                );
            }
            query.order_by_desc(C::Name).order_by_desc(C::Id)
        }
    };
    let rows = query.limit(page.fetch_limit()).all(&state.db).await?;
    let ids: Vec<Uuid> = rows.iter().map(|o| o.id).collect();
    let counts = member_counts(&state.db, &ids).await?;
    let by_name = matches!(sort, OrganizationSort::NameAsc | OrganizationSort::NameDesc);
    Ok(page.finish(
        rows,
        |o| (by_name.then(|| o.name.clone()), o.id),
        |o| {
            let n = counts.get(&o.id).copied().unwrap_or(0);
            to_dto(o, n)
        },
    ))
}

/// One organization.
///
/// Errors: `NotFound`.
pub async fn get(state: &AppState, id: Uuid) -> ApiResult<AdminOrganization> {
    let org = organization::Entity::find_by_id(id).one(&state.db).await?.ok_or(ApiError::NotFound)?;
    let n = member_counts(&state.db, &[id]).await?.get(&id).copied().unwrap_or(0);
    Ok(to_dto(org, n))
}

/// Suspends or reactivates an organization and audits it. Its members lose (or regain)
/// access with their next request.
///
/// Errors: `NotFound`, `Validation` (reason too long), `Conflict` (already in that state).
pub async fn set_status(
    state: &AppState,
    actor: &AuthUser,
    id: Uuid,
    target: OrgStatus,
    req: SuspendOrganizationRequest,
    client: &ClientInfo,
) -> ApiResult<AdminOrganization> {
    let reason = req.reason.map(|r| r.trim().to_owned()).filter(|r| !r.is_empty());
    if reason.as_ref().is_some_and(|r| r.chars().count() > MAX_REASON_CHARS) {
        return Err(ApiError::field("reason", "too_long", format!("Use at most {MAX_REASON_CHARS} characters.")));
    }
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    let org = organization::Entity::find_by_id(id).one(&tx).await?.ok_or(ApiError::NotFound)?;
    if org.status() == target {
        return Err(ApiError::Conflict(format!("The organization is already {}.", target.as_str())));
    }
    let mut am: organization::ActiveModel = org.into();
    am.status = Set(target.as_str().to_owned());
    am.updated_at = Set(now);
    match target {
        OrgStatus::Suspended => {
            am.suspended_at = Set(Some(now));
            am.suspension_reason = Set(reason.clone());
        }
        OrgStatus::Active => {
            am.suspended_at = Set(None);
            am.suspension_reason = Set(None);
        }
    }
    let org = am.update(&tx).await?;
    let action =
        if target == OrgStatus::Suspended { "admin.organization.suspend" } else { "admin.organization.reactivate" };
    let mut event = AuditEvent::success(action).actor(actor.id(), &actor.user.email).org(id).target("organization", id);
    if let Some(r) = &reason {
        event = event.details(serde_json::json!({ "reason": r }));
    }
    audit::record(&tx, now, client, event).await?;
    let n = member_counts(&tx, &[id]).await?.get(&id).copied().unwrap_or(0);
    tx.commit().await?;
    Ok(to_dto(org, n))
}
