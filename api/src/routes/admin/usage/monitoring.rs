//! Usage across organizations (ADMIN and STAFF).

use actix_web::{get, web};
use shared::Problem;
use shared::dto::usage::admin::{
    OrganizationUsage, TopOrganizations, TopOrganizationsQuery, UsageRangeQuery, UsageTotals,
};
use shared::dto::usage::series::UsageSeriesQuery;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::services::usage::monitoring;
use crate::state::AppState;

/// Every metric's usage across organizations over a range of UTC days (default: this month to
/// date).
#[utoipa::path(
    tag = "admin",
    params(UsageRangeQuery),
    responses(
        (status = 200, description = "One total per metric", body = UsageTotals),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A date not written `YYYY-MM-DD` (`from`/`to`: `invalid_format`), `from` after `to` (`from`: `invalid_range`), or a range over 1,827 days (`from`: `range_too_long`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage/totals")]
#[tracing::instrument(skip_all)]
pub async fn get_usage_totals(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminUsageRead>,
    query: web::Query<UsageRangeQuery>,
) -> ApiResult<web::Json<UsageTotals>> {
    Ok(web::Json(monitoring::totals(&state.db, state.now(), &query).await?))
}

/// The organizations that reported most of a metric over a range of UTC days (default: this
/// month to date), each flagged when a day was an anomaly (over 3 times its trailing 7-day
/// average).
#[utoipa::path(
    tag = "admin",
    params(TopOrganizationsQuery),
    responses(
        (status = 200, description = "The ranking, largest first", body = TopOrganizations),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No metric (`metric`: `required`) or an unknown one (`metric`: `invalid`), a limit outside 1 to 100 (`limit`: `out_of_range`), a date not written `YYYY-MM-DD` (`from`/`to`: `invalid_format`), `from` after `to` (`from`: `invalid_range`), or a range over 1,827 days (`from`: `range_too_long`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage/top-organizations")]
#[tracing::instrument(skip_all)]
pub async fn get_top_organizations(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminUsageRead>,
    query: web::Query<TopOrganizationsQuery>,
) -> ApiResult<web::Json<TopOrganizations>> {
    Ok(web::Json(monitoring::top_organizations(&state.db, state.now(), &query).await?))
}

/// One organization's usage series (as its members see it), with the days of the range that
/// were anomalies.
#[utoipa::path(
    tag = "admin",
    params(("org_id" = Uuid, Path, description = "Organization id"), UsageSeriesQuery),
    responses(
        (status = 200, description = "The series and its anomalies", body = OrganizationUsage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "As for the organization's own series", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage/organizations/{org_id}")]
#[tracing::instrument(skip_all)]
pub async fn get_organization_usage(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminUsageRead>,
    org_id: web::Path<Uuid>,
    query: web::Query<UsageSeriesQuery>,
) -> ApiResult<web::Json<OrganizationUsage>> {
    Ok(web::Json(monitoring::organization_usage(&state.db, state.now(), org_id.into_inner(), &query).await?))
}
