//! Usage ingestion: a batch of up to 1,000 events from an ingest key, answered event by event
//! and applied in one transaction.
//!
//! The batch is read and checked before the transaction begins ([`read_batch`]): its outer shape
//! strictly (a malformed body or too many events refuse the whole batch), each event on its own
//! (a bad event is refused with its reason; the others go on). The transaction ([`apply`]) then
//! inserts the events with `ON CONFLICT (org_id, event_id) DO NOTHING RETURNING id`, so the
//! unique index decides which of two concurrent batches counts an event, and adds what it
//! inserted to the daily rollups with one upsert per (metric, day). Rows go in `event_id` order
//! and rollups in (metric, day) order, so concurrent batches on PostgreSQL take their locks in
//! one order and never deadlock.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Duration, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, OnConflict};
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde::Deserialize;
use serde_json::value::RawValue;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::ingest::{
    IngestResult, IngestStatus, IngestUsageResponse, MAX_AGE_DAYS, MAX_BATCH_EVENTS, MAX_EVENT_ID_CHARS,
    MAX_FUTURE_MINUTES, MAX_PROPERTIES_BYTES, UsageRefusal,
};
use shared::quantity::QuantityError;
use shared::{FieldError, Quantity};
use uuid::Uuid;

use crate::entities::usage::{daily_rollup, usage_event};
use crate::error::{ApiError, ApiResult};

/// Largest batch body, in bytes: 1,000 events with their largest `properties`, and room to spare.
pub const MAX_BODY_BYTES: usize = 4 * 1024 * 1024;

/// Rows per insert statement (8 values each, well under either engine's limit of bound values).
const ROWS_PER_STATEMENT: usize = 500;

/// An event that passed every check.
#[derive(Debug, Clone)]
pub struct CheckedEvent {
    index: usize,
    event_id: String,
    metric: UsageMetric,
    quantity: Quantity,
    occurred_at: DateTime<Utc>,
    properties: Option<String>,
}

/// A read batch: what became of each event so far (refusals and repeats within the batch are
/// final; the checked events wait for the database).
#[derive(Debug, Clone)]
pub struct ReadBatch {
    results: Vec<IngestResult>,
    checked: Vec<CheckedEvent>,
}

/// The outer shape of a batch, each event kept as its JSON text.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireBatch<'a> {
    #[serde(borrow)]
    events: Vec<&'a RawValue>,
}

/// One event's fields as JSON text, each read on its own so a bad one names its reason.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct WireEvent<'a> {
    #[serde(borrow)]
    event_id: Option<&'a RawValue>,
    #[serde(borrow)]
    metric: Option<&'a RawValue>,
    #[serde(borrow)]
    quantity: Option<&'a RawValue>,
    #[serde(borrow)]
    timestamp: Option<&'a RawValue>,
    #[serde(borrow)]
    properties: Option<&'a RawValue>,
}

/// Reads a batch body and checks each event against `now`.
///
/// Errors: `Malformed` (not a JSON object with an `events` array), `Validation` (`events`:
/// `required` when empty, `too_many` above [`MAX_BATCH_EVENTS`]).
pub fn read_batch(body: &[u8], now: DateTime<Utc>) -> ApiResult<ReadBatch> {
    let batch: WireBatch<'_> =
        serde_json::from_slice(body).map_err(|e| ApiError::Malformed(format!("Invalid JSON body: {e}")))?;
    if batch.events.is_empty() {
        return Err(ApiError::field("events", "required", "Send at least one event."));
    }
    if batch.events.len() > MAX_BATCH_EVENTS {
        return Err(ApiError::Validation(vec![FieldError::new(
            "events",
            "too_many",
            format!("Send at most {MAX_BATCH_EVENTS} events in a batch, not {}.", batch.events.len()),
        )]));
    }
    let mut results = Vec::with_capacity(batch.events.len());
    let mut checked = Vec::with_capacity(batch.events.len());
    let mut seen = HashSet::with_capacity(batch.events.len());
    for (index, raw) in batch.events.into_iter().enumerate() {
        let (event_id, outcome) = check_event(index, raw, now);
        let status = match (&outcome, &event_id) {
            (Err(_), _) => IngestStatus::Refused,
            (Ok(_), Some(id)) if !seen.insert(id.clone()) => IngestStatus::Duplicate,
            (Ok(_), _) => IngestStatus::Accepted,
        };
        let reason = outcome.as_ref().err().copied();
        if let (Ok(event), IngestStatus::Accepted) = (outcome, status) {
            checked.push(event);
        }
        results.push(IngestResult { index: index_u32(index), event_id, status, reason });
    }
    Ok(ReadBatch { results, checked })
}

