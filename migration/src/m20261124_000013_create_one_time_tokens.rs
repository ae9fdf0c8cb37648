use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
    EmailVerifiedAt,
}

/// Single-use tokens sent by email (password reset, email verification), stored as hashes.
#[derive(DeriveIden)]
enum OneTimeTokens {
    Table,
    Id,
    UserId,
    Purpose,
    TokenHash,
    ExpiresAt,
    UsedAt,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(OneTimeTokens::Table)
                    .col(ColumnDef::new(OneTimeTokens::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(OneTimeTokens::UserId).uuid().not_null())
                    .col(ColumnDef::new(OneTimeTokens::Purpose).string_len(32).not_null())
                    .col(ColumnDef::new(OneTimeTokens::TokenHash).string_len(64).not_null().unique_key())
                    .col(ColumnDef::new(OneTimeTokens::ExpiresAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(OneTimeTokens::UsedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(OneTimeTokens::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_one_time_tokens_user")
                            .from(OneTimeTokens::Table, OneTimeTokens::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_one_time_tokens_user")
                    .table(OneTimeTokens::Table)
                    .col(OneTimeTokens::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .add_column(ColumnDef::new(Users::EmailVerifiedAt).timestamp_with_time_zone().null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.alter_table(Table::alter().table(Users::Table).drop_column(Users::EmailVerifiedAt).to_owned()).await?;
        manager.drop_table(Table::drop().table(OneTimeTokens::Table).to_owned()).await
    }
}
