//! The organization's members and invitations.

mod invitations;
mod members;

use utoipa_actix_web::service_config::ServiceConfig;

/// Registers the area's routes.
pub fn configure(cfg: &mut ServiceConfig) {
    cfg.service(members::list_members)
        .service(members::leave_organization)
        .service(members::transfer_ownership)
        .service(members::update_member)
        .service(members::remove_member)
        .service(invitations::list_invitations)
        .service(invitations::create_invitation)
        .service(invitations::resend_invitation)
        .service(invitations::revoke_invitation);
}
