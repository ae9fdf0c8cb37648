//! Invitation links: what one offers, and accepting it (signed in, or with a new account).

use actix_web::{FromRequest, HttpRequest, HttpResponse, get, post, web};
use shared::Problem;
use shared::dto::auth::{AuthResponse, Membership};
use shared::dto::team::{AcceptInvitationRequest, InvitationPreview, InvitationTokenQuery};

use super::issued_response;
use crate::context::{Caller, ClientInfo};
use crate::error::ApiResult;
use crate::extract::auth::bearer_token;
use crate::services::team::invitations::{self, Accepted};
use crate::state::AppState;

/// What an invitation link offers: the organization, the invited address and role, who sent it,
/// whether an account has that address, and until when it works. No sign-in needed (the token
/// is the secret); throttled per client address.
#[utoipa::path(
    tag = "auth",
    params(InvitationTokenQuery),
    responses(
        (status = 200, description = "The invitation", body = InvitationPreview),
        (status = 400, description = "No token", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No invitation has this token (`invitation_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already accepted (`invitation_used`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`invitation_expired`) or revoked (`invitation_revoked`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    )
)]
#[get("/invitations/preview")]
#[tracing::instrument(skip_all)]
pub async fn preview_invitation(
    state: web::Data<AppState>,
    client: ClientInfo,
    query: web::Query<InvitationTokenQuery>,
) -> ApiResult<web::Json<InvitationPreview>> {
    Ok(web::Json(invitations::preview(&state, &query.token, &client).await?))
}

/// Accepts an invitation. Signed in with the invited address: joins the organization (200,
/// the new membership). Without an account for that address: `name` and `password` (the
/// registration rules) make one, with the address confirmed, and sign it in (201, answered like
/// sign-in). Throttled per client address.
#[utoipa::path(
    tag = "auth",
    params(("X-Refresh-Token-Transport" = Option<String>, Header, description = "`cookie`: leave the refresh token out of the body (browser apps; it is in the httpOnly cookie)")),
    request_body = AcceptInvitationRequest,
    responses(
        (status = 200, description = "Joined the organization", body = Membership),
        (status = 201, description = "Account made, joined and signed in; the refresh token is also set as an httpOnly cookie", body = AuthResponse),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "A bearer token that is not valid", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Signed in as another address (`invitation_email_mismatch`), or the address has an account and nobody is signed in (`invitation_sign_in_required`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No invitation has this token (`invitation_invalid`)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already accepted (`invitation_used`), already a member (`already_member`), or OWNER for a VENDOR (`owner_cannot_be_vendor`)", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "Expired (`invitation_expired`) or revoked (`invitation_revoked`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Name or password missing or invalid (`validation_failed`)", body = Problem, content_type = "application/problem+json"),
        (status = 429, description = "Too many attempts from this address; see `Retry-After`", body = Problem, content_type = "application/problem+json"),
    ),
    security((), ("bearer" = []))
)]
#[post("/invitations/accept")]
#[tracing::instrument(skip_all)]
pub async fn accept_invitation(
    state: web::Data<AppState>,
    req: HttpRequest,
    client: ClientInfo,
    body: web::Json<AcceptInvitationRequest>,
) -> ApiResult<HttpResponse> {
    let caller = match bearer_token(&req) {
        Some(_) => Some(Caller::extract(&req).await?),
        None => None,
    };
    match invitations::accept(&state, body.into_inner(), caller, &client).await? {
        Accepted::Joined(membership) => Ok(HttpResponse::Ok().json(membership)),
        Accepted::Registered(issued) => Ok(issued_response(HttpResponse::Created(), &req, &state, issued)),
    }
}
