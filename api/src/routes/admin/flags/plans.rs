//! A flag's plan links (ADMIN only).

use actix_web::{put, web};
use shared::Problem;
use shared::dto::flags::{FeatureFlagDetail, SetFlagPlansRequest};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::services::flags::admin;
use crate::state::AppState;

/// Sets the plans a flag is on for (the whole list; plans come with billing and are not checked yet).
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "Flag id")),
    request_body = SetFlagPlansRequest,
    responses(
        (status = 200, description = "The flag with its plan ids", body = FeatureFlagDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such flag", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than 100 plans (`plan_ids`, `too_many`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/feature-flags/{id}/plans")]
#[tracing::instrument(skip_all)]
pub async fn set_feature_flag_plans(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminFlagsManage>,
    id: web::Path<Uuid>,
    body: web::Json<SetFlagPlansRequest>,
) -> ApiResult<web::Json<FeatureFlagDetail>> {
    let (now, id, body) = (state.now(), id.into_inner(), body.into_inner());
    let flag = state.write(move |tx| Box::pin(async move { admin::set_plans(tx, &who, now, id, body).await })).await?;
    Ok(web::Json(flag))
}
