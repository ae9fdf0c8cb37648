//! The demo's usage: the usage dashboard flag on for everyone, and five weeks of usage for the
//! first demo organization, reported as the operator's systems would (in batches, through the
//! ingest path, so the rollups are the ones ingestion keeps).

use chrono::{DateTime, Duration, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use serde_json::json;
use uuid::Uuid;

use crate::entities::flags::feature_flag;
use crate::error::ApiResult;
use crate::services::usage::ingest;

/// Days of demo usage, up to yesterday (ingestion takes events up to 35 days old).
const DAYS: i64 = 34;

/// Turns on the flags of the web app's catalogue that the demo shows (the usage dashboard), unless
/// a flag of that key exists.
pub async fn seed_flags(db: &impl ConnectionTrait, now: DateTime<Utc>) -> ApiResult<()> {
    let spec = shared::flags::USAGE_DASHBOARD;
    if feature_flag::Entity::find().filter(feature_flag::Column::Key.eq(spec.key)).one(db).await?.is_some() {
        return Ok(());
    }
    feature_flag::Entity::insert(feature_flag::ActiveModel {
        id: Set(Uuid::now_v7()),
        key: Set(spec.key.to_owned()),
        description: Set(spec.description.to_owned()),
        enabled: Set(true),
        rollout_bp: Set(0),
        archived_at: Set(None),
        created_at: Set(now),
        updated_at: Set(now),
    })
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Reports a day's usage per metric for each of the last [`DAYS`] days: a working-week rhythm
/// with a slow rise, the same every time (event ids are per day, so seeding twice counts once).
pub async fn seed_usage(db: &impl ConnectionTrait, org_id: Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    let mut events = Vec::new();
    for ago in 1..=DAYS {
        let at = now - Duration::days(ago);
        let weekday = i64::from(chrono::Datelike::weekday(&at).num_days_from_monday());
        let busy = if weekday < 5 { 10 } else { 4 };
        let growth = DAYS - ago;
        let day = at.format("%Y-%m-%d");
        for (metric, quantity) in [
            ("api_calls", json!(busy * (120 + 3 * growth))),
            ("automation_runs", json!(busy * (9 + growth / 5))),
            ("emails_sent", json!(busy * 14 + growth)),
            ("storage_gb_hours", quarters(480 + 6 * growth)),
        ] {
            events.push(json!({
                "event_id": format!("demo-{metric}-{day}"),
                "metric": metric,
                "quantity": quantity,
                "timestamp": at.to_rfc3339(),
                "properties": { "source": "demo" },
            }));
        }
    }
    let body = serde_json::to_vec(&json!({ "events": events })).unwrap_or_default();
    ingest::apply(db, org_id, now, ingest::read_batch(&body, now)?).await?;
    Ok(())
}

/// `n` quarters as a JSON number with two decimals (`121.25`), written as text: no floats.
fn quarters(n: i64) -> serde_json::Value {
    serde_json::from_str(&format!("{}.{:02}", n / 4, (n % 4) * 25)).unwrap_or_default()
}
