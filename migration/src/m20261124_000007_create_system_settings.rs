use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Typed system settings, one row per key, the value as JSON text.
#[derive(DeriveIden)]
enum SystemSettings {
    Table,
    Key,
    Value,
    UpdatedAt,
    UpdatedBy,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(SystemSettings::Table)
                    .col(ColumnDef::new(SystemSettings::Key).string_len(64).not_null().primary_key())
                    .col(ColumnDef::new(SystemSettings::Value).text().not_null())
                    .col(ColumnDef::new(SystemSettings::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(SystemSettings::UpdatedBy).uuid().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(SystemSettings::Table).to_owned()).await
    }
}
