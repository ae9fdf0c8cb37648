//! `/api/admin/*`: the operator's admin portal (ADMIN and STAFF). One module per area.

mod audit;
mod automations;
mod flags;
mod metrics;
mod organizations;
mod settings;
mod usage;
mod users;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the `/admin` routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(organizations::configure)
        .configure(audit::configure)
        .configure(flags::configure)
        .configure(metrics::configure)
        .configure(settings::configure)
        .configure(usage::configure)
        .configure(users::configure)
        .configure(automations::configure);
}
