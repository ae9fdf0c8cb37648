//! Writing the audit trail. Entries are written in the same transaction as the change they
//! record (or on their own for refusals), and never updated or deleted through the API.

use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use shared::dto::admin::AuditOutcome;
use uuid::Uuid;

use crate::entities::audit_log;
use crate::error::ApiResult;
use crate::extract::client_info::ClientInfo;

/// An event to record.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    /// What happened, e.g. `auth.login`.
    pub action: &'static str,
    /// Who did it.
    pub actor_id: Option<Uuid>,
    /// The actor's email (or the email tried).
    pub actor_email: Option<String>,
    /// The organization concerned.
    pub org_id: Option<Uuid>,
    /// Kind of target.
    pub target_type: Option<&'static str>,
    /// Target id.
    pub target_id: Option<String>,
    /// Success or failure.
    pub outcome: AuditOutcome,
    /// Further facts.
    pub details: Option<serde_json::Value>,
}

impl AuditEvent {
    /// A successful action.
    pub fn success(action: &'static str) -> Self {
        AuditEvent {
            action,
            actor_id: None,
            actor_email: None,
            org_id: None,
            target_type: None,
            target_id: None,
            outcome: AuditOutcome::Success,
            details: None,
        }
    }

    /// A refused or failed action.
    pub fn failure(action: &'static str) -> Self {
        AuditEvent { outcome: AuditOutcome::Failure, ..AuditEvent::success(action) }
    }

    /// Sets the actor.
    pub fn actor(mut self, id: Uuid, email: &str) -> Self {
        self.actor_id = Some(id);
        self.actor_email = Some(email.to_owned());
        self
    }

    /// Sets the actor's email only (e.g. a failed sign-in for an unknown account).
    pub fn actor_email(mut self, email: &str) -> Self {
        self.actor_email = Some(email.chars().take(254).collect());
        self
    }

    /// Sets the organization.
    pub fn org(mut self, org_id: Uuid) -> Self {
        self.org_id = Some(org_id);
        self
    }

    /// Sets the target.
    pub fn target(mut self, kind: &'static str, id: impl ToString) -> Self {
        self.target_type = Some(kind);
        self.target_id = Some(id.to_string());
        self
    }

    /// Adds details.
    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = Some(details);
        self
    }
}

/// Appends an entry.
pub async fn record(
    db: &impl ConnectionTrait,
    now: chrono::DateTime<chrono::Utc>,
    client: &ClientInfo,
    event: AuditEvent,
) -> ApiResult<()> {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(now),
        actor_id: Set(event.actor_id),
        actor_email: Set(event.actor_email),
        org_id: Set(event.org_id),
        action: Set(event.action.to_owned()),
        target_type: Set(event.target_type.map(str::to_owned)),
        target_id: Set(event.target_id),
        ip: Set(client.ip.clone()),
        user_agent: Set(client.user_agent.clone()),
        outcome: Set(event.outcome.as_str().to_owned()),
        details: Set(event.details.map(|d| d.to_string())),
    }
    .insert(db)
    .await?;
    Ok(())
}
