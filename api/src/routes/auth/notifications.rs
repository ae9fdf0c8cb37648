//! The signed-in user's email notification preferences.

use actix_web::{get, put, web};
use shared::Problem;
use shared::dto::notifications::{NotificationPreferences, UpdateNotificationPreferences};

use crate::context::Caller;
use crate::error::ApiResult;
use crate::services::auth::notifications;
use crate::state::AppState;

/// The signed-in user's notification preferences, one per category.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "Every category and whether its emails are sent", body = NotificationPreferences),
        (status = 401, description = "Not signed in, or the session ended", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me/notifications")]
#[tracing::instrument(skip_all)]
pub async fn notification_preferences(
    state: web::Data<AppState>,
    caller: Caller,
) -> ApiResult<web::Json<NotificationPreferences>> {
    Ok(web::Json(notifications::preferences(&state.db, caller.user().id).await?))
}

/// Turns categories of notification email on or off (`security` is always sent).
#[utoipa::path(
    tag = "auth",
    request_body = UpdateNotificationPreferences,
    responses(
        (status = 200, description = "The preferences after the change", body = NotificationPreferences),
        (status = 400, description = "Malformed body or unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`security` turned off (`always_sent`) or a category twice (`duplicate`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/me/notifications")]
#[tracing::instrument(skip_all)]
pub async fn update_notification_preferences(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpdateNotificationPreferences>,
) -> ApiResult<web::Json<NotificationPreferences>> {
    let (now, body) = (state.now(), body.into_inner());
    let prefs =
        state.write(move |tx| Box::pin(async move { notifications::update(tx, &caller, now, body).await })).await?;
    Ok(web::Json(prefs))
}
