use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

/// The domain event outbox: one append-only row per event, written in the transaction of the
/// change it describes; kept 90 days; delivery state lives elsewhere.
#[derive(DeriveIden)]
enum DomainEvents {
    Table,
    Id,
    OrgId,
    EventType,
    SubjectType,
    SubjectId,
    Data,
    CreatedAt,
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(DomainEvents::Table)
                    .col(ColumnDef::new(DomainEvents::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(DomainEvents::OrgId).uuid().not_null())
                    .col(ColumnDef::new(DomainEvents::EventType).string_len(64).not_null())
                    .col(ColumnDef::new(DomainEvents::SubjectType).string_len(32).not_null())
                    .col(ColumnDef::new(DomainEvents::SubjectId).uuid().not_null())
                    .col(ColumnDef::new(DomainEvents::Data).text().not_null())
                    .col(ColumnDef::new(DomainEvents::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_domain_events_org")
                            .from(DomainEvents::Table, DomainEvents::OrgId)
                            .to(Organizations::Table, Organizations::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(
                Index::create()
                    .name("idx_domain_events_org")
                    .table(DomainEvents::Table)
                    .col(DomainEvents::OrgId)
                    .col(DomainEvents::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(DomainEvents::Table).to_owned()).await
    }
}
