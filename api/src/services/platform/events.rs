//! `emit`: the one way an area publishes a domain event. The event is a row of the outbox table,
//! written in the caller's transaction, so it exists exactly when the change it describes does.
//! Delivery (outgoing webhooks) and activity feeds read the same table.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde::Serialize;
use shared::events::DomainEventType;
use uuid::Uuid;

use crate::entities::platform::domain_event;
use crate::error::ApiResult;

/// A domain event about one resource of an organization; `data` is the resource as its
/// dashboard DTO shows it (never internal notes or secrets).
#[derive(Debug, Clone)]
pub struct DomainEvent<'a, T: Serialize> {
    /// What happened.
    pub event_type: DomainEventType,
    /// The organization it happened in.
    pub org_id: Uuid,
    /// The resource's id.
    pub subject_id: Uuid,
    /// The resource after the change.
    pub data: &'a T,
}

/// Writes an event to the outbox in the caller's transaction; returns its id.
pub async fn emit<T: Serialize>(
    db: &impl ConnectionTrait,
    now: DateTime<Utc>,
    event: DomainEvent<'_, T>,
) -> ApiResult<Uuid> {
    let id = Uuid::now_v7();
    let data = serde_json::to_string(event.data).map_err(anyhow::Error::from)?;
    domain_event::Entity::insert(domain_event::ActiveModel {
        id: Set(id),
        org_id: Set(event.org_id),
        event_type: Set(event.event_type.as_str().to_owned()),
        subject_type: Set(event.event_type.resource().to_owned()),
        subject_id: Set(event.subject_id),
        data: Set(data),
        created_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(id)
}

/// How long events are kept.
pub const KEEP_FOR: chrono::Duration = chrono::Duration::days(90);

/// Deletes events older than [`KEEP_FOR`]; returns how many.
pub async fn purge(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<u64> {
    use sea_orm::{ColumnTrait, QueryFilter};
    let res =
        domain_event::Entity::delete_many().filter(domain_event::Column::CreatedAt.lt(now - KEEP_FOR)).exec(db).await?;
    Ok(res.rows_affected)
}
