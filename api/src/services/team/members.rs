//! An organization's members: adding a membership, and the member list.

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ConnectionTrait, FromQueryResult, JoinType, PaginatorTrait, QuerySelect, RelationTrait, Set,
};
use shared::OrgRole;
use shared::dto::common::Page;
use shared::dto::team::Member;
use uuid::Uuid;

use crate::context::OrgContext;
use crate::entities::auth::user;
use crate::entities::team::membership;
use crate::error::ApiResult;
use crate::list::{ListParams, SortKey, keyset};
use crate::services::platform::tenant::find_in_org;

/// Adds a user to an organization.
pub async fn insert_membership(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    user_id: Uuid,
    org_role: OrgRole,
    now: DateTime<Utc>,
) -> ApiResult<membership::Model> {
    let model = membership::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(org_id),
        user_id: Set(user_id),
        org_role: Set(org_role.as_str().to_owned()),
        created_at: Set(now),
    };
    Ok(model.insert(db).await?)
}

/// Number of members of an organization (an indexed count).
pub async fn count(db: &impl ConnectionTrait, org_id: Uuid) -> ApiResult<u64> {
    Ok(find_in_org::<membership::Entity>(org_id).count(db).await?)
}

/// A member as the list reads them: the membership and the few user columns it shows.
#[derive(Debug, FromQueryResult)]
struct MemberRow {
    id: Uuid,
    user_id: Uuid,
    org_role: String,
    created_at: DateTime<Utc>,
    name: String,
    email: String,
    role: String,
}

impl MemberRow {
    fn into_member(self) -> Member {
        Member {
            user_id: self.user_id,
            name: self.name,
            email: self.email,
            org_role: membership::stored_org_role(&self.org_role),
            role: user::stored_role(&self.role),
            joined_at: self.created_at,
        }
    }
}

/// The active organization's members, in the order they joined.
///
/// Errors: `Validation` (cursor).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn list(db: &impl ConnectionTrait, ctx: &OrgContext, params: &ListParams) -> ApiResult<Page<Member>> {
    let query = find_in_org::<membership::Entity>(ctx.org_id())
        .select_only()
        .columns([
            membership::Column::Id,
            membership::Column::UserId,
            membership::Column::OrgRole,
            membership::Column::CreatedAt,
        ])
        .column(user::Column::Name)
        .column(user::Column::Email)
        .column(user::Column::Role)
        .join(JoinType::InnerJoin, membership::Relation::User.def());
    let query = keyset::page_query(
        query,
        SortKey::by_id(false),
        membership::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?;
    let rows = query.into_model::<MemberRow>().all(db).await?;
    let total = if params.with_total { Some(count(db, ctx.org_id()).await?) } else { None };
    Ok(params.finish(rows, |m| (None, m.id), MemberRow::into_member, total))
}
