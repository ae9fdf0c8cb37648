//! System settings, stored one key per row as JSON and typed by the registry in
//! `shared::settings`: a stored value that no longer fits its declaration reads as the default.
//! `signups_enabled` is not stored: it is a view of `signup_mode` (see
//! `shared::settings::platform`).

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ConnectionTrait, EntityTrait, Set};
use serde_json::Value;
use shared::FieldError;
use shared::audit::{AuditAction, SettingsChanged};
use shared::dto::settings::{SystemSettings, UpdateSystemSettingsRequest};
use shared::settings::platform::{self, SIGNUP_MODE, SIGNUPS_ENABLED, SignupMode};
use shared::settings::{SettingError, SettingSpec};

use super::audit::{self, AuditEvent};
use crate::context::Caller;
use crate::entities::platform::system_setting;
use crate::error::{ApiError, ApiResult};

/// The stored values that fit their declarations, by key.
async fn stored(db: &impl ConnectionTrait) -> ApiResult<HashMap<String, Value>> {
    let rows = system_setting::Entity::find().all(db).await?;
    Ok(rows
        .into_iter()
        .filter_map(|r| {
            let spec = shared::settings::find(&r.key)?;
            let v = serde_json::from_str::<Value>(&r.value).ok().filter(|v| spec.check(v).is_ok())?;
            Some((r.key, v))
        })
        .collect())
}

/// A setting's value among the stored ones: its default until set; `signups_enabled` read from
/// `signup_mode`.
fn value_in(stored: &HashMap<String, Value>, spec: &SettingSpec) -> Value {
    if spec.key == SIGNUPS_ENABLED.key {
        return Value::Bool(platform::signups_enabled(mode_in(stored)));
    }
    stored.get(spec.key).cloned().unwrap_or_else(|| spec.default_value())
}

fn mode_in(stored: &HashMap<String, Value>) -> SignupMode {
    stored.get(SIGNUP_MODE.key).and_then(Value::as_str).and_then(SignupMode::parse).unwrap_or_default()
}

/// The value of one setting (its default until set).
pub async fn value(db: &impl ConnectionTrait, spec: &SettingSpec) -> ApiResult<Value> {
    Ok(value_in(&stored(db).await?, spec))
}

/// The value of a boolean setting.
pub async fn bool(db: &impl ConnectionTrait, spec: &SettingSpec) -> ApiResult<bool> {
    Ok(value(db, spec).await?.as_bool().unwrap_or(false))
}

/// Who may register now.
pub async fn signup_mode(db: &impl ConnectionTrait) -> ApiResult<SignupMode> {
    Ok(mode_in(&stored(db).await?))
}

/// Every registered setting with its value.
pub async fn get(db: &impl ConnectionTrait) -> ApiResult<SystemSettings> {
    let stored = stored(db).await?;
    Ok(SystemSettings(shared::settings::all().map(|spec| (spec.key.to_owned(), value_in(&stored, spec))).collect()))
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

/// The checked, normalised values of a change, by key, with `signups_enabled` turned into the
/// `signup_mode` it sets.
///
/// Errors: `Malformed` (an unknown key, or a value of the wrong type), `Validation` (a value
/// outside the setting's bounds or of the wrong form, or `signups_enabled` and `signup_mode`
/// sent together and disagreeing: `inconsistent`).
fn checked(req: UpdateSystemSettingsRequest) -> ApiResult<BTreeMap<&'static str, Value>> {
    let mut errors = Vec::new();
    let mut values = BTreeMap::new();
    for (key, v) in &req.0 {
        let spec =
            shared::settings::find(key).ok_or_else(|| ApiError::Malformed(format!("Unknown setting `{key}`.")))?;
        match spec.normalize(v) {
            Ok(v) => _ = values.insert(spec.key, v),
            Err(SettingError::WrongType(want)) => {
                return Err(ApiError::Malformed(format!("The setting `{key}` takes {want}.")));
            }
            Err(e) => errors.push(FieldError::new(key, e.code(), e.message())),
        }
    }
    if let Some(e) = platform::check_together(values.get(SIGNUP_MODE.key), values.get(SIGNUPS_ENABLED.key)) {
        errors.push(e);
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    if let Some(enabled) = values.remove(SIGNUPS_ENABLED.key).and_then(|v| v.as_bool()) {
        let mode = platform::mode_set_by(enabled);
        values.entry(SIGNUP_MODE.key).or_insert_with(|| Value::String(mode.as_str().to_owned()));
    }
    Ok(values)
}

/// Changes the given settings and audits the change with every value before and after; a change
/// that leaves every value as it was writes nothing.
///
/// Errors: `Malformed` (an unknown key, or a value of the wrong type), `Validation` (a value
/// outside the setting's bounds or of the wrong form, `inconsistent` signup keys).
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    req: UpdateSystemSettingsRequest,
) -> ApiResult<SystemSettings> {
    let changes = checked(req)?;
    let current = stored(db).await?;
    let before = get(db).await?;
    let mut wrote = false;
    for (key, v) in &changes {
        let unchanged = shared::settings::find(key).is_some_and(|spec| value_in(&current, spec) == *v);
        if !unchanged {
            put(db, key, v, caller.user().id, now).await?;
            wrote = true;
        }
    }
    if !wrote {
        return Ok(before);
    }
    let after = get(db).await?;
    let event = AuditEvent::success(AuditAction::AdminSettingsUpdate)
        .by(&caller.actor)
        .target("system_settings", "global")
        .details(&SettingsChanged { before, after: after.clone() });
    audit::record(db, now, &caller.client, event).await?;
    Ok(after)
}
