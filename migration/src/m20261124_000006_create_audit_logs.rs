use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The append-only audit trail. Actor and organization are kept as plain ids (no foreign key),
/// so the trail outlives what it speaks of.
#[derive(DeriveIden)]
enum AuditLogs {
    Table,
    Id,
    OccurredAt,
    ActorId,
    ActorEmail,
    OrgId,
    Action,
    TargetType,
    TargetId,
    Ip,
    UserAgent,
    Outcome,
    Details,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuditLogs::Table)
                    .col(ColumnDef::new(AuditLogs::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(AuditLogs::OccurredAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(AuditLogs::ActorId).uuid().null())
                    .col(ColumnDef::new(AuditLogs::ActorEmail).string_len(254).null())
                    .col(ColumnDef::new(AuditLogs::OrgId).uuid().null())
                    .col(ColumnDef::new(AuditLogs::Action).string_len(64).not_null())
                    .col(ColumnDef::new(AuditLogs::TargetType).string_len(32).null())
                    .col(ColumnDef::new(AuditLogs::TargetId).string_len(64).null())
                    .col(ColumnDef::new(AuditLogs::Ip).string_len(64).null())
                    .col(ColumnDef::new(AuditLogs::UserAgent).string_len(512).null())
                    .col(ColumnDef::new(AuditLogs::Outcome).string_len(16).not_null())
                    .col(ColumnDef::new(AuditLogs::Details).text().null())
                    .to_owned(),
            )
            .await?;
        for (name, col) in [
            ("idx_audit_logs_actor", AuditLogs::ActorId),
            ("idx_audit_logs_org", AuditLogs::OrgId),
            ("idx_audit_logs_action", AuditLogs::Action),
            ("idx_audit_logs_occurred_at", AuditLogs::OccurredAt),
        ] {
            manager
                .create_index(Index::create().name(name).table(AuditLogs::Table).col(col).col(AuditLogs::Id).to_owned())
                .await?;
        }
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuditLogs::Table).to_owned()).await
    }
}
