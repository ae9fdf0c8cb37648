//! One organization's override of a feature flag.

use sea_orm::entity::prelude::*;
use shared::dto::flags::FlagOverride;

/// A row of `feature_flag_overrides`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feature_flag_overrides")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub flag_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    pub enabled: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {
    #[sea_orm(
        belongs_to = "super::feature_flag::Entity",
        from = "Column::FlagId",
        to = "super::feature_flag::Column::Id",
        on_delete = "Cascade"
    )]
    Flag,
    #[sea_orm(
        belongs_to = "crate::entities::organizations::organization::Entity",
        from = "Column::OrgId",
        to = "crate::entities::organizations::organization::Column::Id",
        on_delete = "Cascade"
    )]
    Organization,
}

impl Related<super::feature_flag::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Flag.def()
    }
}

impl Related<crate::entities::organizations::organization::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Organization.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The operator's view, with the organization it is for.
    pub fn to_dto(&self, org: &crate::entities::organizations::organization::Model) -> FlagOverride {
        FlagOverride {
            organization: org.summary(),
            enabled: self.enabled,
            created_at: self.created_at,
            updated_at: self.updated_at,
        }
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
