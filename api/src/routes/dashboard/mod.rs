//! `/api/dashboard/*`: the client portal, scoped to the active organization (`X-Org-Id`, or the
//! user's first membership).

mod members;
mod organization;

use utoipa_actix_web::scope::Scope;

/// The `/dashboard` scope.
pub fn scope() -> Scope<
    impl actix_web::dev::ServiceFactory<
        actix_web::dev::ServiceRequest,
        Config = (),
        Response = actix_web::dev::ServiceResponse,
        Error = actix_web::Error,
        InitError = (),
    >,
> {
    utoipa_actix_web::scope("/dashboard")
        .service(organization::get_organization)
        .service(organization::update_organization)
        .service(members::list_members)
}
