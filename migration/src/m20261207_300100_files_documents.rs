use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

/// Secure documents: the ciphertext lives in object storage under `storage_key`; `wrapped_key`
/// is the document's data key sealed by the vault key (derived from the master key);
/// `format_version` names the encrypted format. `size` and `sha256` are the plaintext's.
#[derive(DeriveIden)]
enum Documents {
    Table,
    Id,
    OrgId,
    UploadedBy,
    Name,
    Size,
    ContentType,
    Sha256,
    StorageKey,
    WrappedKey,
    FormatVersion,
    ExpiresAt,
    CreatedAt,
    DeletedAt,
}

/// The members a document is shared with (OWNERs read every document anyway).
#[derive(DeriveIden)]
enum DocumentShares {
    Table,
    DocumentId,
    UserId,
    OrgId,
    CreatedAt,
}

/// One row: a check value of the vault key, so a start with another master key is refused while
/// documents exist.
#[derive(DeriveIden)]
enum VaultKeys {
    Table,
    Id,
    KeyCheck,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Documents::Table)
                    .col(ColumnDef::new(Documents::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Documents::OrgId).uuid().not_null())
                    .col(ColumnDef::new(Documents::UploadedBy).uuid().not_null())
                    .col(ColumnDef::new(Documents::Name).string_len(255).not_null())
                    .col(ColumnDef::new(Documents::Size).big_integer().not_null())
                    .col(ColumnDef::new(Documents::ContentType).string_len(128).not_null())
                    .col(ColumnDef::new(Documents::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(Documents::StorageKey).string_len(255).not_null())
                    .col(ColumnDef::new(Documents::WrappedKey).string_len(255).not_null())
                    .col(ColumnDef::new(Documents::FormatVersion).integer().not_null())
                    .col(ColumnDef::new(Documents::ExpiresAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Documents::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Documents::DeletedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_documents_org")
                            .from(Documents::Table, Documents::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_documents_org")
                    .table(Documents::Table)
                    .col(Documents::OrgId)
                    .col(Documents::Id)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(DocumentShares::Table)
                    .col(ColumnDef::new(DocumentShares::DocumentId).uuid().not_null())
                    .col(ColumnDef::new(DocumentShares::UserId).uuid().not_null())
                    .col(ColumnDef::new(DocumentShares::OrgId).uuid().not_null())
                    .col(ColumnDef::new(DocumentShares::CreatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(Index::create().col(DocumentShares::DocumentId).col(DocumentShares::UserId))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_document_shares_document")
                            .from(DocumentShares::Table, DocumentShares::DocumentId)
                            .to(Documents::Table, Documents::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_document_shares_org")
                            .from(DocumentShares::Table, DocumentShares::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_document_shares_org_user")
                    .table(DocumentShares::Table)
                    .col(DocumentShares::OrgId)
                    .col(DocumentShares::UserId)
                    .to_owned(),
            )
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(VaultKeys::Table)
                    .col(ColumnDef::new(VaultKeys::Id).integer().not_null().primary_key())
                    .col(ColumnDef::new(VaultKeys::KeyCheck).string_len(128).not_null())
                    .col(ColumnDef::new(VaultKeys::CreatedAt).timestamp_with_time_zone().not_null())
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(VaultKeys::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(DocumentShares::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Documents::Table).to_owned()).await
    }
}
