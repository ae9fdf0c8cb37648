//! User accounts across the platform: STAFF and ADMIN read, ADMIN changes.

mod accounts;
mod changes;
mod mfa;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(accounts::list_users)
        .service(accounts::get_user)
        .service(changes::change_user_role)
        .service(changes::disable_user)
        .service(changes::enable_user)
        .service(changes::send_user_password_reset)
        .service(mfa::reset_mfa);
}
