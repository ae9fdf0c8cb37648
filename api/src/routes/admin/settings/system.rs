//! System settings (ADMIN only).

use actix_web::{get, patch, web};
use shared::Problem;
use shared::dto::settings::{SystemSettings, UpdateSystemSettingsRequest};

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

/// Changes system settings; absent fields stay as they are. Audited with before and after.
#[utoipa::path(
    tag = "admin",
    request_body = UpdateSystemSettingsRequest,
    responses(
        (status = 200, description = "Settings after the change", body = SystemSettings),
        (status = 400, description = "Malformed body or unknown setting", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A value outside the setting's bounds", body = Problem, content_type = "application/problem+json"),
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
