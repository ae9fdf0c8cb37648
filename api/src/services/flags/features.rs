//! The evaluated set of the client portal: every flag in use, on or off for the active
//! organization. One query per table (flags, the organization's overrides, and plan links once
//! the organization has plans), never one per flag.

use std::collections::{BTreeMap, HashMap};

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use shared::dto::flags::FeatureSet;
use uuid::Uuid;

use super::evaluation::{self, FlagRule, OrgFacts};
use crate::context::OrgContext;
use crate::entities::flags::{feature_flag, feature_flag_override, feature_flag_plan};
use crate::error::ApiResult;
use crate::services::platform::tenant::find_in_org;

/// The plans the organization is on now (subscription `trialing`, `active` or `past_due`).
///
/// There are no plans or subscriptions yet: billing brings them and fills this in. Until then
/// every organization's plan ids are empty, so the plan-link step of the evaluation never turns
/// a flag on.
pub async fn current_plan_ids(_db: &impl ConnectionTrait, _org_id: Uuid) -> ApiResult<Vec<Uuid>> {
    Ok(Vec::new())
}

/// Every flag in use, evaluated for the active organization (archived flags are left out: off).
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn evaluated(db: &impl ConnectionTrait, ctx: &OrgContext) -> ApiResult<FeatureSet> {
    let org_id = ctx.org_id();
    let flags = feature_flag::Entity::find().filter(feature_flag::Column::ArchivedAt.is_null()).all(db).await?;
    let overrides: HashMap<Uuid, bool> = find_in_org::<feature_flag_override::Entity>(org_id)
        .all(db)
        .await?
        .into_iter()
        .map(|o| (o.flag_id, o.enabled))
        .collect();
    let org_plans = current_plan_ids(db, org_id).await?;
    let mut links: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
    if !org_plans.is_empty() {
        let rows = feature_flag_plan::Entity::find()
            .filter(feature_flag_plan::Column::PlanId.is_in(org_plans.iter().copied()))
            .all(db)
            .await?;
        for row in rows {
            links.entry(row.flag_id).or_default().push(row.plan_id);
        }
    }
    let mut features = BTreeMap::new();
    for flag in &flags {
        let rule = FlagRule {
            key: &flag.key,
            enabled: flag.enabled,
            rollout_bp: flag.rollout_bp(),
            archived: flag.archived_at.is_some(),
        };
        let facts = OrgFacts {
            override_enabled: overrides.get(&flag.id).copied(),
            on_linked_plan: links.get(&flag.id).is_some_and(|plans| evaluation::on_linked_plan(plans, &org_plans)),
        };
        features.insert(flag.key.clone(), evaluation::evaluate(rule, org_id, facts));
    }
    Ok(FeatureSet { features })
}
