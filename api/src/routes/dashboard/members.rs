//! The active organization's members.

use actix_web::{get, web};
use shared::Problem;
use shared::dto::common::{Member, Page};
use shared::dto::dashboard::MembersQuery;

use crate::error::ApiResult;
use crate::extract::require::{OrgPermission, perm};
use crate::pagination::PageRequest;
use crate::services::organizations;
use crate::state::AppState;

/// The active organization's members, in the order they joined.
#[utoipa::path(
    tag = "dashboard",
    params(MembersQuery, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
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
pub async fn list_members(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::MembersRead>,
    query: web::Query<MembersQuery>,
) -> ApiResult<web::Json<Page<Member>>> {
    let page = PageRequest::parse(query.limit, query.cursor.as_deref())?;
    Ok(web::Json(organizations::members(&state, &ctx, page).await?))
}
