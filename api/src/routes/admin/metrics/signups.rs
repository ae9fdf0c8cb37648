//! Signups over time.

use actix_web::{get, web};
use shared::Problem;
use shared::dto::metrics::{SignupSeries, SignupsQuery};

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::services::metrics::signups;
use crate::state::AppState;

/// Signups (organizations created) per day, ISO week or month over a range of UTC days.
///
/// Every period of the range has its bucket, empty ones too; `previous_total` counts as many
/// periods just before the first bucket's. Default: by day, the last 30 days to today; by week or
/// month, the last 12 weeks or months.
#[utoipa::path(
    tag = "admin",
    params(SignupsQuery),
    responses(
        (status = 200, description = "The series", body = SignupSeries),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "A date not written `YYYY-MM-DD` or not in the calendar (`from`/`to`: `invalid_format`), an unknown granularity (`granularity`: `invalid`), `from` after `to` (`from`: `invalid_range`), or a range longer than 366 days by day or 1,827 days by week or month (`from`: `range_too_long`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/metrics/signups")]
#[tracing::instrument(skip_all)]
pub async fn get_signup_series(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminMetricsRead>,
    query: web::Query<SignupsQuery>,
) -> ApiResult<web::Json<SignupSeries>> {
    Ok(web::Json(signups::series(&state.db, state.now(), &query).await?))
}
