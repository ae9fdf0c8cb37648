//! An automation a customer requested.

use sea_orm::entity::prelude::*;
use shared::dto::automations::AutomationStatus;

/// A row of `automations`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "automations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub description: String,
    pub status: String,
    pub status_before_archive: Option<String>,
    pub owner_id: Uuid,
    pub staff_lead_id: Option<Uuid>,
    pub target_go_live_date: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
    pub status_changed_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

/// A stored status; an unknown value counts as requested.
pub fn stored_status(stored: &str) -> AutomationStatus {
    AutomationStatus::parse(stored).unwrap_or(AutomationStatus::Requested)
}

impl Model {
    /// Where it stands.
    pub fn status(&self) -> AutomationStatus {
        stored_status(&self.status)
    }

    /// While archived, the status it had before.
    pub fn status_before_archive(&self) -> Option<AutomationStatus> {
        self.status_before_archive.as_deref().and_then(AutomationStatus::parse)
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
