//! Automations for the operator's staff, across organizations: list, view, change, status, timeline.

use actix_web::{get, post, put, web};
use shared::Problem;
use shared::dto::automations::{
    AdminAutomation, AdminAutomationsFilter, AutomationSort, ChangeAutomationStatusRequest, SetStaffLeadRequest,
    StatusChange,
};
use shared::dto::common::Page;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::list::ListParams;
use crate::services::automations::access::Viewer;
use crate::services::automations::requests;
use crate::state::AppState;

/// Lists automations across organizations: search, status (archived ones only with
/// `status=archived`), organization, staff lead, sort, cursor pages.
#[utoipa::path(
    tag = "admin",
    params(
        ListParams<AutomationSort, AdminAutomationsFilter>,
    ),
    responses(
        (status = 200, description = "OK", body = Page<AdminAutomation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations")]
#[tracing::instrument(skip_all)]
pub async fn admin_list_automations(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminAutomationsRead>,
    params: ListParams<AutomationSort, AdminAutomationsFilter>,
) -> ApiResult<web::Json<Page<AdminAutomation>>> {
    let viewer = Viewer::staff(&who);
    Ok(web::Json(requests::admin_list(&state.db, &viewer, &params).await?))
}

/// One automation with its organization.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
    ),
    responses(
        (status = 200, description = "OK", body = AdminAutomation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}")]
#[tracing::instrument(skip_all)]
pub async fn admin_get_automation(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminAutomationsRead>,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<AdminAutomation>> {
    let viewer = Viewer::staff(&who);
    let id = path.into_inner();
    Ok(web::Json(requests::admin_get(&state.db, &viewer, id).await?))
}

/// Moves an automation through its states: one step forward along
/// `requested → scoping → building → testing → live`, back to an earlier step, pause, resume,
/// archive, unarchive. Recorded on the timeline and audited.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
    ),
    request_body = ChangeAutomationStatusRequest,
    responses(
        (status = 200, description = "OK", body = AdminAutomation),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The move is not allowed from the current status, or not for the caller (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/automations/{id}/status")]
#[tracing::instrument(skip_all)]
pub async fn admin_change_automation_status(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminAutomationsManage>,
    path: web::Path<Uuid>,
    body: web::Json<ChangeAutomationStatusRequest>,
) -> ApiResult<web::Json<AdminAutomation>> {
    let viewer = Viewer::staff(&who);
    let id = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let out = state
        .write(move |tx| {
            Box::pin(async move {
                requests::change_status(tx, &viewer, now, id, body).await?;
                requests::admin_get(tx, &viewer, id).await
            })
        })
        .await?;
    Ok(web::Json(out))
}

/// Assigns the staff lead of an automation (`null` removes it); audited.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
    ),
    request_body = SetStaffLeadRequest,
    responses(
        (status = 200, description = "OK", body = AdminAutomation),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Not an active STAFF or ADMIN user (`user_id`: `not_staff`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/automations/{id}/lead")]
#[tracing::instrument(skip_all)]
pub async fn admin_set_automation_lead(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminAutomationsManage>,
    path: web::Path<Uuid>,
    body: web::Json<SetStaffLeadRequest>,
) -> ApiResult<web::Json<AdminAutomation>> {
    let viewer = Viewer::staff(&who);
    let id = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let out =
        state.write(move |tx| Box::pin(async move { requests::set_lead(tx, &viewer, now, id, body).await })).await?;
    Ok(web::Json(out))
}

/// The automation's status changes, oldest first (the first is its request), with who and when.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ListParams,
    ),
    responses(
        (status = 200, description = "OK", body = Page<StatusChange>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}/timeline")]
#[tracing::instrument(skip_all)]
pub async fn admin_get_automation_timeline(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminAutomationsRead>,
    path: web::Path<Uuid>,
    params: ListParams,
) -> ApiResult<web::Json<Page<StatusChange>>> {
    let viewer = Viewer::staff(&who);
    let id = path.into_inner();
    Ok(web::Json(requests::timeline(&state.db, &viewer, id, &params).await?))
}
