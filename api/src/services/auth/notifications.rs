//! The signed-in user's notification preferences: every category is on until they turn it off;
//! `security` cannot be turned off.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::OnConflict;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Set};
use shared::FieldError;
use shared::dto::notifications::{
    NotificationCategory, NotificationPreference, NotificationPreferences, UpdateNotificationPreferences,
};
use uuid::Uuid;

use crate::context::Caller;
use crate::entities::auth::notification_preference as pref;
use crate::error::{ApiError, ApiResult};

/// Whether `user_id` gets the emails of `category`.
pub async fn enabled(db: &impl ConnectionTrait, user_id: Uuid, category: NotificationCategory) -> ApiResult<bool> {
    if !category.optional() {
        return Ok(true);
    }
    let row = pref::Entity::find_by_id((user_id, category.as_str().to_owned())).one(db).await?;
    Ok(row.is_none_or(|r| r.enabled))
}

/// A user's preferences, one per category.
#[tracing::instrument(skip_all, fields(user = %user_id))]
pub async fn preferences(db: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<NotificationPreferences> {
    let rows = pref::Entity::find().filter(pref::Column::UserId.eq(user_id)).all(db).await?;
    let preferences = NotificationCategory::ALL
        .iter()
        .map(|&category| NotificationPreference {
            category,
            enabled: !category.optional()
                || rows.iter().find(|r| r.category() == Some(category)).is_none_or(|r| r.enabled),
            optional: category.optional(),
        })
        .collect();
    Ok(NotificationPreferences { preferences })
}

/// Changes some of the signed-in user's preferences and answers all of them.
///
/// Errors: `Validation` (`security` turned off, a category twice).
#[tracing::instrument(skip_all)]
pub async fn update(
    db: &impl ConnectionTrait,
    caller: &Caller,
    now: DateTime<Utc>,
    req: UpdateNotificationPreferences,
) -> ApiResult<NotificationPreferences> {
    let user_id = caller.user().id;
    let mut errors = Vec::new();
    for (i, change) in req.preferences.iter().enumerate() {
        let field = format!("preferences[{i}].category");
        if !change.category.optional() && !change.enabled {
            errors.push(FieldError::new(&field, "always_sent", "Security emails are always sent."));
        }
        if req.preferences[..i].iter().any(|c| c.category == change.category) {
            errors.push(FieldError::new(&field, "duplicate", "Each category may appear once."));
        }
    }
    if !errors.is_empty() {
        return Err(ApiError::Validation(errors));
    }
    for change in req.preferences.iter().filter(|c| c.category.optional()) {
        let row = pref::ActiveModel {
            user_id: Set(user_id),
            category: Set(change.category.as_str().to_owned()),
            enabled: Set(change.enabled),
            updated_at: Set(now),
        };
        pref::Entity::insert(row)
            .on_conflict(
                OnConflict::columns([pref::Column::UserId, pref::Column::Category])
                    .update_columns([pref::Column::Enabled, pref::Column::UpdatedAt])
                    .to_owned(),
            )
            .exec_without_returning(db)
            .await?;
    }
    preferences(db, user_id).await
}
