//! Organizations by status.

use actix_web::{get, web};
use shared::Problem;
use shared::dto::metrics::OrganizationCounts;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::services::metrics::organizations;
use crate::state::AppState;

/// How many organizations there are: in all, active and suspended.
#[utoipa::path(
    tag = "admin",
    responses(
        (status = 200, description = "The counts", body = OrganizationCounts),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/metrics/organizations")]
#[tracing::instrument(skip_all)]
pub async fn get_organization_counts(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminMetricsRead>,
) -> ApiResult<web::Json<OrganizationCounts>> {
    Ok(web::Json(organizations::counts(&state.db).await?))
}
