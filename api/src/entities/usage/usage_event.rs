//! One usage event as reported.

use sea_orm::entity::prelude::*;
use shared::Quantity;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::events::UsageEvent;

/// A row of `usage_events`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "usage_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub event_id: String,
    pub metric: String,
    pub quantity_milli: i64,
    pub occurred_at: DateTimeUtc,
    pub properties: Option<String>,
    pub received_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The wire view; `None` for a metric the catalogue no longer has.
    pub fn to_dto(&self) -> Option<UsageEvent> {
        Some(UsageEvent {
            id: self.id,
            event_id: self.event_id.clone(),
            metric: UsageMetric::parse(&self.metric)?,
            quantity: Quantity::from_milli(self.quantity_milli)?,
            timestamp: self.occurred_at,
            received_at: self.received_at,
            properties: self.properties_json(),
        })
    }

    /// The properties as JSON (an empty object when none).
    pub fn properties_json(&self) -> serde_json::Value {
        self.properties
            .as_deref()
            .and_then(|p| serde_json::from_str(p).ok())
            .unwrap_or_else(|| serde_json::Value::Object(Default::default()))
    }
}

impl crate::services::platform::tenant::TenantOwned for Entity {
    fn org_column() -> Self::Column {
        Column::OrgId
    }
}