fn index_u32(index: usize) -> u32 {
    u32::try_from(index).unwrap_or(u32::MAX)
}

/// Checks one event: its readable `event_id` (for the answer) and the checked event or why not.
fn check_event(
    index: usize,
    raw: &RawValue,
    now: DateTime<Utc>,
) -> (Option<String>, Result<CheckedEvent, UsageRefusal>) {
    let Ok(wire) = serde_json::from_str::<WireEvent<'_>>(raw.get()) else {
        // Not an object of the known fields: its id, if it has a readable one, for the answer.
        let id = serde_json::from_str::<serde_json::Value>(raw.get())
            .ok()
            .and_then(|v| v.get("event_id").and_then(|id| id.as_str()).map(str::to_owned))
            .filter(|id| event_id_ok(id));
        return (id, Err(UsageRefusal::Malformed));
    };
    let event_id = wire.event_id.map(|raw| serde_json::from_str::<String>(raw.get()));
    let event_id = match event_id {
        None => return (None, Err(UsageRefusal::Malformed)),
        Some(Ok(id)) if event_id_ok(&id) => id,
        Some(_) => return (None, Err(UsageRefusal::InvalidEventId)),
    };
    let outcome = check_fields(&wire, now).map(|(metric, quantity, occurred_at, properties)| CheckedEvent {
        index,
        event_id: event_id.clone(),
        metric,
        quantity,
        occurred_at,
        properties,
    });
    (Some(event_id), outcome)
}

fn event_id_ok(id: &str) -> bool {
    !id.is_empty() && id.chars().count() <= MAX_EVENT_ID_CHARS && !id.chars().any(char::is_control)
}

type Fields = (UsageMetric, Quantity, DateTime<Utc>, Option<String>);

/// The fields after `event_id`, in order; the first that fails names the reason.
fn check_fields(wire: &WireEvent<'_>, now: DateTime<Utc>) -> Result<Fields, UsageRefusal> {
    let (Some(metric), Some(quantity), Some(timestamp)) = (wire.metric, wire.quantity, wire.timestamp) else {
        return Err(UsageRefusal::Malformed);
    };
    let metric = serde_json::from_str::<&str>(metric.get())
        .ok()
        .and_then(UsageMetric::parse)
        .ok_or(UsageRefusal::UnknownMetric)?;
    let quantity = Quantity::parse_json_number(quantity.get()).map_err(|e| match e {
        QuantityError::Negative => UsageRefusal::NegativeQuantity,
        QuantityError::TooPrecise => UsageRefusal::TooManyDecimals,
        QuantityError::NotANumber | QuantityError::TooLarge => UsageRefusal::InvalidQuantity,
    })?;
    let occurred_at = serde_json::from_str::<std::borrow::Cow<'_, str>>(timestamp.get())
        .ok()
        .and_then(|t| DateTime::parse_from_rfc3339(&t).ok())
        .map(|t| t.to_utc())
        .ok_or(UsageRefusal::InvalidTimestamp)?;
    if occurred_at < now - Duration::days(MAX_AGE_DAYS) {
        return Err(UsageRefusal::TooOld);
    }
    if occurred_at > now + Duration::minutes(MAX_FUTURE_MINUTES) {
        return Err(UsageRefusal::InTheFuture);
    }
    let properties = match wire.properties {
        None => None,
        Some(p) if !p.get().starts_with('{') => return Err(UsageRefusal::InvalidProperties),
        Some(p) if p.get().len() > MAX_PROPERTIES_BYTES => return Err(UsageRefusal::PropertiesTooLarge),
        Some(p) => Some(p.get().to_owned()),
    };
    Ok((metric, quantity, occurred_at, properties))
}

