//! The active organization's members: the list, role changes, removal, leaving, ownership.

use actix_web::{HttpResponse, delete, get, patch, post, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::team::{Member, TransferOwnershipRequest, UpdateMemberRequest};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{OrgPermission, perm};
use crate::list::ListParams;
use crate::services::team::members;
use crate::state::AppState;

/// The active organization's members, in the order they joined.
#[utoipa::path(
    tag = "dashboard",
    params(ListParams, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "A page of members", body = Page<Member>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed, or suspended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/members")]
#[tracing::instrument(skip_all)]
pub async fn list_members(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::MembersRead>,
    params: ListParams,
) -> ApiResult<web::Json<Page<Member>>> {
    Ok(web::Json(members::list(&state.db, &ctx, &params).await?))
}

/// Changes a member's role in the organization. The last OWNER cannot be demoted; a VENDOR
/// user cannot become OWNER. Audited.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("user_id" = Uuid, Path, description = "The member's user id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body = UpdateMemberRequest,
    responses(
        (status = 200, description = "The member after the change", body = Member),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member of this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last OWNER (`last_owner`), or OWNER for a VENDOR (`owner_cannot_be_vendor`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/members/{user_id}")]
#[tracing::instrument(skip_all)]
pub async fn update_member(
    state: web::Data<AppState>,
    // The path first: `PATCH /members/leave` is a wrong method (405), before any membership check.
    user_id: web::Path<Uuid>,
    ctx: OrgPermission<perm::MembersManage>,
    body: web::Json<UpdateMemberRequest>,
) -> ApiResult<web::Json<Member>> {
    let (now, user_id, org_role) = (state.now(), user_id.into_inner(), body.into_inner().org_role);
    let member = state
        .write(move |tx| Box::pin(async move { members::change_role(tx, &ctx, now, user_id, org_role).await }))
        .await?;
    Ok(web::Json(member))
}

/// Removes a member: their access to the organization ends at once. The last OWNER cannot be
/// removed. Audited.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("user_id" = Uuid, Path, description = "The member's user id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 204, description = "Removed"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member of this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last OWNER (`last_owner`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/members/{user_id}")]
#[tracing::instrument(skip_all)]
pub async fn remove_member(
    state: web::Data<AppState>,
    // The path first, as above (`DELETE /members/leave` is a 405).
    user_id: web::Path<Uuid>,
    ctx: OrgPermission<perm::MembersManage>,
) -> ApiResult<HttpResponse> {
    let (now, user_id) = (state.now(), user_id.into_inner());
    state.write(move |tx| Box::pin(async move { members::remove(tx, &ctx, now, user_id).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Leaves the organization (signed-in people only, not API keys). The last OWNER cannot leave:
/// transfer ownership first. Audited.
#[utoipa::path(
    tag = "dashboard",
    params(("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 204, description = "Left"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "An API key, or suspended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The last OWNER (`last_owner`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/members/leave")]
#[tracing::instrument(skip_all)]
pub async fn leave_organization(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::OrgRead>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let ctx = ctx.0;
    state.write(move |tx| Box::pin(async move { members::leave(tx, &ctx, now).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Hands ownership to another member: they become OWNER and the caller becomes MEMBER.
/// Audited.
#[utoipa::path(
    tag = "dashboard",
    params(("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    request_body = TransferOwnershipRequest,
    responses(
        (status = 204, description = "Transferred"),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such member of this organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller themselves (`conflict`), or a VENDOR user (`owner_cannot_be_vendor`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/members/transfer-ownership")]
#[tracing::instrument(skip_all)]
pub async fn transfer_ownership(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::MembersManage>,
    body: web::Json<TransferOwnershipRequest>,
) -> ApiResult<HttpResponse> {
    let (now, user_id) = (state.now(), body.into_inner().user_id);
    state.write(move |tx| Box::pin(async move { members::transfer_ownership(tx, &ctx, now, user_id).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}
