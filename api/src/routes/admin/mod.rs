//! `/api/admin/*`: the operator's admin portal (ADMIN and STAFF).

mod audit_logs;
mod organizations;
mod settings;

use utoipa_actix_web::scope::Scope;

/// The `/admin` scope.
pub fn scope() -> Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope("/admin")
        .service(organizations::list_organizations)
        .service(organizations::get_organization)
        .service(organizations::suspend_organization)
        .service(organizations::reactivate_organization)
        .service(audit_logs::list_audit_logs)
        .service(settings::get_settings)
        .service(settings::update_settings)
}