/// Applies a read batch for an organization in the caller's transaction: inserts its checked
/// events (those already there answer `duplicate`) and adds the inserted ones to the rollups.
pub async fn apply(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    now: DateTime<Utc>,
    batch: ReadBatch,
) -> ApiResult<IngestUsageResponse> {
    let ReadBatch { mut results, mut checked } = batch;
    checked.sort_by(|a, b| a.event_id.cmp(&b.event_id));
    let mut index_of: HashMap<Uuid, usize> = HashMap::with_capacity(checked.len());
    let mut inserted: Vec<usize> = Vec::with_capacity(checked.len());
    for chunk in checked.chunks(ROWS_PER_STATEMENT) {
        let rows = chunk.iter().map(|e| {
            let id = Uuid::now_v7();
            index_of.insert(id, e.index);
            usage_event::ActiveModel {
                id: Set(id),
                org_id: Set(org_id),
                event_id: Set(e.event_id.clone()),
                metric: Set(e.metric.as_str().to_owned()),
                quantity_milli: Set(e.quantity.milli()),
                occurred_at: Set(e.occurred_at),
                properties: Set(e.properties.clone()),
                received_at: Set(now),
            }
        });
        let rows: Vec<_> = rows.collect();
        let ids = usage_event::Entity::insert_many(rows)
            .on_conflict(
                OnConflict::columns([usage_event::Column::OrgId, usage_event::Column::EventId]).do_nothing().to_owned(),
            )
            .exec_with_returning_keys(db)
            .await?;
        inserted.extend(ids.iter().filter_map(|id| index_of.get(id).copied()));
    }
    let by_index: HashMap<usize, &CheckedEvent> = checked.iter().map(|e| (e.index, e)).collect();
    let mut rollups: BTreeMap<(UsageMetric, NaiveDate), (Quantity, i64)> = BTreeMap::new();
    let mut counted = vec![false; results.len()];
    for index in inserted {
        counted[index] = true;
        if let Some(e) = by_index.get(&index) {
            let sum = rollups.entry((e.metric, e.occurred_at.date_naive())).or_insert((Quantity::ZERO, 0));
            *sum = (sum.0.saturating_add(e.quantity), sum.1 + 1);
        }
    }
    add_to_rollups(db, org_id, rollups).await?;
    for e in &checked {
        if !counted[e.index] {
            results[e.index].status = IngestStatus::Duplicate;
        }
    }
    let count = |s: IngestStatus| index_u32(results.iter().filter(|r| r.status == s).count());
    let (accepted, duplicates, refused) =
        (count(IngestStatus::Accepted), count(IngestStatus::Duplicate), count(IngestStatus::Refused));
    Ok(IngestUsageResponse { results, accepted, duplicates, refused })
}

