//! Every user account as the operator sees it: a list with search, filters, sort and cursor
//! pages, and one account with its memberships and live sessions.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use shared::dto::common::Page;
use shared::dto::users::{AdminUser, AdminUserDetail, MAX_LISTED_SESSIONS, UserMembership, UserSort, UsersFilter};
use shared::validation::SearchText;
use uuid::Uuid;

use crate::config::Config;
use crate::entities::auth::{session, user};
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{KeyValue, ListParams, SortKey, keyset, search};

fn sort_key(sort: UserSort) -> SortKey<user::Column> {
    use user::Column as C;
    match sort {
        UserSort::NewestFirst => SortKey::by_id(true),
        UserSort::OldestFirst => SortKey::by_id(false),
        UserSort::EmailAsc => SortKey::by_text(C::Email, false),
        UserSort::EmailDesc => SortKey::by_text(C::Email, true),
        UserSort::LastLoginDesc => SortKey::by_optional_time(C::LastLoginAt, true),
        UserSort::LastLoginAsc => SortKey::by_optional_time(C::LastLoginAt, false),
    }
}

/// A row's position in a list order: its sort key (when the order has one) and its id.
fn position(sort: UserSort, u: &user::Model) -> (Option<KeyValue>, Uuid) {
    let key = match sort {
        UserSort::NewestFirst | UserSort::OldestFirst => None,
        UserSort::EmailAsc | UserSort::EmailDesc => Some(KeyValue::Text(u.email.clone())),
        UserSort::LastLoginDesc | UserSort::LastLoginAsc => Some(KeyValue::optional_time(u.last_login_at)),
    };
    (key, u.id)
}

/// How many organizations each of the users belongs to.
async fn organization_counts(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(Uuid, i64)> = membership::Entity::find()
        .select_only()
        .column(membership::Column::UserId)
        .column_as(membership::Column::Id.count(), "n")
        .filter(membership::Column::UserId.is_in(ids.iter().copied()))
        .group_by(membership::Column::UserId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

/// Users with a second factor on.
fn mfa_on() -> Condition {
    Condition::all().add(user::Column::MfaEnabledAt.is_not_null()).add(user::Column::MfaSecret.is_not_null())
}

/// Lists every user account: search on email and name, filters on role, status, organization
/// and second factor, sort by creation, email or last sign-in, cursor pages.
///
/// Errors: `Validation` (cursor, search text).
#[tracing::instrument(skip_all)]
pub async fn list(db: &impl ConnectionTrait, params: &ListParams<UserSort, UsersFilter>) -> ApiResult<Page<AdminUser>> {
    use user::Column as C;
    let f = &params.filter;
    let mut query = user::Entity::find();
    let text = SearchText::parse("q", f.q.as_deref()).map_err(|e| ApiError::Validation(vec![e]))?;
    if let Some(text) = text {
        query = query.filter(search::contains(&[C::Email, C::Name], &text));
    }
    if let Some(role) = f.role {
        query = query.filter(C::Role.eq(role.as_str()));
    }
    if let Some(status) = f.status {
        query = query.filter(C::Status.eq(status.as_str()));
    }
    if let Some(org_id) = f.org_id {
        let members = Query::select()
            .column(membership::Column::UserId)
            .from(membership::Entity)
            .and_where(membership::Column::OrgId.eq(org_id))
            .to_owned();
        query = query.filter(C::Id.in_subquery(members));
    }
    match f.mfa {
        Some(true) => query = query.filter(mfa_on()),
        Some(false) => query = query.filter(mfa_on().not()),
        None => {}
    }
    let sort = params.sort;
    let rows =
        keyset::page_query(query, sort_key(sort), C::Id, params.after.as_ref(), params.fetch_limit())?.all(db).await?;
    let ids: Vec<Uuid> = rows.iter().map(|u| u.id).collect();
    let counts = organization_counts(db, &ids).await?;
    Ok(params.finish(
        rows,
        |u| position(sort, u),
        |u| {
            let n = counts.get(&u.id).copied().unwrap_or(0);
            u.to_admin_dto(n)
        },
        None,
    ))
}

/// The user with an id.
///
/// Errors: `NotFound`.
pub async fn find_user(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<user::Model> {
    user::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)
}

/// One account with its memberships (by organization name) and live sessions (most recently
/// used first); `current` marks the caller's own session.
pub async fn detail(
    db: &impl ConnectionTrait,
    config: &Config,
    user: user::Model,
    current: Option<Uuid>,
    now: DateTime<Utc>,
) -> ApiResult<AdminUserDetail> {
    let rows = membership::Entity::find()
        .filter(membership::Column::UserId.eq(user.id))
        .find_also_related(organization::Entity)
        .all(db)
        .await?;
    let mut memberships: Vec<UserMembership> = rows
        .into_iter()
        .filter_map(|(m, org)| {
            org.map(|org| UserMembership {
                organization: org.summary(),
                org_role: m.org_role(),
                joined_at: m.created_at,
            })
        })
        .collect();
    memberships.sort_by(|a, b| {
        (a.organization.name.to_lowercase(), a.organization.id)
            .cmp(&(b.organization.name.to_lowercase(), b.organization.id))
    });
    let idle = config.session_idle(user.role().is_operator());
    let sessions = session::Entity::find()
        .filter(session::Column::UserId.eq(user.id))
        .filter(session::Column::RevokedAt.is_null())
        .filter(session::Column::ExpiresAt.gt(now))
        .filter(session::Column::LastSeenAt.gt(now - idle))
        .order_by_desc(session::Column::LastSeenAt)
        .order_by_desc(session::Column::Id)
        .limit(MAX_LISTED_SESSIONS)
        .all(db)
        .await?
        .iter()
        .map(|s| s.to_dto(current == Some(s.id)))
        .collect();
    let count = u64::try_from(memberships.len()).unwrap_or(u64::MAX);
    Ok(AdminUserDetail { user: user.to_admin_dto(count), memberships, sessions })
}

/// One account with its memberships and live sessions.
///
/// Errors: `NotFound`.
#[tracing::instrument(skip_all, fields(user = %id))]
pub async fn get(
    db: &impl ConnectionTrait,
    config: &Config,
    current: Option<Uuid>,
    now: DateTime<Utc>,
    id: Uuid,
) -> ApiResult<AdminUserDetail> {
    let user = find_user(db, id).await?;
    detail(db, config, user, current, now).await
}
