//! The active organization.

use actix_web::{get, patch, web};
use shared::Problem;
use shared::dto::organizations::{Organization, UpdateOrganizationRequest};

use crate::error::ApiResult;
use crate::extract::require::{OrgPermission, perm};
use crate::services::organizations::organization;
use crate::state::AppState;

/// The active organization.
#[utoipa::path(
    tag = "dashboard",
    params(("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "The organization", body = Organization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Suspended (`org_suspended`) or not allowed", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/organization")]
#[tracing::instrument(skip_all)]
pub async fn get_organization(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::OrgRead>,
) -> ApiResult<web::Json<Organization>> {
    Ok(web::Json(organization::get(&state.db, &ctx).await?))
}

/// Changes the active organization's settings (OWNER only).
#[utoipa::path(
    tag = "dashboard",
    params(("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    request_body = UpdateOrganizationRequest,
    responses(
        (status = 200, description = "The updated organization", body = Organization),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER, or suspended", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields (an unknown time zone: field code `unknown_time_zone`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/organization")]
#[tracing::instrument(skip_all)]
pub async fn update_organization(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::OrgUpdate>,
    body: web::Json<UpdateOrganizationRequest>,
) -> ApiResult<web::Json<Organization>> {
    let (now, body) = (state.now(), body.into_inner());
    let org = state.write(move |tx| Box::pin(async move { organization::update(tx, &ctx, now, body).await })).await?;
    Ok(web::Json(org))
}
