//! Usage monitoring: totals, top organizations, one organization's series; the organizations'
//! ingest keys.

mod ingest_keys;
mod monitoring;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(monitoring::get_usage_totals)
        .service(monitoring::get_top_organizations)
        .service(monitoring::get_organization_usage)
        .service(ingest_keys::list_ingest_keys)
        .service(ingest_keys::create_ingest_key)
        .service(ingest_keys::revoke_ingest_key);
}
