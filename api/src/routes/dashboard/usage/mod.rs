//! The organization's usage: ingestion (ingest keys only), the raw events and the series, each
//! with its CSV export.

mod events;
mod series;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(events::ingest_usage_events)
        .service(events::export_usage_events)
        .service(events::list_usage_events)
        .service(series::export_usage_series)
        .service(series::get_usage_series);
}
