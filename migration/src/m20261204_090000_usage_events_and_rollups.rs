use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

/// Usage ingest keys: issued by operators for one organization, valid only for reporting its
/// usage, stored as hashes.
#[derive(DeriveIden)]
enum UsageIngestKeys {
    Table,
    Id,
    OrgId,
    Name,
    Prefix,
    KeyHash,
    CreatedBy,
    CreatedAt,
    LastUsedAt,
    LastUsedIp,
    RevokedAt,
}

/// Raw usage events as reported: unique per organization by the reporter's `event_id`, so a
/// retried batch counts once (the unique index decides between concurrent batches).
#[derive(DeriveIden)]
enum UsageEvents {
    Table,
    Id,
    OrgId,
    EventId,
    Metric,
    QuantityMilli,
    OccurredAt,
    Properties,
    ReceivedAt,
}

/// Usage per organization, metric and UTC day, kept current in the transaction that ingests.
#[derive(DeriveIden)]
enum UsageDailyRollups {
    Table,
    OrgId,
    Metric,
    Day,
    QuantityMilli,
    Events,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(UsageIngestKeys::Table)
                    .col(ColumnDef::new(UsageIngestKeys::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(UsageIngestKeys::OrgId).uuid().not_null())
                    .col(ColumnDef::new(UsageIngestKeys::Name).string_len(100).not_null())
                    .col(ColumnDef::new(UsageIngestKeys::Prefix).string_len(16).not_null())
                    .col(ColumnDef::new(UsageIngestKeys::KeyHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(UsageIngestKeys::CreatedBy).uuid().not_null())
                    .col(ColumnDef::new(UsageIngestKeys::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(UsageIngestKeys::LastUsedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(UsageIngestKeys::LastUsedIp).string_len(64).null())
                    .col(ColumnDef::new(UsageIngestKeys::RevokedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_ingest_keys_org")
                            .from(UsageIngestKeys::Table, UsageIngestKeys::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_usage_ingest_keys_org")
                    .table(UsageIngestKeys::Table)
                    .col(UsageIngestKeys::OrgId)
                    .col(UsageIngestKeys::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UsageEvents::Table)
                    .col(ColumnDef::new(UsageEvents::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(UsageEvents::OrgId).uuid().not_null())
                    .col(ColumnDef::new(UsageEvents::EventId).string_len(128).not_null())
                    .col(ColumnDef::new(UsageEvents::Metric).string_len(32).not_null())
                    .col(
                        ColumnDef::new(UsageEvents::QuantityMilli)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(UsageEvents::QuantityMilli).gte(0)),
                    )
                    .col(ColumnDef::new(UsageEvents::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(UsageEvents::Properties).text().null())
                    .col(ColumnDef::new(UsageEvents::ReceivedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_events_org")
                            .from(UsageEvents::Table, UsageEvents::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("uq_usage_events_org_event")
                    .table(UsageEvents::Table)
                    .col(UsageEvents::OrgId)
                    .col(UsageEvents::EventId)
                    .unique()
                    .to_owned(),
            )
            .await?;
        // The raw events list and its export: newest first, optionally of one metric.
        manager
            .create_index(
                Index::create()
                    .name("idx_usage_events_org_time")
                    .table(UsageEvents::Table)
                    .col(UsageEvents::OrgId)
                    .col(UsageEvents::OccurredAt)
                    .col(UsageEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_usage_events_org_metric_time")
                    .table(UsageEvents::Table)
                    .col(UsageEvents::OrgId)
                    .col(UsageEvents::Metric)
                    .col(UsageEvents::OccurredAt)
                    .col(UsageEvents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(UsageDailyRollups::Table)
                    .col(ColumnDef::new(UsageDailyRollups::OrgId).uuid().not_null())
                    .col(ColumnDef::new(UsageDailyRollups::Metric).string_len(32).not_null())
                    .col(ColumnDef::new(UsageDailyRollups::Day).date().not_null())
                    .col(
                        ColumnDef::new(UsageDailyRollups::QuantityMilli)
                            .big_integer()
                            .not_null()
                            .check(Expr::col(UsageDailyRollups::QuantityMilli).gte(0)),
                    )
                    .col(ColumnDef::new(UsageDailyRollups::Events).big_integer().not_null())
                    .primary_key(
                        Index::create()
                            .col(UsageDailyRollups::OrgId)
                            .col(UsageDailyRollups::Metric)
                            .col(UsageDailyRollups::Day),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_usage_daily_rollups_org")
                            .from(UsageDailyRollups::Table, UsageDailyRollups::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        // The operator's totals and top organizations: one metric's days across organizations.
        manager
            .create_index(
                Index::create()
                    .name("idx_usage_daily_rollups_metric_day")
                    .table(UsageDailyRollups::Table)
                    .col(UsageDailyRollups::Metric)
                    .col(UsageDailyRollups::Day)
                    .col(UsageDailyRollups::OrgId)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(UsageDailyRollups::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(UsageEvents::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(UsageIngestKeys::Table).to_owned()).await
    }
}
