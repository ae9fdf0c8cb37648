//! Files and secure documents of the organization.

mod documents;
mod files;
mod forms;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes (`/files/usage` before `/files/{id}`).
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(files::upload_file)
        .service(files::list_files)
        .service(files::get_storage_usage)
        .service(files::get_file)
        .service(files::download_file)
        .service(files::delete_file)
        .service(documents::upload_document)
        .service(documents::list_documents)
        .service(documents::get_document)
        .service(documents::download_document)
        .service(documents::list_document_downloads)
        .service(documents::set_document_shares)
        .service(documents::delete_document);
}
