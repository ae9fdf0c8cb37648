//! Automations for the client portal (VENDORs see only what the access rule lets them): list, view, change, status, timeline.

use actix_web::{HttpResponse, get, patch, post, web};
use shared::Problem;
use shared::dto::automations::{
    Automation, AutomationSort, AutomationsFilter, ChangeAutomationStatusRequest, CreateAutomationRequest,
    StatusChange, UpdateAutomationRequest,
};
use shared::dto::common::Page;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::optional_json::OptionalJson;
use crate::extract::require::{OrgPermission, perm};
use crate::list::ListParams;
use crate::routes::idempotent_response;
use crate::services::automations::access::Viewer;
use crate::services::automations::requests;
use crate::services::platform::idempotency;
use crate::state::AppState;

/// Lists the organization's automations (a VENDOR's: those with a task assigned to them):
/// search, status (archived ones only with `status=archived`), owner, sort, cursor pages.
#[utoipa::path(
    tag = "dashboard",
    params(
        ListParams<AutomationSort, AutomationsFilter>,
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Page<Automation>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations")]
#[tracing::instrument(skip_all)]
pub async fn list_automations(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    params: ListParams<AutomationSort, AutomationsFilter>,
) -> ApiResult<web::Json<Page<Automation>>> {
    let viewer = Viewer::of_org(&ctx);
    Ok(web::Json(requests::list(&state.db, &viewer, &params).await?))
}

/// Requests an automation; the caller owns it. It starts as `requested`.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same body answers the first answer again"),
    ),
    request_body = CreateAutomationRequest,
    responses(
        (status = 201, description = "Created", body = Automation),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, description or date, or an `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/automations")]
#[tracing::instrument(skip_all)]
pub async fn create_automation(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsWrite>,
    key: IdempotencyKey,
    body: web::Json<CreateAutomationRequest>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of_org(&ctx);
    let body = body.into_inner();
    let now = state.now();
    let fingerprint = key.fingerprint(&&body);
    let scope = viewer.user_id();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, scope, fingerprint, 201, now, async || {
                    requests::create(tx, &viewer, now, body).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// One automation.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Automation),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}")]
#[tracing::instrument(skip_all)]
pub async fn get_automation(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    path: web::Path<Uuid>,
) -> ApiResult<web::Json<Automation>> {
    let viewer = Viewer::of_org(&ctx);
    let id = path.into_inner();
    Ok(web::Json(requests::get(&state.db, &viewer, id).await?))
}

/// Changes an automation's name, description, target go-live date or owner (handing it to
/// another owner: an OWNER, or the automation's owner).
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body(content = Option<UpdateAutomationRequest>, description = "Fields to change; absent fields stay as they are"),
    responses(
        (status = 200, description = "OK", body = Automation),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, description, date, or an owner who is not an OWNER or MEMBER (`owner_id`: `not_member`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/automations/{id}")]
#[tracing::instrument(skip_all)]
pub async fn update_automation(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsWrite>,
    path: web::Path<Uuid>,
    OptionalJson(body): OptionalJson<UpdateAutomationRequest>,
) -> ApiResult<web::Json<Automation>> {
    let viewer = Viewer::of_org(&ctx);
    let id = path.into_inner();
    let now = state.now();
    let out =
        state.write(move |tx| Box::pin(async move { requests::update(tx, &viewer, now, id, body).await })).await?;
    Ok(web::Json(out))
}

/// Archives an automation, or takes it out of the archive back to the status it had
/// (the build states are the operator's staff's to change). OWNERs do it for any automation,
/// MEMBERs for those they own. Recorded on the timeline and audited.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body = ChangeAutomationStatusRequest,
    responses(
        (status = 200, description = "OK", body = Automation),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The move is not allowed from the current status, or not for the caller (`invalid_transition`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/automations/{id}/status")]
#[tracing::instrument(skip_all)]
pub async fn change_automation_status(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsWrite>,
    path: web::Path<Uuid>,
    body: web::Json<ChangeAutomationStatusRequest>,
) -> ApiResult<web::Json<Automation>> {
    let viewer = Viewer::of_org(&ctx);
    let id = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let out = state
        .write(move |tx| Box::pin(async move { requests::change_status(tx, &viewer, now, id, body).await }))
        .await?;
    Ok(web::Json(out))
}

/// The automation's status changes, oldest first (the first is its request), with who and when.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ListParams,
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Page<StatusChange>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}/timeline")]
#[tracing::instrument(skip_all)]
pub async fn get_automation_timeline(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    path: web::Path<Uuid>,
    params: ListParams,
) -> ApiResult<web::Json<Page<StatusChange>>> {
    let viewer = Viewer::of_org(&ctx);
    let id = path.into_inner();
    Ok(web::Json(requests::timeline(&state.db, &viewer, id, &params).await?))
}
