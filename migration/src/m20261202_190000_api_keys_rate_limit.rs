use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// A key's own request limit (requests a minute); null: the server's default.
#[derive(DeriveIden)]
enum ApiKeys {
    Table,
    RateLimitPerMinute,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table(ApiKeys::Table)
                    .add_column(ColumnDef::new(ApiKeys::RateLimitPerMinute).integer().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(Table::alter().table(ApiKeys::Table).drop_column(ApiKeys::RateLimitPerMinute).to_owned())
            .await
    }
}
