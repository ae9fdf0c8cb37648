//! The active organization's members.

use actix_web::{get, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::team::Member;

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
