//! One entry of the append-only audit trail.

use sea_orm::entity::prelude::*;
use shared::dto::audit::{ActorType, AuditLogEntry, AuditOutcome};

/// A row of `audit_logs`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_logs")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub occurred_at: DateTimeUtc,
    pub actor_id: Option<Uuid>,
    pub actor_email: Option<String>,
    pub org_id: Option<Uuid>,
    pub action: String,
    pub target_type: Option<String>,
    pub target_id: Option<String>,
    pub ip: Option<String>,
    pub user_agent: Option<String>,
    pub outcome: String,
    pub details: Option<String>,
    pub actor_type: String,
    pub api_key_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

impl Model {
    /// The wire view of the entry.
    pub fn to_dto(&self) -> AuditLogEntry {
        AuditLogEntry {
            id: self.id,
            occurred_at: self.occurred_at,
            actor_id: self.actor_id,
            actor_type: ActorType::parse(&self.actor_type).unwrap_or(ActorType::User),
            api_key_id: self.api_key_id,
            actor_email: self.actor_email.clone(),
            organization_id: self.org_id,
            action: self.action.clone(),
            target_type: self.target_type.clone(),
            target_id: self.target_id.clone(),
            ip: self.ip.clone(),
            user_agent: self.user_agent.clone(),
            outcome: AuditOutcome::parse(&self.outcome).unwrap_or(AuditOutcome::Failure),
            details: self
                .details
                .as_deref()
                .and_then(|d| serde_json::from_str(d).ok())
                .unwrap_or(serde_json::Value::Null),
        }
    }
}
