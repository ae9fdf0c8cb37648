//! `GET /api/dashboard/usage-events` (and its CSV export): the raw events, newest first.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::UsageMetric;
use crate::quantity::Quantity;

/// Filters of the raw events list and its export (besides `limit` and `cursor`). Sent as text and
/// checked by the server.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct UsageEventsFilter {
    /// Only events of this metric.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "openapi", param(value_type = Option<UsageMetric>))]
    pub metric: Option<String>,
    /// Only events on or after this UTC day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Only events on or before this UTC day (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
}

/// One usage event as stored.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UsageEvent {
    /// Our id of the event (time-ordered by arrival).
    pub id: Uuid,
    /// The reporter's id of the event.
    pub event_id: String,
    /// The metric.
    pub metric: UsageMetric,
    /// How much.
    pub quantity: Quantity,
    /// When it happened.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub timestamp: DateTime<Utc>,
    /// When it arrived.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub received_at: DateTime<Utc>,
    /// Facts about the event, as reported (an empty object when none).
    pub properties: serde_json::Value,
}
