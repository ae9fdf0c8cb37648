//! `/api/dashboard/*`: the client portal, scoped to the active organization (`X-Org-Id`, or the
//! user's first membership). One module per area.

mod api_keys;
mod audit;
mod automations;
mod files;
mod flags;
mod organizations;
mod team;
mod usage;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the `/dashboard` routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.configure(organizations::configure)
        .configure(team::configure)
        .configure(api_keys::configure)
        .configure(flags::configure)
        .configure(usage::configure)
        .configure(audit::configure)
        .configure(automations::configure)
        .configure(files::configure);
}
