use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Failed-attempt counters for sign-in, MFA and password reset, per account and per IP: in the
/// database so every instance sees the same counts.
#[derive(DeriveIden)]
enum AuthThrottles {
    Table,
    Key,
    Failures,
    LockedUntil,
    UpdatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(AuthThrottles::Table)
                    .col(ColumnDef::new(AuthThrottles::Key).string_len(320).not_null().primary_key())
                    .col(ColumnDef::new(AuthThrottles::Failures).integer().not_null())
                    .col(ColumnDef::new(AuthThrottles::LockedUntil).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(AuthThrottles::UpdatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AuthThrottles::Table).to_owned()).await
    }
}
