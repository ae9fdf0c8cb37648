use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[derive(DeriveIden)]
enum Organizations {
    Table,
    Id,
}

/// Automations a customer requested (tenant-owned).
#[derive(DeriveIden)]
enum Automations {
    Table,
    Id,
    OrgId,
    Name,
    Description,
    Status,
    StatusBeforeArchive,
    OwnerId,
    StaffLeadId,
    TargetGoLiveDate,
    CreatedAt,
    UpdatedAt,
    StatusChangedAt,
}

/// The timeline: one row per status change (the first is the request).
#[derive(DeriveIden)]
enum AutomationStatusChanges {
    Table,
    Id,
    OrgId,
    AutomationId,
    FromStatus,
    ToStatus,
    ActorId,
    CreatedAt,
}

/// Tasks of an automation, ordered on the board by `position`.
#[derive(DeriveIden)]
enum AutomationTasks {
    Table,
    Id,
    OrgId,
    AutomationId,
    Title,
    Description,
    Status,
    Priority,
    AssigneeId,
    DueDate,
    Position,
    CompletedAt,
    CreatedById,
    CreatedAt,
    UpdatedAt,
}

/// Messages of an automation's thread (`task_id` empty) and comments of a task's thread.
#[derive(DeriveIden)]
enum AutomationMessages {
    Table,
    Id,
    OrgId,
    AutomationId,
    TaskId,
    AuthorId,
    FromStaff,
    Body,
    CreatedAt,
    EditedAt,
    DeletedAt,
}

fn org_fk(table: impl IntoIden + 'static, col: impl IntoIden + 'static, name: &str) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(name)
        .from(table, col)
        .to(Organizations::Table, Organizations::Id)
        .on_delete(ForeignKeyAction::Cascade)
        .to_owned()
}

