//! HTTP routes by area. Each area has a `scope()`; `configure` mounts them under `/api`.

pub mod admin;
pub mod auth;
pub mod dashboard;
pub mod system;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every API route (relative to `/api`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::health)
        .service(system::ready)
        .service(auth::scope())
        .service(dashboard::scope())
        .service(admin::scope());
}
