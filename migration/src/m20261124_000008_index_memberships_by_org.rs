use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Memberships {
    Table,
    OrgId,
    Id,
}

/// Members of an organization are listed in `id` order with keyset pages: index `(org_id, id)`.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_index(
                Index::create()
                    .name("idx_memberships_org_id_id")
                    .table(Memberships::Table)
                    .col(Memberships::OrgId)
                    .col(Memberships::Id)
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_index(Index::drop().name("idx_memberships_org_id_id").table(Memberships::Table).to_owned()).await
    }
}
