//! A flag's per-organization overrides (ADMIN only).

use actix_web::{HttpResponse, delete, put, web};
use shared::Problem;
use shared::dto::flags::{FeatureFlagDetail, SetFlagOverrideRequest};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::services::flags::admin;
use crate::state::AppState;

/// Turns a flag on or off for one organization, whatever its plans, the rollout and the default say.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Flag id"),
        ("org_id" = Uuid, Path, description = "Organization id"),
    ),
    request_body = SetFlagOverrideRequest,
    responses(
        (status = 200, description = "The flag with its overrides", body = FeatureFlagDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such flag or organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/feature-flags/{id}/overrides/{org_id}")]
#[tracing::instrument(skip_all)]
pub async fn set_feature_flag_override(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminFlagsManage>,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<SetFlagOverrideRequest>,
) -> ApiResult<web::Json<FeatureFlagDetail>> {
    let ((id, org_id), now, body) = (path.into_inner(), state.now(), body.into_inner());
    let flag = state
        .write(move |tx| Box::pin(async move { admin::set_override(tx, &who, now, id, org_id, body).await }))
        .await?;
    Ok(web::Json(flag))
}

/// Removes a flag's override for one organization: it follows plans, rollout and default again.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Flag id"),
        ("org_id" = Uuid, Path, description = "Organization id"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such flag, or no override for that organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/feature-flags/{id}/overrides/{org_id}")]
#[tracing::instrument(skip_all)]
pub async fn remove_feature_flag_override(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminFlagsManage>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let ((id, org_id), now) = (path.into_inner(), state.now());
    state.write(move |tx| Box::pin(async move { admin::remove_override(tx, &who, now, id, org_id).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}
