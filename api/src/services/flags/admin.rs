//! The operator's feature flags: list, view, create, change, archive and unarchive, per-org
//! overrides and plan links. Every change is audited in its transaction, with the values before
//! and after; a request that changes nothing writes nothing.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect, Set};
use shared::FieldError;
use shared::audit::{
    AuditAction, Changes, FeatureFlagCreated, FeatureFlagNamed, FlagOverrideChanged, FlagPlansChanged,
};
use shared::dto::common::Page;
use shared::dto::flags::{
    CreateFeatureFlagRequest, FeatureFlag, FeatureFlagDetail, FeatureFlagSort, FeatureFlagsFilter,
    MAX_DESCRIPTION_CHARS, MAX_PLAN_LINKS, MAX_ROLLOUT_BP, SetFlagOverrideRequest, SetFlagPlansRequest,
    UpdateFeatureFlagRequest,
};
use shared::validation::{FlagKey, Note, SearchText};
use uuid::Uuid;

use crate::context::Caller;
use crate::db::is_unique_violation;
use crate::entities::flags::{feature_flag, feature_flag_override, feature_flag_plan};
use crate::entities::organizations::organization;
use crate::error::{ApiError, ApiResult};
use crate::list::{KeyValue, ListParams, SortKey, keyset, search};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::tenant::find_in_org;

fn sort_key(sort: FeatureFlagSort) -> SortKey<feature_flag::Column> {
    use feature_flag::Column as C;
    match sort {
        FeatureFlagSort::KeyAsc => SortKey::by_text(C::Key, false),
        FeatureFlagSort::KeyDesc => SortKey::by_text(C::Key, true),
        FeatureFlagSort::NewestFirst => SortKey::by_id(true),
        FeatureFlagSort::OldestFirst => SortKey::by_id(false),
    }
}

async fn override_counts(db: &impl ConnectionTrait, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, u64>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    use feature_flag_override::Column as C;
    let rows: Vec<(Uuid, i64)> = feature_flag_override::Entity::find()
        .select_only()
        .column(C::FlagId)
        .column_as(C::OrgId.count(), "n")
        .filter(C::FlagId.is_in(ids.iter().copied()))
        .group_by(C::FlagId)
        .into_tuple()
        .all(db)
        .await?;
    Ok(rows.into_iter().map(|(id, n)| (id, u64::try_from(n).unwrap_or(0))).collect())
}

/// Lists flags in use (or, with `archived=true`, archived ones): search on key and description,
/// sort by key or creation, cursor pages.
///
/// Errors: `Validation` (cursor, search text).
#[tracing::instrument(skip_all)]
pub async fn list(
    db: &impl ConnectionTrait,
    params: &ListParams<FeatureFlagSort, FeatureFlagsFilter>,
) -> ApiResult<Page<FeatureFlag>> {
    use feature_flag::Column as C;
    let mut query = feature_flag::Entity::find();
    let text = SearchText::parse("q", params.filter.q.as_deref()).map_err(|e| ApiError::Validation(vec![e]))?;
    if let Some(text) = text {
        query = query.filter(search::contains(&[C::Key, C::Description], &text));
    }
    query = if params.filter.archived == Some(true) {
        query.filter(C::ArchivedAt.is_not_null())
    } else {
        query.filter(C::ArchivedAt.is_null())
    };
    let key = sort_key(params.sort);
    let rows = keyset::page_query(query, key, C::Id, params.after.as_ref(), params.fetch_limit())?.all(db).await?;
    let ids: Vec<Uuid> = rows.iter().map(|f| f.id).collect();
    let counts = override_counts(db, &ids).await?;
    let by_key = key.column.is_some();
    Ok(params.finish(
        rows,
        |f| (by_key.then(|| KeyValue::Text(f.key.clone())), f.id),
        |f| f.to_dto(counts.get(&f.id).copied().unwrap_or(0)),
        None,
    ))
}

