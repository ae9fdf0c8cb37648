use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum NotificationPreferences {
    Table,
    UserId,
    Category,
    Enabled,
    UpdatedAt,
}

#[derive(DeriveIden)]
enum Users {
    Table,
    Id,
}

/// Email notification preferences: a row per category a user has changed (every category is on
/// until turned off).
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .create_table(
                Table::create()
                    .table(NotificationPreferences::Table)
                    .col(ColumnDef::new(NotificationPreferences::UserId).uuid().not_null())
                    .col(ColumnDef::new(NotificationPreferences::Category).string_len(32).not_null())
                    .col(ColumnDef::new(NotificationPreferences::Enabled).boolean().not_null())
                    .col(ColumnDef::new(NotificationPreferences::UpdatedAt).timestamp_with_time_zone().not_null())
                    .primary_key(
                        Index::create().col(NotificationPreferences::UserId).col(NotificationPreferences::Category),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .from(NotificationPreferences::Table, NotificationPreferences::UserId)
                            .to(Users::Table, Users::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(NotificationPreferences::Table).to_owned()).await
    }
}
