//! System settings (ADMIN only).

use actix_web::{get, patch, web};
use shared::Problem;
use shared::dto::settings::{SettingsSchema, SystemSettings, UpdateSystemSettingsRequest};

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::services::platform::settings;
use crate::state::AppState;

/// The system settings.
#[utoipa::path(
    tag = "admin",
    responses(
        (status = 200, description = "Current settings", body = SystemSettings),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/settings")]
#[tracing::instrument(skip_all)]
pub async fn get_settings(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminSettingsManage>,
) -> ApiResult<web::Json<SystemSettings>> {
    Ok(web::Json(settings::get(&state.db).await?))
}

/// Every declared setting by area, with its label, help, type, default and bounds or options:
/// what a client needs to render the settings form.
#[utoipa::path(
    tag = "admin",
    responses(
        (status = 200, description = "The declared settings, grouped by area", body = SettingsSchema),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/settings/schema")]
#[tracing::instrument(skip_all)]
pub async fn get_settings_schema(_who: AdminPermission<perm::AdminSettingsManage>) -> web::Json<SettingsSchema> {
    web::Json(SettingsSchema::of_registry())
}

/// Changes system settings; absent fields stay as they are. Audited with before and after; a
/// change that leaves every value as it was is not recorded.
///
/// `signups_enabled` is a view of `signup_mode`: writing `false` sets `closed`, `true` sets
/// `open`; sent together, the two must agree (422 `inconsistent` on `signups_enabled`).
#[utoipa::path(
    tag = "admin",
    request_body = UpdateSystemSettingsRequest,
    responses(
        (status = 200, description = "Settings after the change", body = SystemSettings),
        (status = 400, description = "Malformed body or unknown setting", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value outside the setting's bounds (`out_of_range`), not an email address (`invalid_format`, `too_long`), or `signups_enabled` disagreeing with `signup_mode` (`inconsistent`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/settings")]
#[tracing::instrument(skip_all)]
pub async fn update_settings(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminSettingsManage>,
    body: web::Json<UpdateSystemSettingsRequest>,
) -> ApiResult<web::Json<SystemSettings>> {
    let (now, body) = (state.now(), body.into_inner());
    let s = state.write(move |tx| Box::pin(async move { settings::update(tx, &who, now, body).await })).await?;
    Ok(web::Json(s))
}
