use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The audit trail tells a person from an API key: `actor_type` (`user`, `api_key`, `system`)
/// and the key that acted.
#[derive(DeriveIden)]
enum AuditLogs {
    Table,
    ActorType,
    ApiKeyId,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLogs::Table)
                    .add_column(ColumnDef::new(AuditLogs::ActorType).string_len(16).not_null().default("user"))
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(AuditLogs::Table)
                    .add_column(ColumnDef::new(AuditLogs::ApiKeyId).uuid().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(AuditLogs::Table).drop_column(AuditLogs::ApiKeyId).to_owned()).await?;
        manager.alter_table(Table::alter().table(AuditLogs::Table).drop_column(AuditLogs::ActorType).to_owned()).await
    }
}