fn index(name: &str, table: impl IntoIden + 'static, cols: Vec<DynIden>) -> IndexCreateStatement {
    let mut i = Index::create();
    i.name(name).table(table);
    for c in cols {
        i.col(c);
    }
    i.to_owned()
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use AutomationMessages as M;
        use AutomationStatusChanges as H;
        use AutomationTasks as T;
        use Automations as A;
        manager
            .create_table(
                Table::create()
                    .table(A::Table)
                    .col(ColumnDef::new(A::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(A::OrgId).uuid().not_null())
                    .col(ColumnDef::new(A::Name).string_len(200).not_null())
                    .col(ColumnDef::new(A::Description).text().not_null())
                    .col(ColumnDef::new(A::Status).string_len(16).not_null())
                    .col(ColumnDef::new(A::StatusBeforeArchive).string_len(16).null())
                    .col(ColumnDef::new(A::OwnerId).uuid().not_null())
                    .col(ColumnDef::new(A::StaffLeadId).uuid().null())
                    .col(ColumnDef::new(A::TargetGoLiveDate).date().null())
                    .col(ColumnDef::new(A::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(A::UpdatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(A::StatusChangedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut org_fk(A::Table, A::OrgId, "fk_automations_org"))
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_automations_org_updated",
                A::Table,
                vec![A::OrgId.into_iden(), A::UpdatedAt.into_iden(), A::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_automations_org_status",
                A::Table,
                vec![A::OrgId.into_iden(), A::Status.into_iden(), A::UpdatedAt.into_iden()],
            ))
            .await?;
        manager
            .create_index(index("idx_automations_updated", A::Table, vec![A::UpdatedAt.into_iden(), A::Id.into_iden()]))
            .await?;
        manager
            .create_index(index(
                "idx_automations_lead",
                A::Table,
                vec![A::StaffLeadId.into_iden(), A::UpdatedAt.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(H::Table)
                    .col(ColumnDef::new(H::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(H::OrgId).uuid().not_null())
                    .col(ColumnDef::new(H::AutomationId).uuid().not_null())
                    .col(ColumnDef::new(H::FromStatus).string_len(16).null())
                    .col(ColumnDef::new(H::ToStatus).string_len(16).not_null())
                    .col(ColumnDef::new(H::ActorId).uuid().null())
                    .col(ColumnDef::new(H::CreatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut org_fk(H::Table, H::OrgId, "fk_automation_status_changes_org"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_status_changes_automation")
                            .from(H::Table, H::AutomationId)
                            .to(A::Table, A::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_automation_status_changes_automation",
                H::Table,
                vec![H::AutomationId.into_iden(), H::Id.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(T::Table)
                    .col(ColumnDef::new(T::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(T::OrgId).uuid().not_null())
                    .col(ColumnDef::new(T::AutomationId).uuid().not_null())
                    .col(ColumnDef::new(T::Title).string_len(200).not_null())
                    .col(ColumnDef::new(T::Description).text().not_null())
                    .col(ColumnDef::new(T::Status).string_len(16).not_null())
                    .col(ColumnDef::new(T::Priority).string_len(16).not_null())
                    .col(ColumnDef::new(T::AssigneeId).uuid().null())
                    .col(ColumnDef::new(T::DueDate).date().null())
                    .col(ColumnDef::new(T::Position).big_integer().not_null())
                    .col(ColumnDef::new(T::CompletedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(T::CreatedById).uuid().null())
                    .col(ColumnDef::new(T::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(T::UpdatedAt).timestamp_with_time_zone().not_null())
                    .foreign_key(&mut org_fk(T::Table, T::OrgId, "fk_automation_tasks_org"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_tasks_automation")
                            .from(T::Table, T::AutomationId)
                            .to(A::Table, A::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_automation_tasks_automation",
                T::Table,
                vec![T::AutomationId.into_iden(), T::Position.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_automation_tasks_assignee",
                T::Table,
                vec![T::OrgId.into_iden(), T::AssigneeId.into_iden(), T::AutomationId.into_iden()],
            ))
            .await?;
        manager
            .create_table(
                Table::create()
                    .table(M::Table)
                    .col(ColumnDef::new(M::Id).uuid().not_null().primary_key())
                    .col(ColumnDef::new(M::OrgId).uuid().not_null())
                    .col(ColumnDef::new(M::AutomationId).uuid().not_null())
                    .col(ColumnDef::new(M::TaskId).uuid().null())
                    .col(ColumnDef::new(M::AuthorId).uuid().null())
                    .col(ColumnDef::new(M::FromStaff).boolean().not_null())
                    .col(ColumnDef::new(M::Body).text().null())
                    .col(ColumnDef::new(M::CreatedAt).timestamp_with_time_zone().not_null())
                    .col(ColumnDef::new(M::EditedAt).timestamp_with_time_zone().null())
                    .col(ColumnDef::new(M::DeletedAt).timestamp_with_time_zone().null())
                    .foreign_key(&mut org_fk(M::Table, M::OrgId, "fk_automation_messages_org"))
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_messages_automation")
                            .from(M::Table, M::AutomationId)
                            .to(A::Table, A::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .foreign_key(
                        ForeignKey::create()
                            .name("fk_automation_messages_task")
                            .from(M::Table, M::TaskId)
                            .to(T::Table, T::Id)
                            .on_delete(ForeignKeyAction::Cascade),
                    )
                    .to_owned(),
            )
            .await?;
        manager
            .create_index(index(
                "idx_automation_messages_automation",
                M::Table,
                vec![M::AutomationId.into_iden(), M::Id.into_iden()],
            ))
            .await?;
        manager
            .create_index(index(
                "idx_automation_messages_task",
                M::Table,
                vec![M::TaskId.into_iden(), M::Id.into_iden()],
            ))
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager.drop_table(Table::drop().table(AutomationMessages::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AutomationTasks::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(AutomationStatusChanges::Table).to_owned()).await?;
        manager.drop_table(Table::drop().table(Automations::Table).to_owned()).await
    }
}
