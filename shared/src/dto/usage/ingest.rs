//! `POST /api/dashboard/usage-events`: a batch of usage events from an ingest key, answered
//! event by event.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use super::UsageMetric;
use crate::quantity::Quantity;

/// Most events in one batch.
pub const MAX_BATCH_EVENTS: usize = 1_000;
/// Largest `properties` of one event, in bytes of its JSON text.
pub const MAX_PROPERTIES_BYTES: usize = 2_048;
/// Longest `event_id`, in characters.
pub const MAX_EVENT_ID_CHARS: usize = 128;
/// Oldest accepted event: this many days before the server's time.
pub const MAX_AGE_DAYS: i64 = 35;
/// Furthest accepted event in the future: this many minutes after the server's time.
pub const MAX_FUTURE_MINUTES: i64 = 5;

/// One usage event as reported.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UsageEventInput {
    /// The reporter's id of the event, unique per organization (1 to 128 characters): an event
    /// whose id was seen before counts once and answers `duplicate`.
    pub event_id: String,
    /// The metric (an unknown one is refused with `unknown_metric`).
    pub metric: UsageMetric,
    /// How much: not negative, at most 3 decimals, at most 1,000,000,000.
    pub quantity: Quantity,
    /// When it happened (RFC 3339): from 35 days before now to 5 minutes after.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub timestamp: DateTime<Utc>,
    /// Facts about the event: a JSON object of at most 2,048 bytes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub properties: Option<serde_json::Map<String, serde_json::Value>>,
}

/// `POST /api/dashboard/usage-events`: 1 to 1,000 events, applied together.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct IngestUsageRequest {
    /// The events, each answered in `results` at its index.
    #[cfg_attr(feature = "openapi", schema(min_items = 1, max_items = 1000))]
    pub events: Vec<UsageEventInput>,
}

crate::string_enum! {
    /// What became of one event of a batch.
    pub enum IngestStatus {
        /// Counted.
        Accepted = "accepted",
        /// Already counted: its `event_id` was seen before (or earlier in the same batch).
        Duplicate = "duplicate",
        /// Not counted; `reason` says why.
        Refused = "refused",
    }
}

crate::string_enum! {
    /// Why an event was refused.
    pub enum UsageRefusal {
        /// Not an object of the documented fields (a field missing, unknown or of another type).
        Malformed = "malformed",
        /// `event_id` is empty, longer than 128 characters or holds control characters.
        InvalidEventId = "invalid_event_id",
        /// `metric` is not in the catalogue.
        UnknownMetric = "unknown_metric",
        /// `quantity` is not a number, or above 1,000,000,000.
        InvalidQuantity = "invalid_quantity",
        /// `quantity` is below zero.
        NegativeQuantity = "negative_quantity",
        /// `quantity` has more than 3 decimals.
        TooManyDecimals = "too_many_decimals",
        /// `timestamp` is not an RFC 3339 date-time.
        InvalidTimestamp = "invalid_timestamp",
        /// `timestamp` is more than 35 days before the server's time.
        TooOld = "too_old",
        /// `timestamp` is more than 5 minutes after the server's time.
        InTheFuture = "in_the_future",
        /// `properties` is not a JSON object.
        InvalidProperties = "invalid_properties",
        /// `properties` is over 2,048 bytes of JSON.
        PropertiesTooLarge = "properties_too_large",
    }
}

/// What became of one event.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IngestResult {
    /// The event's place in the batch, from 0.
    pub index: u32,
    /// The event's `event_id`, when it had a readable one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<String>,
    /// Accepted, duplicate or refused.
    pub status: IngestStatus,
    /// Why it was refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<UsageRefusal>,
}

/// The answer to a batch: one result per event, in order, and the counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct IngestUsageResponse {
    /// One result per event, in the batch's order.
    pub results: Vec<IngestResult>,
    /// Events counted now.
    pub accepted: u32,
    /// Events counted before.
    pub duplicates: u32,
    /// Events refused.
    pub refused: u32,
}
