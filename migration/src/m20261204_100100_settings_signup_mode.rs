use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// `signup_mode` (open | invite_only | closed) takes over from the stored `signups_enabled`,
/// which becomes a view of it: a stored `false` becomes `closed`; `true` was the default `open`.
#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            r#"INSERT INTO system_settings ("key", "value", updated_at, updated_by)
               SELECT 'signup_mode', '"closed"', updated_at, updated_by FROM system_settings
               WHERE "key" = 'signups_enabled' AND "value" = 'false'"#,
        )
        .await?;
        db.execute_unprepared(r#"DELETE FROM system_settings WHERE "key" = 'signups_enabled'"#).await?;
        Ok(())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let db = manager.get_connection();
        db.execute_unprepared(
            r#"INSERT INTO system_settings ("key", "value", updated_at, updated_by)
               SELECT 'signups_enabled', 'false', updated_at, updated_by FROM system_settings
               WHERE "key" = 'signup_mode' AND "value" = '"closed"'"#,
        )
        .await?;
        db.execute_unprepared(r#"DELETE FROM system_settings WHERE "key" = 'signup_mode'"#).await?;
        Ok(())
    }
}
