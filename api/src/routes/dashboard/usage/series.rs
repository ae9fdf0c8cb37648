//! Usage per day, ISO week or month, from the daily rollups.

use actix_web::{HttpResponse, get, web};
use shared::Problem;
use shared::dto::usage::series::{UsageSeries, UsageSeriesQuery};

use crate::error::ApiResult;
use crate::extract::require::{OrgPermission, perm};
use crate::list::csv;
use crate::services::usage::series::{self, SeriesRequest};
use crate::state::AppState;

/// The organization's usage per metric and per day, ISO week or month over a range of UTC
/// days, with each metric's total and its current period (the UTC calendar month).
///
/// Every period of the range has its bucket, empty ones too. Default: every metric, by day, the
/// last 30 days to today; by week or month, the last 12 weeks or months.
#[utoipa::path(
    tag = "dashboard",
    params(UsageSeriesQuery, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "The series", body = UsageSeries),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see usage (vendors are not)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown metric (`metric`: `invalid`), a date not written `YYYY-MM-DD` (`from`/`to`: `invalid_format`), an unknown granularity (`granularity`: `invalid`), `from` after `to` (`from`: `invalid_range`), or a range longer than 366 days by day or 1,827 days by week or month (`from`: `range_too_long`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage")]
#[tracing::instrument(skip_all)]
pub async fn get_usage_series(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::UsageRead>,
    query: web::Query<UsageSeriesQuery>,
) -> ApiResult<web::Json<UsageSeries>> {
    let now = state.now();
    let request = SeriesRequest::parse(&query, now.date_naive())?;
    Ok(web::Json(series::series(&state.db, ctx.org_id(), now, &request).await?))
}

/// The organization's usage series as CSV, with the series' parameters: one line per metric and
/// period.
///
/// Columns: `metric`, `unit`, `period_start`, `quantity`, `events`.
#[utoipa::path(
    tag = "dashboard",
    params(UsageSeriesQuery, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "The series, one line per metric and period after the header row", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see usage (vendors are not)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "As for the series", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage/export.csv")]
#[tracing::instrument(skip_all)]
pub async fn export_usage_series(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::UsageRead>,
    query: web::Query<UsageSeriesQuery>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let request = SeriesRequest::parse(&query, now.date_naive())?;
    let found = series::series(&state.db, ctx.org_id(), now, &request).await?;
    let rows = series::csv_rows(&found);
    Ok(csv::streamed("usage.csv", &series::CSV_HEADER, rows, |rows| async move { Ok((rows, None)) }))
}
