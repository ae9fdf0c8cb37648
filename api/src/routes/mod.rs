//! HTTP routes by area. Each area has a `configure`; this one mounts them under `/api`.

pub mod admin;
pub mod auth;
pub mod dashboard;
pub mod system;
pub mod web_app;

use utoipa_actix_web::scope;
use utoipa_actix_web::service_config::ServiceConfig;

/// Registers every API route (relative to `/api`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(system::health)
        .service(system::ready)
        .service(scope("/auth").configure(auth::configure))
        .service(scope("/dashboard").configure(dashboard::configure))
        .service(scope("/admin").configure(admin::configure));
}
