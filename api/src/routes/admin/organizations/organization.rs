//! Customer organizations.

use actix_web::{HttpResponse, get, post, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::organizations::{
    AdminOrganization, OrgStatus, OrganizationSort, OrganizationsFilter, SuspendOrganizationRequest,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::optional_json::OptionalJson;
use crate::extract::require::{AdminPermission, perm};
use crate::list::ListParams;
use crate::routes::idempotent_response;
use crate::services::organizations::admin;
use crate::services::platform::idempotency;
use crate::state::AppState;

/// Lists customer organizations: search by name or slug, filter by status, sort, cursor pages.
#[utoipa::path(
    tag = "admin",
    params(ListParams<OrganizationSort, OrganizationsFilter>),
    responses(
        (status = 200, description = "A page of organizations", body = Page<AdminOrganization>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/organizations")]
#[tracing::instrument(skip_all)]
pub async fn list_organizations(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminOrganizationsRead>,
    params: ListParams<OrganizationSort, OrganizationsFilter>,
) -> ApiResult<web::Json<Page<AdminOrganization>>> {
    Ok(web::Json(admin::list(&state.db, &params).await?))
}

/// One customer organization.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_get_organization",
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
#[tracing::instrument(skip_all)]
pub async fn get_organization(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminOrganizationsRead>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<AdminOrganization>> {
    Ok(web::Json(admin::get(&state.db, id.into_inner()).await?))
}

/// Changes an organization's status, once per `Idempotency-Key`.
async fn set_status<P: shared::PermissionMarker + 'static>(
    state: &AppState,
    who: AdminPermission<P>,
    key: IdempotencyKey,
    id: Uuid,
    target: OrgStatus,
    body: SuspendOrganizationRequest,
) -> ApiResult<HttpResponse> {
    let fingerprint = key.fingerprint(&body);
    let now = state.now();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, who.user().id, fingerprint, 200, now, async || {
                    admin::set_status(tx, &who, now, id, target, body).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// Suspends an organization: its members are refused (`org_suspended`) from their next request.
///
/// Emits `organization.suspended`. Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Organization id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same body answers the first answer again"),
    ),
    request_body(content = Option<SuspendOrganizationRequest>, description = "Optional reason"),
    responses(
        (status = 200, description = "Suspended", body = AdminOrganization),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already suspended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Reason too long, or an `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organizations/{id}/suspend")]
#[tracing::instrument(skip_all)]
pub async fn suspend_organization(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminOrganizationsManage>,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
    OptionalJson(body): OptionalJson<SuspendOrganizationRequest>,
) -> ApiResult<HttpResponse> {
    set_status(&state, who, key, id.into_inner(), OrgStatus::Suspended, body).await
}

/// Reactivates a suspended organization.
///
/// Emits `organization.reactivated`. Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Organization id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat answers the first answer again"),
    ),
    responses(
        (status = 200, description = "Active again", body = AdminOrganization),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not suspended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/organizations/{id}/reactivate")]
#[tracing::instrument(skip_all)]
pub async fn reactivate_organization(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminOrganizationsManage>,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    set_status(&state, who, key, id.into_inner(), OrgStatus::Active, SuspendOrganizationRequest::default()).await
}
