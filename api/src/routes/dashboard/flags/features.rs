//! The active organization's features.

use actix_web::{get, web};
use shared::Problem;
use shared::dto::flags::FeatureSet;

use crate::error::ApiResult;
use crate::extract::require::{OrgPermission, perm};
use crate::services::flags::features;
use crate::state::AppState;

/// Every feature flag in use, on or off for the active organization (an unlisted key is off).
///
/// Any member may read it, and an API key with `org.read`.
#[utoipa::path(
    tag = "dashboard",
    params(("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "The evaluated flags, by key", body = FeatureSet),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Suspended (`org_suspended`) or not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/features")]
#[tracing::instrument(skip_all)]
pub async fn get_features(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::OrgRead>,
) -> ApiResult<web::Json<FeatureSet>> {
    Ok(web::Json(features::evaluated(&state.db, &ctx).await?))
}