async fn find_flag(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<feature_flag::Model> {
    feature_flag::Entity::find_by_id(id).one(db).await?.ok_or(ApiError::NotFound)
}

async fn plan_ids(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<Vec<Uuid>> {
    let mut ids: Vec<Uuid> = feature_flag_plan::Entity::find()
        .select_only()
        .column(feature_flag_plan::Column::PlanId)
        .filter(feature_flag_plan::Column::FlagId.eq(id))
        .into_tuple()
        .all(db)
        .await?;
    ids.sort_unstable();
    Ok(ids)
}

async fn detail_of(db: &impl ConnectionTrait, flag: feature_flag::Model) -> ApiResult<FeatureFlagDetail> {
    let rows = feature_flag_override::Entity::find()
        .filter(feature_flag_override::Column::FlagId.eq(flag.id))
        .find_also_related(organization::Entity)
        .all(db)
        .await?;
    let mut overrides: Vec<_> = rows.iter().filter_map(|(o, org)| org.as_ref().map(|org| o.to_dto(org))).collect();
    overrides.sort_by(|a, b| {
        (a.organization.name.to_lowercase(), a.organization.id)
            .cmp(&(b.organization.name.to_lowercase(), b.organization.id))
    });
    let plan_ids = plan_ids(db, flag.id).await?;
    let count = u64::try_from(overrides.len()).unwrap_or(u64::MAX);
    Ok(FeatureFlagDetail { flag: flag.to_dto(count), overrides, plan_ids })
}

/// One flag with its overrides (by organization name) and plan ids.
///
/// Errors: `NotFound`.
#[tracing::instrument(skip_all, fields(flag = %id))]
pub async fn get(db: &impl ConnectionTrait, id: Uuid) -> ApiResult<FeatureFlagDetail> {
    let flag = find_flag(db, id).await?;
    detail_of(db, flag).await
}

fn parse_rollout(raw: Option<i64>) -> Result<Option<u32>, FieldError> {
    match raw {
        None => Ok(None),
        Some(bp) if (0..=MAX_ROLLOUT_BP).contains(&bp) => Ok(u32::try_from(bp).ok()),
        Some(_) => Err(FieldError::new(
            "rollout_bp",
            "out_of_range",
            "Use a rollout from 0 to 10,000 basis points (10,000 = every organization).",
        )),
    }
}

fn parse_description(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    Note::parse("description", raw, MAX_DESCRIPTION_CHARS).map(|n| n.map(Note::into_inner))
}

/// Creates a flag (archived flags keep their key: it is never reused).
///
/// Errors: `Validation` (key, description, rollout_bp), `FlagKeyTaken`.
#[tracing::instrument(skip_all)]
pub async fn create(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    req: CreateFeatureFlagRequest,
) -> ApiResult<FeatureFlagDetail> {
    let mut errors = Vec::new();
    let key = FlagKey::parse("key", &req.key).map_err(|e| errors.push(e)).ok();
    let description = parse_description(req.description.as_deref()).map_err(|e| errors.push(e)).ok();
    let rollout = parse_rollout(req.rollout_bp).map_err(|e| errors.push(e)).ok();
    let (Some(key), Some(description), Some(rollout), true) = (key, description, rollout, errors.is_empty()) else {
        return Err(ApiError::Validation(errors));
    };
    let key = key.into_inner();
    let taken = feature_flag::Entity::find().filter(feature_flag::Column::Key.eq(key.as_str())).one(db).await?;
    if taken.is_some() {
        return Err(ApiError::FlagKeyTaken);
    }
    let rollout_bp = rollout.unwrap_or(0);
    let model = feature_flag::ActiveModel {
        id: Set(Uuid::now_v7()),
        key: Set(key),
        description: Set(description.unwrap_or_default()),
        enabled: Set(req.enabled.unwrap_or(false)),
        rollout_bp: Set(i32::try_from(rollout_bp).unwrap_or(0)),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    };
    let flag =
        model.insert(db).await.map_err(|e| if is_unique_violation(&e) { ApiError::FlagKeyTaken } else { e.into() })?;
    let details = FeatureFlagCreated {
        key: flag.key.clone(),
        description: flag.description.clone(),
        enabled: flag.enabled,
        rollout_bp: flag.rollout_bp(),
    };
    let event = AuditEvent::success(AuditAction::AdminFeatureFlagCreate)
        .by(&caller.actor)
        .target("feature_flag", flag.id)
        .details(&details);
    audit::record(db, now, &caller.client, event).await?;
    Ok(FeatureFlagDetail { flag: flag.to_dto(0), overrides: Vec::new(), plan_ids: Vec::new() })
}

/// Changes a flag's description, global default or rollout; audits each changed field with its
/// old and new value.
///
/// Errors: `NotFound`, `Validation` (description, rollout_bp).
#[tracing::instrument(skip_all, fields(flag = %id))]
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
    req: UpdateFeatureFlagRequest,
) -> ApiResult<FeatureFlagDetail> {
    let mut errors = Vec::new();
    let description = parse_description(req.description.as_deref()).map_err(|e| errors.push(e)).ok();
    let rollout = parse_rollout(req.rollout_bp).map_err(|e| errors.push(e)).ok().flatten();
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let flag = find_flag(db, id).await?;
    let mut changes = Changes::default();
    let mut am: feature_flag::ActiveModel = flag.clone().into();
    if req.description.is_some() {
        let new = description.flatten().unwrap_or_default();
        if new != flag.description {
            changes.record("description", &flag.description, &new);
            am.description = Set(new);
        }
    }
    if let Some(enabled) = req.enabled.filter(|e| *e != flag.enabled) {
        changes.record("enabled", flag.enabled, enabled);
        am.enabled = Set(enabled);
    }
    if let Some(bp) = rollout.filter(|bp| *bp != flag.rollout_bp()) {
        changes.record("rollout_bp", flag.rollout_bp(), bp);
        am.rollout_bp = Set(i32::try_from(bp).unwrap_or(0));
    }
    if changes.is_empty() {
        return detail_of(db, flag).await;
    }
    am.updated_at = Set(now);
    let flag = am.update(db).await?;
    let event = AuditEvent::success(AuditAction::AdminFeatureFlagUpdate)
        .by(&caller.actor)
        .target("feature_flag", flag.id)
        .details(&changes);
    audit::record(db, now, &caller.client, event).await?;
    detail_of(db, flag).await
}

/// Archives a flag (off everywhere, out of the list and of the evaluated set) or takes it out of
/// the archive; its overrides and plan links are kept.
///
/// Errors: `NotFound`, `Conflict` (already archived, or not archived).
#[tracing::instrument(skip_all, fields(flag = %id, archived))]
pub async fn set_archived(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
    archived: bool,
) -> ApiResult<FeatureFlagDetail> {
    let flag = find_flag(db, id).await?;
    if flag.archived_at.is_some() == archived {
        let state = if archived { "already archived" } else { "not archived" };
        return Err(ApiError::Conflict(format!("The flag is {state}.")));
    }
    let mut am: feature_flag::ActiveModel = flag.into();
    am.archived_at = Set(archived.then_some(now));
    am.updated_at = Set(now);
    let flag = am.update(db).await?;
    let action = if archived { AuditAction::AdminFeatureFlagArchive } else { AuditAction::AdminFeatureFlagUnarchive };
    let event = AuditEvent::success(action)
        .by(&caller.actor)
        .target("feature_flag", flag.id)
        .details(&FeatureFlagNamed { key: flag.key.clone() });
    audit::record(db, now, &caller.client, event).await?;
    detail_of(db, flag).await
}

async fn find_override(
    db: &impl ConnectionTrait,
    flag_id: Uuid,
    org_id: Uuid,
) -> ApiResult<Option<feature_flag_override::Model>> {
    Ok(find_in_org::<feature_flag_override::Entity>(org_id)
        .filter(feature_flag_override::Column::FlagId.eq(flag_id))
        .one(db)
        .await?)
}

/// Turns a flag on or off for one organization, whatever its plan links, rollout and default
/// say; audited with the override before and after.
///
/// Errors: `NotFound` (no such flag or organization).
#[tracing::instrument(skip_all, fields(flag = %id, org = %org_id))]
pub async fn set_override(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
    org_id: Uuid,
    req: SetFlagOverrideRequest,
) -> ApiResult<FeatureFlagDetail> {
    let flag = find_flag(db, id).await?;
    organization::Entity::find_by_id(org_id).one(db).await?.ok_or(ApiError::NotFound)?;
    let existing = find_override(db, id, org_id).await?;
    let before = existing.as_ref().map(|o| o.enabled);
    if before == Some(req.enabled) {
        return detail_of(db, flag).await;
    }
    match existing {
        Some(o) => {
            let mut am: feature_flag_override::ActiveModel = o.into();
            am.enabled = Set(req.enabled);
            am.updated_at = Set(now);
            am.update(db).await?;
        }
        None => {
            feature_flag_override::ActiveModel {
                flag_id: Set(id),
                org_id: Set(org_id),
                enabled: Set(req.enabled),
                created_at: Set(now),
                updated_at: Set(now),
            }
            .insert(db)
            .await?;
        }
    }
    let details = FlagOverrideChanged { key: flag.key.clone(), from: before, to: Some(req.enabled) };
    let event = AuditEvent::success(AuditAction::AdminFeatureFlagOverrideSet)
        .by(&caller.actor)
        .org(org_id)
        .target("feature_flag", id)
        .details(&details);
    audit::record(db, now, &caller.client, event).await?;
    detail_of(db, flag).await
}

/// Removes a flag's override for one organization (it follows plan links, rollout and default
/// again); audited.
///
/// Errors: `NotFound` (no such flag, or no override for that organization).
#[tracing::instrument(skip_all, fields(flag = %id, org = %org_id))]
pub async fn remove_override(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
    org_id: Uuid,
) -> ApiResult<()> {
    let flag = find_flag(db, id).await?;
    let existing = find_override(db, id, org_id).await?.ok_or(ApiError::NotFound)?;
    feature_flag_override::Entity::delete_many()
        .filter(feature_flag_override::Column::OrgId.eq(org_id))
        .filter(feature_flag_override::Column::FlagId.eq(id))
        .exec(db)
        .await?;
    let details = FlagOverrideChanged { key: flag.key, from: Some(existing.enabled), to: None };
    let event = AuditEvent::success(AuditAction::AdminFeatureFlagOverrideRemove)
        .by(&caller.actor)
        .org(org_id)
        .target("feature_flag", id)
        .details(&details);
    audit::record(db, now, &caller.client, event).await
}

/// Replaces the plans a flag is linked to (repeats count once); audited with the plan ids before
/// and after. Plans are not checked yet: they come with billing.
///
/// Errors: `NotFound`, `Validation` (`plan_ids`: more than 100).
#[tracing::instrument(skip_all, fields(flag = %id))]
pub async fn set_plans(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    id: Uuid,
    req: SetFlagPlansRequest,
) -> ApiResult<FeatureFlagDetail> {
    let mut wanted = req.plan_ids;
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.len() > MAX_PLAN_LINKS {
        return Err(ApiError::field("plan_ids", "too_many", format!("Link at most {MAX_PLAN_LINKS} plans.")));
    }
    let flag = find_flag(db, id).await?;
    let before = plan_ids(db, id).await?;
    if before == wanted {
        return detail_of(db, flag).await;
    }
    feature_flag_plan::Entity::delete_many().filter(feature_flag_plan::Column::FlagId.eq(id)).exec(db).await?;
    if !wanted.is_empty() {
        let rows =
            wanted.iter().map(|plan_id| feature_flag_plan::ActiveModel { flag_id: Set(id), plan_id: Set(*plan_id) });
        feature_flag_plan::Entity::insert_many(rows).exec_without_returning(db).await?;
    }
    let details = FlagPlansChanged { key: flag.key.clone(), from: before, to: wanted };
    let event = AuditEvent::success(AuditAction::AdminFeatureFlagPlansSet)
        .by(&caller.actor)
        .target("feature_flag", id)
        .details(&details);
    audit::record(db, now, &caller.client, event).await?;
    detail_of(db, flag).await
}
