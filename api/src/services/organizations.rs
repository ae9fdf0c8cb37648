//! The client portal's view of the active organization and its members.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use shared::dto::common::{Member, Page};
use shared::dto::dashboard::{Organization, UpdateOrganizationRequest};
use shared::validation::DisplayName;
use uuid::Uuid;

use super::audit::{self, AuditEvent};
use super::tenant::find_in_org;
use crate::db::begin_write;
use crate::entities::{membership, organization, user};
use crate::error::{ApiError, ApiResult};
use crate::extract::client_info::ClientInfo;
use crate::extract::org_context::OrgContext;
use crate::pagination::PageRequest;
use crate::state::AppState;

/// Number of members of an organization.
pub async fn member_count(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<u64> {
    Ok(find_in_org::<membership::Entity>(org_id).count(db).await?)
}

fn to_dto(org: &organization::Model, member_count: u64) -> Organization {
    Organization {
        id: org.id,
        name: org.name.clone(),
        slug: org.slug.clone(),
        status: org.status(),
        member_count,
        mfa_required: org.mfa_required,
        created_at: org.created_at,
        updated_at: org.updated_at,
    }
}

/// The active organization.
pub async fn get(state: &AppState, ctx: &OrgContext) -> ApiResult<Organization> {
    Ok(to_dto(&ctx.org, member_count(&state.db, ctx.org_id()).await?))
}

/// Changes the active organization's settings (OWNER only, checked by the caller's extractor).
///
/// Errors: `Validation`.
pub async fn update(
    state: &AppState,
    ctx: &OrgContext,
    req: UpdateOrganizationRequest,
    client: &ClientInfo,
) -> ApiResult<Organization> {
    let name = req
        .name
        .as_deref()
        .map(|n| DisplayName::parse("name", n))
        .transpose()
        .map_err(|e| ApiError::Validation(vec![e]))?;
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    let current = organization::Entity::find_by_id(ctx.org_id()).one(&tx).await?.ok_or(ApiError::NotFound)?;
    let mut changes = serde_json::Map::new();
    let mut am: organization::ActiveModel = current.clone().into();
    if let Some(name) = name.filter(|n| n.as_str() != current.name) {
        changes.insert("name".into(), serde_json::json!({ "from": current.name, "to": name.as_str() }));
        am.name = Set(name.into_inner());
    }
    if let Some(required) = req.mfa_required.filter(|r| *r != current.mfa_required) {
        if required && !ctx.user.user.mfa_enabled() {
            return Err(ApiError::field(
                "mfa_required",
                "own_mfa_off",
                "Turn on two-factor authentication for your own account before requiring it.",
            ));
        }
        changes.insert("mfa_required".into(), serde_json::json!({ "from": current.mfa_required, "to": required }));
        am.mfa_required = Set(required);
    }
    let updated = if changes.is_empty() {
        current
    } else {
        am.updated_at = Set(now);
        let updated = am.update(&tx).await?;
        let event = AuditEvent::success("org.update")
            .actor(ctx.user.id(), &ctx.user.user.email)
            .org(ctx.org_id())
            .target("organization", ctx.org_id())
            .details(serde_json::Value::Object(changes));
        audit::record(&tx, now, client, event).await?;
        updated
    };
    let count = member_count(&tx, ctx.org_id()).await?;
    tx.commit().await?;
    Ok(to_dto(&updated, count))
}

/// The active organization's members, in the order they joined.
pub async fn members(state: &AppState, ctx: &OrgContext, page: PageRequest) -> ApiResult<Page<Member>> {
    let mut query = find_in_org::<membership::Entity>(ctx.org_id()).find_also_related(user::Entity);
    if let Some(c) = &page.after {
        query = query.filter(membership::Column::Id.gt(c.id));
    }
    let rows = query.order_by_asc(membership::Column::Id).limit(page.fetch_limit()).all(&state.db).await?;
    let rows: Vec<(membership::Model, user::Model)> = rows.into_iter().filter_map(|(m, u)| Some((m, u?))).collect();
    Ok(page.finish(
        rows,
        |(m, _)| (None, m.id),
        |(m, u)| Member {
            user_id: u.id,
            name: u.name.clone(),
            email: u.email.clone(),
            org_role: m.org_role(),
            role: u.role(),
            joined_at: m.created_at,
        },
    ))
}
