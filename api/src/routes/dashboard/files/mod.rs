//! Files and secure documents of the organization.

mod documents;
mod forms;
mod uploads;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes (`/files/usage` before `/files/{id}`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(uploads::upload_file)
        .service(uploads::list_files)
        .service(uploads::get_storage_usage)
        .service(uploads::get_file)
        .service(uploads::download_file)
        .service(uploads::delete_file)
        .service(documents::upload_document)
        .service(documents::list_documents)
        .service(documents::get_document)
        .service(documents::download_document)
        .service(documents::list_document_downloads)
        .service(documents::set_document_shares)
        .service(documents::delete_document);
}
