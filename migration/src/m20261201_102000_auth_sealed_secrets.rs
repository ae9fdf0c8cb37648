use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// Room for sealed TOTP secrets (`v1:` + base64 of nonce, ciphertext and tag) and keyed
/// recovery-code hashes (`h1:` + 64 hex digits). SQLite does not enforce lengths; PostgreSQL does.
#[derive(DeriveIden)]
enum Users {
    Table,
    MfaSecret,
}

#[derive(DeriveIden)]
enum RecoveryCodes {
    Table,
    CodeHash,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        if manager.get_database_backend() != sea_orm::DatabaseBackend::Postgres {
            return Ok(());
        }
        manager
            .alter_table(
                Table::alter()
                    .table(Users::Table)
                    .modify_column(ColumnDef::new(Users::MfaSecret).string_len(512).null())
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table(RecoveryCodes::Table)
                    .modify_column(ColumnDef::new(RecoveryCodes::CodeHash).string_len(128).not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, _: &SchemaManager) -> Result<(), DbErr> {
        Ok(())
    }
}
