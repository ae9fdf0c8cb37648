//! The active organization's invitations (OWNER only).

use actix_web::{HttpResponse, delete, get, post, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::team::{CreateInvitationRequest, Invitation};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::require::{OrgPermission, perm};
use crate::list::ListParams;
use crate::routes::idempotent_response;
use crate::services::platform::idempotency;
use crate::services::team::invitations;
use crate::state::AppState;

/// The organization's open invitations, newest first: pending ones, and expired ones not yet
/// sent again (`status` tells which).
#[utoipa::path(
    tag = "dashboard",
    params(ListParams, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "A page of invitations", body = Page<Invitation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER, or suspended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/invitations")]
#[tracing::instrument(skip_all)]
pub async fn list_invitations(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::MembersManage>,
    params: ListParams,
) -> ApiResult<web::Json<Page<Invitation>>> {
    Ok(web::Json(invitations::list(&state.db, &ctx, state.now(), &params).await?))
}

/// Invites someone by email to join the organization with a role; the email (sent through the
/// job queue) holds a link to `/invitations/accept?token=…` that works for 7 days. A person
/// without an account gets the platform role `role` when they accept (CLIENT or VENDOR); a
/// person with one keeps theirs.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat answers the first answer again"),
    ),
    request_body = CreateInvitationRequest,
    responses(
        (status = 201, description = "Invited; the email is on its way", body = Invitation),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER (`forbidden`), or the OWNER's email address is not confirmed yet (`email_unverified`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already a member (`already_member`), a pending invitation exists (`invitation_pending`), or OWNER for a VENDOR (`owner_cannot_be_vendor`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid email, or an `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations")]
#[tracing::instrument(skip_all)]
pub async fn create_invitation(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::MembersManage>,
    key: IdempotencyKey,
    body: web::Json<CreateInvitationRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let fingerprint = key.fingerprint(&body);
    let now = state.now();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, ctx.actor().user_id(), fingerprint, 201, now, async || {
                    invitations::create(tx, &ctx, now, body).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// Sends an open invitation again with a new link (the previous one stops working) valid for 7
/// more days.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Invitation id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "Sent again", body = Invitation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER (`forbidden`), or the OWNER's email address is not confirmed yet (`email_unverified`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such open invitation in this organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/invitations/{id}/resend")]
#[tracing::instrument(skip_all)]
pub async fn resend_invitation(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::MembersManage>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Invitation>> {
    let (now, id) = (state.now(), id.into_inner());
    let sent = state.write(move |tx| Box::pin(async move { invitations::resend(tx, &ctx, now, id).await })).await?;
    Ok(web::Json(sent))
}

/// Revokes an open invitation: its link stops working at once.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Invitation id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such open invitation in this organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/invitations/{id}")]
#[tracing::instrument(skip_all)]
pub async fn revoke_invitation(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::MembersManage>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id) = (state.now(), id.into_inner());
    state.write(move |tx| Box::pin(async move { invitations::revoke(tx, &ctx, now, id).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}
