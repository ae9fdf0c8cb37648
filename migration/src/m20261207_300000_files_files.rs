use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

/// Uploaded files: the bytes live in object storage under `storage_key`, the metadata here.
/// `attached_kind` + `attached_id` say what a file is attached to (null until it is; unattached
/// files are purged 24 hours after their upload). Deleted files keep their row (`deleted_at`).
#[derive(DeriveIden)]
enum Files {
    Table,
    Id,
    OrgId,
    UploadedBy,
    Name,
    Size,
    ContentType,
    Sha256,
    StorageKey,
    AttachedKind,
    AttachedId,
    AttachedAt,
    CreatedAt,
    DeletedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(Files::Table)
                    .col(ColumnDef::new(Files::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(Files::OrgId).uuid().not_null())
                    .col(ColumnDef::new(Files::UploadedBy).uuid().not_null())
                    .col(ColumnDef::new(Files::Name).string_len(255).not_null())
                    .col(ColumnDef::new(Files::Size).big_integer().not_null())
                    .col(ColumnDef::new(Files::ContentType).string_len(128).not_null())
                    .col(ColumnDef::new(Files::Sha256).string_len(64).not_null())
                    .col(ColumnDef::new(Files::StorageKey).string_len(255).not_null())
                    .col(ColumnDef::new(Files::AttachedKind).string_len(32).null())
                    .col(ColumnDef::new(Files::AttachedId).uuid().null())
                    .col(ColumnDef::new(Files::AttachedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(Files::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(Files::DeletedAt).timestamp_with_time_zone().null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_files_org")
                            .from(Files::Table, Files::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create().name("idx_files_org").table(Files::Table).col(Files::OrgId).col(Files::Id).to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_files_attached")
                    .table(Files::Table)
                    .col(Files::AttachedKind)
                    .col(Files::AttachedId)
                    .to_owned(),
            )
            .await?;
        // The purge job looks for old unattached files.
        manager
            .create_index(
                Index::create().name("idx_files_created_at").table(Files::Table).col(Files::CreatedAt).to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(Files::Table).to_owned()).await
    }
}
