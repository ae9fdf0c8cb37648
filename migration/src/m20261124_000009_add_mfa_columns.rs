use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Users {
    Table,
    MfaSecret,
    MfaEnabledAt,
    MfaLastStep,
}

#[derive(DeriveIden)]
enum Organizations {
    Table,
    MfaRequired,
}

/// TOTP second factor on users (secret, when it was turned on, the last accepted time step for
/// the replay guard) and an organization-wide requirement.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        // One column per statement: SQLite alters one at a time.
        for col in [
            ColumnDef::new(Users::MfaSecret).string_len(128).null().to_owned(),
            ColumnDef::new(Users::MfaEnabledAt).timestamp_with_time_zone().null().to_owned(),
            ColumnDef::new(Users::MfaLastStep).big_integer().null().to_owned(),
        ] {
            manager.alter_table(Table::alter().table(Users::Table).add_column(col).to_owned()).await?;
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Organizations::Table)
                    .add_column(ColumnDef::new(Organizations::MfaRequired).boolean().not_null().default(false))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for col in [Users::MfaSecret, Users::MfaEnabledAt, Users::MfaLastStep] {
            manager.alter_table(Table::alter().table(Users::Table).drop_column(col).to_owned()).await?;
        }
        manager
            .alter_table(Table::alter().table(Organizations::Table).drop_column(Organizations::MfaRequired).to_owned())
            .await
    }
}
