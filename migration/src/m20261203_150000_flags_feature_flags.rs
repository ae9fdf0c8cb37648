use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

/// Feature flags: key, description, global default, rollout in basis points, archive.
#[derive(DeriveIden)]
enum FeatureFlags {
    Table,
    Id,
    Key,
    Description,
    Enabled,
    RolloutBp,
    ArchivedAt,
    CreatedAt,
    UpdatedAt,
}

/// One organization's override of a flag (tenant-owned: `org_id`, its foreign key and an index
/// starting with it).
#[derive(DeriveIden)]
enum FeatureFlagOverrides {
    Table,
    FlagId,
    OrgId,
    Enabled,
    CreatedAt,
    UpdatedAt,
}

/// A flag's plan links: on for organizations on these plans. `plan_id` has no foreign key yet:
/// plans come with billing, which adds it.
#[derive(DeriveIden)]
enum FeatureFlagPlans {
    Table,
    FlagId,
    PlanId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(FeatureFlags::Table)
                    .col(ColumnDef::new(FeatureFlags::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(FeatureFlags::Key).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(FeatureFlags::Description).string_len(500).not_null())
                    .col(ColumnDef::new(FeatureFlags::Enabled).boolean().not_null())
                    .col(
                        ColumnDef::new(FeatureFlags::RolloutBp)
                            .integer()
                            .not_null()
                            .check(Expr::col(FeatureFlags::RolloutBp).between(0, 10_000)),
                    )
                    .col(ColumnDef::new(FeatureFlags::ArchivedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(FeatureFlags::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(FeatureFlags::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeatureFlagOverrides::Table)
                    .col(ColumnDef::new(FeatureFlagOverrides::FlagId).uuid().not_null())
                    .col(ColumnDef::new(FeatureFlagOverrides::OrgId).uuid().not_null())
                    .col(ColumnDef::new(FeatureFlagOverrides::Enabled).boolean().not_null())
                    .col(ColumnDef::new(FeatureFlagOverrides::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(FeatureFlagOverrides::UpdatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(FeatureFlagOverrides::FlagId).col(FeatureFlagOverrides::OrgId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_feature_flag_overrides_flag")
                            .from(FeatureFlagOverrides::Table, FeatureFlagOverrides::FlagId)
                            .to(FeatureFlags::Table, FeatureFlags::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_feature_flag_overrides_org")
                            .from(FeatureFlagOverrides::Table, FeatureFlagOverrides::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_feature_flag_overrides_org")
                    .table(FeatureFlagOverrides::Table)
                    .col(FeatureFlagOverrides::OrgId)
                    .col(FeatureFlagOverrides::FlagId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(FeatureFlagPlans::Table)
                    .col(ColumnDef::new(FeatureFlagPlans::FlagId).uuid().not_null())
                    .col(ColumnDef::new(FeatureFlagPlans::PlanId).uuid().not_null())
                    .primary_key(Index::create().col(FeatureFlagPlans::FlagId).col(FeatureFlagPlans::PlanId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_feature_flag_plans_flag")
                            .from(FeatureFlagPlans::Table, FeatureFlagPlans::FlagId)
                            .to(FeatureFlags::Table, FeatureFlags::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // A plan's features are the same table seen from the plan.
        manager
            .create_index(
                Index::create()
                    .name("idx_feature_flag_plans_plan")
                    .table(FeatureFlagPlans::Table)
                    .col(FeatureFlagPlans::PlanId)
                    .col(FeatureFlagPlans::FlagId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(FeatureFlagPlans::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(FeatureFlagOverrides::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(FeatureFlags::Table).to_owned()).await
    }
}
