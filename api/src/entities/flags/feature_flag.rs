//! A feature flag: key, description, global default, rollout, archive.

use sea_orm::entity::prelude::*;
use shared::dto::flags::FeatureFlag;

/// A row of `feature_flags`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feature_flags")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    #[sea_orm(unique)]
    pub key: String,
    pub description: String,
    pub enabled: bool,
    pub rollout_bp: i32,
    pub archived_at: Option<DateTimeUtc>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(has_many = "super::feature_flag_override::Entity")]
    Override,
    #[sea_orm(has_many = "super::feature_flag_plan::Entity")]
    Plan,
}

impl Related<super::feature_flag_override::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Override.def()
    }
}

impl Related<super::feature_flag_plan::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Plan.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The rollout in basis points; a stored value outside 0–10,000 (which the schema's check
    /// forbids) counts as 0 (fail closed).
    pub fn rollout_bp(&self) -> u32 {
        u32::try_from(self.rollout_bp).ok().filter(|bp| *bp <= 10_000).unwrap_or(0)
    }

    /// The operator's view.
    pub fn to_dto(&self, override_count: u64) -> FeatureFlag {
        FeatureFlag {
            id: self.id,
            key: self.key.clone(),
            description: self.description.clone(),
            enabled: self.enabled,
            rollout_bp: self.rollout_bp(),
            archived_at: self.archived_at,
            override_count,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}
