//! HTTP routes by portal and area: `routes/<portal>/<area>/<resource>.rs`. Each portal and area
//! has a `configure`; this one mounts the portals under `/api`.

pub mod admin;
pub mod auth;
pub mod dashboard;
pub mod system;
pub mod web_app;

use actix_web::HttpResponse;
use actix_web::http::StatusCode;
use serde::Serialize;
use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

use crate::services::platform::idempotency::Stored;

/// The header that marks an answer replayed for a repeated `Idempotency-Key`.
pub const REPLAYED_HEADER: &str = "Idempotent-Replayed";

/// Registers every API route (relative to `/api`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::health)
        .service(system::ready)
        .service(scope("/auth").configure(auth::configure))
        .service(scope("/dashboard").configure(dashboard::configure))
        .service(scope("/admin").configure(admin::configure));
}

/// The answer of an idempotent POST: its stored status and body, marked when replayed.
pub fn idempotent_response<T: Serialize>(stored: Stored<T>) -> HttpResponse {
    let mut res = HttpResponse::build(StatusCode::from_u16(stored.status).unwrap_or(StatusCode::OK));
    if stored.replayed {
        res.insert_header((REPLAYED_HEADER, "true"));
    }
    res.json(stored.body)
}
