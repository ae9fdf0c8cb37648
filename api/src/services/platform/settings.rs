//! System settings, stored one key per row as JSON and typed by the registry in
//! `shared::settings`: a stored value that no longer fits its declaration reads as the default.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::Value;
use shared::audit::{AuditAction, SettingsChanged};
use shared::dto::settings::{SystemSettings, UpdateSystemSettingsRequest};
use shared::settings::{SettingError, SettingSpec};

use super::audit::{self, AuditEvent};
use crate::context::Caller;
use crate::entities::platform::system_setting;
use crate::error::{ApiError, ApiResult};

/// The value of one setting (its default until set).
pub async fn value(db: &impl ConnectionTrait, spec: &SettingSpec) -> ApiResult<Value> {
    let row = system_setting::Entity::find_by_id(spec.key.to_owned()).one(db).await?;
    let stored = row.and_then(|r| serde_json::from_str::<Value>(&r.value).ok()).filter(|v| spec.check(v).is_ok());
    Ok(stored.unwrap_or_else(|| spec.default_value()))
}

/// The value of a boolean setting.
pub async fn bool(db: &impl ConnectionTrait, spec: &SettingSpec) -> ApiResult<bool> {
    Ok(value(db, spec).await?.as_bool().unwrap_or(false))
}

/// Every registered setting with its value.
pub async fn get(db: &impl ConnectionTrait) -> ApiResult<SystemSettings> {
    let mut out = SystemSettings::default();
    for spec in shared::settings::all() {
        out.0.insert(spec.key.to_owned(), value(db, spec).await?);
    }
    Ok(out)
}

async fn put(db: &impl ConnectionTrait, key: &str, value: &Value, by: uuid::Uuid, now: DateTime<Utc>) -> ApiResult<()> {
    system_setting::Entity::insert(system_setting::ActiveModel {
        key: Set(key.to_owned()),
        value: Set(value.to_string()),
        updated_at: Set(now),
        updated_by: Set(Some(by)),
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

/// Changes the given settings and audits the change with every value before and after.
///
/// Errors: `Malformed` (an unknown key, or a value of the wrong type), `Validation` (a value
/// outside the setting's bounds).
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    req: UpdateSystemSettingsRequest,
) -> ApiResult<SystemSettings> {
    let mut errors = Vec::new();
    let mut changes = Vec::new();
    for (key, v) in req.0 {
        let spec =
            shared::settings::find(&key).ok_or_else(|| ApiError::Malformed(format!("Unknown setting `{key}`.")))?;
        match spec.check(&v) {
            Ok(()) => changes.push((spec, v)),
            Err(SettingError::WrongType(want)) => {
                return Err(ApiError::Malformed(format!("The setting `{key}` takes {want}.")));
            }
            Err(SettingError::OutOfRange(msg)) => errors.push(shared::FieldError::new(&key, "out_of_range", msg)),
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    let before = get(db).await?;
    for (spec, v) in &changes {
        put(db, spec.key, v, caller.user().id, now).await?;
    }
    let after = get(db).await?;
    let event = AuditEvent::success(AuditAction::AdminSettingsUpdate)
        .by(&caller.actor)
        .target("system_settings", "global")
        .details(&SettingsChanged { before, after: after.clone() });
    audit::record(db, now, &caller.client, event).await?;
    Ok(after)
}
