//! `/api/dashboard/*`: the client portal, scoped to the active organization (`X-Org-Id`, or the
//! user's first membership).

mod members;
mod organization;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the `/dashboard` routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(organization::get_organization)
        .service(organization::update_organization)
        .service(members::list_members);
}