/// Adds per-(metric, day) sums to the rollups: one upsert, in key order.
async fn add_to_rollups(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    sums: BTreeMap<(UsageMetric, NaiveDate), (Quantity, i64)>,
) -> ApiResult<()> {
    if sums.is_empty() {
        return Ok(());
    }
    use daily_rollup::Column as C;
    let rows = sums.into_iter().map(|((metric, day), (quantity, events))| daily_rollup::ActiveModel {
        org_id: Set(org_id),
        metric: Set(metric.as_str().to_owned()),
        day: Set(day),
        quantity_milli: Set(quantity.milli()),
        events: Set(events),
    });
    daily_rollup::Entity::insert_many(rows.collect::<Vec<_>>())
        .on_conflict(
            OnConflict::columns([C::OrgId, C::Metric, C::Day])
                .value(C::QuantityMilli, Expr::cust("usage_daily_rollups.quantity_milli + excluded.quantity_milli"))
                .value(C::Events, Expr::cust("usage_daily_rollups.events + excluded.events"))
                .to_owned(),
        )
        .exec_without_returning(db)
        .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn now() -> DateTime<Utc> {
        DateTime::parse_from_rfc3339("2031-03-10T12:00:00Z").map(|t| t.to_utc()).unwrap_or_default()
    }

    fn reasons(body: &str) -> Vec<(IngestStatus, Option<UsageRefusal>)> {
        let read = read_batch(body.as_bytes(), now());
        assert!(read.is_ok(), "{read:?}");
        read.map(|b| b.results.into_iter().map(|r| (r.status, r.reason)).collect()).unwrap_or_default()
    }

    #[test]
    fn each_event_is_refused_for_its_own_reason() {
        let ev = |fields: &str| {
            format!(
                r#"{{"event_id":"e","metric":"api_calls","quantity":1,"timestamp":"2031-03-10T11:00:00Z"{fields}}}"#
            )
        };
        let refused = |r| (IngestStatus::Refused, Some(r));
        let cases = [
            (ev(""), (IngestStatus::Accepted, None)),
            (r#"{"event_id":"e","metric":"api_calls","quantity":1}"#.to_owned(), refused(UsageRefusal::Malformed)),
            ("[1]".to_owned(), refused(UsageRefusal::Malformed)),
            (ev(r#","colour":"red""#), refused(UsageRefusal::Malformed)),
            (ev("").replace(r#""e""#, r#""""#), refused(UsageRefusal::InvalidEventId)),
            (ev("").replace(r#""e""#, "7"), refused(UsageRefusal::InvalidEventId)),
            (ev("").replace("api_calls", "bananas"), refused(UsageRefusal::UnknownMetric)),
            (ev("").replace(r#""quantity":1"#, r#""quantity":1.2345"#), refused(UsageRefusal::TooManyDecimals)),
            (ev("").replace(r#""quantity":1"#, r#""quantity":-1"#), refused(UsageRefusal::NegativeQuantity)),
            (ev("").replace(r#""quantity":1"#, r#""quantity":"1""#), refused(UsageRefusal::InvalidQuantity)),
            (ev("").replace("2031-03-10T11:00:00Z", "yesterday"), refused(UsageRefusal::InvalidTimestamp)),
            (ev("").replace("2031-03-10T11:00:00Z", "2031-02-03T11:59:59Z"), refused(UsageRefusal::TooOld)),
            (ev("").replace("2031-03-10T11:00:00Z", "2031-03-10T12:05:01Z"), refused(UsageRefusal::InTheFuture)),
            (ev(r#","properties":[1]"#), refused(UsageRefusal::InvalidProperties)),
            (
                ev(&format!(r#","properties":{{"k":"{}"}}"#, "x".repeat(2_041))),
                refused(UsageRefusal::PropertiesTooLarge),
            ),
            (ev(&format!(r#","properties":{{"k":"{}"}}"#, "x".repeat(2_040))), (IngestStatus::Accepted, None)),
            (ev("").replace("2031-03-10T11:00:00Z", "2031-02-03T12:00:00Z"), (IngestStatus::Accepted, None)),
            (ev("").replace("2031-03-10T11:00:00Z", "2031-03-10T14:05:00+02:00"), (IngestStatus::Accepted, None)),
        ];
        for (event, expected) in cases {
            assert_eq!(reasons(&format!(r#"{{"events":[{event}]}}"#)), [expected], "{event}");
        }
    }

    #[test]
    fn a_repeat_within_the_batch_is_a_duplicate() {
        let ev = |id: &str| {
            format!(r#"{{"event_id":"{id}","metric":"api_calls","quantity":1,"timestamp":"2031-03-10T11:00:00Z"}}"#)
        };
        let body = format!(r#"{{"events":[{},{},{}]}}"#, ev("a"), ev("b"), ev("a"));
        let statuses: Vec<_> = reasons(&body).into_iter().map(|(s, _)| s).collect();
        assert_eq!(statuses, [IngestStatus::Accepted, IngestStatus::Accepted, IngestStatus::Duplicate]);
    }

    #[test]
    fn the_batch_itself_must_be_well_formed_and_not_too_big() {
        assert!(matches!(read_batch(b"[]", now()), Err(ApiError::Malformed(_))));
        assert!(matches!(read_batch(br#"{"events":[],"x":1}"#, now()), Err(ApiError::Malformed(_))));
        assert!(matches!(read_batch(br#"{"events":[]}"#, now()), Err(ApiError::Validation(_))));
        let many = format!(r#"{{"events":[{}]}}"#, vec!["{}"; 1_001].join(","));
        let refused = read_batch(many.as_bytes(), now());
        assert!(
            matches!(&refused, Err(ApiError::Validation(f)) if f[0].field == "events" && f[0].code == "too_many"),
            "{refused:?}"
        );
    }
}
