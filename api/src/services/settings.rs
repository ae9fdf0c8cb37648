//! Typed system settings, stored one key per row as JSON.

use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use shared::dto::admin::{SystemSettings, UpdateSystemSettingsRequest};
use uuid::Uuid;

use super::audit::{self, AuditEvent};
use crate::db::begin_write;
use crate::entities::system_setting;
use crate::error::ApiResult;
use crate::extract::client_info::ClientInfo;
use crate::state::AppState;

const SIGNUPS_ENABLED: &str = "signups_enabled";

async fn get_bool(db: &impl ConnectionTrait, key: &str, default: bool) -> ApiResult<bool> {
    let row = system_setting::Entity::find_by_id(key.to_owned()).one(db).await?;
    Ok(row.and_then(|r| serde_json::from_str::<bool>(&r.value).ok()).unwrap_or(default))
}

async fn put(
    db: &impl ConnectionTrait,
    key: &str,
    value: serde_json::Value,
    by: Option<Uuid>,
    now: chrono::DateTime<chrono::Utc>,
) -> ApiResult<()> {
    system_setting::Entity::insert(system_setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_string()),
        updated_at: Set(now),
        updated_by: Set(by),
    })
    .on_conflict(
        OnConflict::column(system_setting::Column::Key)
            .update_columns([
                system_setting::Column::Value,
                system_setting::Column::UpdatedAt,
                system_setting::Column::UpdatedBy,
            ])
            .to_owned(),
    )
    .exec_without_returning(db)
    .await?;
    Ok(())
}

/// Whether public registration is open (default: yes).
pub async fn signups_enabled(db: &impl ConnectionTrait) -> ApiResult<bool> {
    get_bool(db, SIGNUPS_ENABLED, true).await
}

/// All settings.
pub async fn get(db: &impl ConnectionTrait) -> ApiResult<SystemSettings> {
    Ok(SystemSettings { signups_enabled: signups_enabled(db).await? })
}

/// Changes the given settings and audits each change.
pub async fn update(
    state: &AppState,
    actor: (Uuid, &str),
    req: UpdateSystemSettingsRequest,
    client: &ClientInfo,
) -> ApiResult<SystemSettings> {
    let now = state.now();
    let tx = begin_write(&state.db).await?;
    let before = get(&tx).await?;
    if let Some(v) = req.signups_enabled {
        put(&tx, SIGNUPS_ENABLED, serde_json::Value::Bool(v), Some(actor.0), now).await?;
    }
    let after = get(&tx).await?;
    let event = AuditEvent::success("admin.settings.update")
        .actor(actor.0, actor.1)
        .target("system_settings", "global")
        .details(serde_json::json!({ "before": before, "after": after }));
    audit::record(&tx, now, client, event).await?;
    tx.commit().await?;
    Ok(after)
}
