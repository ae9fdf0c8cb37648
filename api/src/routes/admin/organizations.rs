//! Customer organizations.

use actix_web::{get, post, web};
use shared::Problem;
use shared::dto::admin::{AdminOrganization, OrganizationsQuery, SuspendOrganizationRequest};
use shared::dto::common::{OrgStatus, Page};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::client_info::ClientInfo;
use crate::extract::optional_json::OptionalJson;
use crate::extract::require::{AdminPermission, perm};
use crate::services::admin_organizations;
use crate::state::AppState;

/// Lists customer organizations: search by name or slug, filter by status, sort, cursor pages.
#[utoipa::path(
    tag = "admin",
    params(OrganizationsQuery),
    responses(
        (status = 200, description = "A page of organizations", body = Page<AdminOrganization>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/organizations")]
pub async fn list_organizations(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminOrganizationsRead>,
    query: web::Query<OrganizationsQuery>,
) -> ApiResult<web::Json<Page<AdminOrganization>>> {
    Ok(web::Json(admin_organizations::list(&state, query.into_inner()).await?))
}

/// One customer organization.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "Organization id")),
    responses(
        (status = 200, description = "The organization", body = AdminOrganization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/organizations/{id}")]
pub async fn get_organization(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminOrganizationsRead>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<AdminOrganization>> {
    Ok(web::Json(admin_organizations::get(&state, id.into_inner()).await?))
}

/// Suspends an organization: its members are refused (`org_suspended`) from their next request.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "Organization id")),
    request_body(content = Option<SuspendOrganizationRequest>, description = "Optional reason"),
    responses(
        (status = 200, description = "Suspended", body = AdminOrganization),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already suspended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reason too long", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organizations/{id}/suspend")]
pub async fn suspend_organization(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminOrganizationsManage>,
    client: ClientInfo,
    id: web::Path<Uuid>,
    OptionalJson(body): OptionalJson<SuspendOrganizationRequest>,
) -> ApiResult<web::Json<AdminOrganization>> {
    let org =
        admin_organizations::set_status(&state, &who, id.into_inner(), OrgStatus::Suspended, body, &client).await?;
    Ok(web::Json(org))
}

/// Reactivates a suspended organization.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "Organization id")),
    responses(
        (status = 200, description = "Active again", body = AdminOrganization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not suspended", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organizations/{id}/reactivate")]
pub async fn reactivate_organization(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminOrganizationsManage>,
    client: ClientInfo,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<AdminOrganization>> {
    let org = admin_organizations::set_status(
        &state,
        &who,
        id.into_inner(),
        OrgStatus::Active,
        SuspendOrganizationRequest::default(),
        &client,
    )
    .await?;
    Ok(web::Json(org))
}
