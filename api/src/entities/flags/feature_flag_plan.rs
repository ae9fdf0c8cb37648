//! A feature flag's link to a plan: on for organizations on that plan. The plan itself comes with
//! billing (no foreign key yet).

use sea_orm::entity::prelude::*;

/// A row of `feature_flag_plans`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "feature_flag_plans")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub flag_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub plan_id: Uuid,
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
}

impl Related<super::feature_flag::Entity> for Entity {
    fn to() -> RelationDef {
        Relation::Flag.def()
    }
}

impl ActiveModelBehavior for ActiveModel {}
