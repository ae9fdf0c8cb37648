//! Liveness and readiness.

use actix_web::{HttpResponse, get, web};
use sea_orm::ConnectionTrait;
use shared::dto::system::HealthStatus;

use crate::error::{ApiError, ApiResult};
use crate::state::AppState;

/// The server is running.
#[utoipa::path(tag = "system", responses((status = 200, description = "Alive", body = HealthStatus)))]
#[get("/health")]
pub async fn health() -> HttpResponse {
    HttpResponse::Ok().json(HealthStatus { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() })
}

/// The server can reach its database and take traffic.
#[utoipa::path(
    tag = "system",
    responses(
        (status = 200, description = "Ready", body = HealthStatus),
        (status = 503, description = "Database unreachable", body = shared::Problem, content_type = "application/problem+json"),
    )
)]
#[get("/ready")]
pub async fn ready(state: web::Data<AppState>) -> ApiResult<HttpResponse> {
    state.db.execute_unprepared("SELECT 1").await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        ApiError::Unavailable
    })?;
    Ok(HttpResponse::Ok().json(HealthStatus { status: "ok".into(), version: env!("CARGO_PKG_VERSION").into() }))
}
