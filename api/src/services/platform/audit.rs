//! Writing the audit trail. Entries are written in the same transaction as the change they
//! record (or on their own for refusals), and never updated or deleted through the API. Actions
//! come from the catalogue in `shared::audit`; details are its typed structs.

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ConnectionTrait, Set};
use shared::audit::{AuditAction, AuditDetails};
use shared::dto::audit::{ActorType, AuditOutcome};
use uuid::Uuid;

use crate::context::{Actor, ClientInfo};
use crate::entities::platform::audit_log;
use crate::error::ApiResult;

/// An entry to record.
#[derive(Debug, Clone)]
pub struct AuditEvent {
    /// What happened.
    pub action: AuditAction,
    /// A person, an API key or the system.
    pub actor_type: ActorType,
    /// Who did it (for an API key: its creator).
    pub actor_id: Option<Uuid>,
    /// The actor's email (or the email tried).
    pub actor_email: Option<String>,
    /// The API key that acted.
    pub api_key_id: Option<Uuid>,
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
    pub fn success(action: AuditAction) -> Self {
        AuditEvent {
            action,
            actor_type: ActorType::System,
            actor_id: None,
            actor_email: None,
            api_key_id: None,
            org_id: None,
            target_type: None,
            target_id: None,
            outcome: AuditOutcome::Success,
            details: None,
        }
    }

    /// A refused or failed action.
    pub fn failure(action: AuditAction) -> Self {
        AuditEvent { outcome: AuditOutcome::Failure, ..AuditEvent::success(action) }
    }

    /// Sets the actor: a person, or an API key (recorded with its creator).
    pub fn by(mut self, actor: &Actor) -> Self {
        self.actor_type = actor.actor_type();
        self.actor_id = Some(actor.user_id());
        self.actor_email = Some(actor.email().to_owned());
        self.api_key_id = actor.api_key_id();
        self
    }

    /// Sets a usage ingest key as the actor (no person acts through one).
    pub fn by_ingest_key(mut self, key_id: Uuid) -> Self {
        self.actor_type = ActorType::ApiKey;
        self.actor_id = None;
        self.actor_email = None;
        self.api_key_id = Some(key_id);
        self
    }

    /// Sets a person as the actor by id and email (sign-in flows, before a session exists).
    pub fn user(mut self, id: Uuid, email: &str) -> Self {
        self.actor_type = ActorType::User;
        self.actor_id = Some(id);
        self.actor_email = Some(email.to_owned());
        self
    }

    /// Sets the email tried only (e.g. a failed sign-in for an unknown account).
    pub fn email_tried(mut self, email: &str) -> Self {
        self.actor_type = ActorType::User;
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

    /// Adds typed details.
    pub fn details(mut self, details: &impl AuditDetails) -> Self {
        self.details = serde_json::to_value(details).ok();
        self
    }
}

/// Appends an entry.
pub async fn record(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    client: &ClientInfo,
    event: AuditEvent,
) -> ApiResult<()> {
    audit_log::ActiveModel {
        id: Set(Uuid::now_v7()),
        occurred_at: Set(now),
        actor_id: Set(event.actor_id),
        actor_email: Set(event.actor_email),
        org_id: Set(event.org_id),
        action: Set(event.action.as_str().to_owned()),
        target_type: Set(event.target_type.map(str::to_owned)),
        target_id: Set(event.target_id),
        ip: Set(client.ip.clone()),
        user_agent: Set(client.user_agent.clone()),
        outcome: Set(event.outcome.as_str().to_owned()),
        details: Set(event.details.map(|d| d.to_string())),
        actor_type: Set(event.actor_type.as_str().to_owned()),
        api_key_id: Set(event.api_key_id),
    }
    .insert(db)
    .await?;
    Ok(())
}
