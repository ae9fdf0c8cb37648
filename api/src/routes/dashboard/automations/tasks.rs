//! Tasks of automations for the client portal (VENDORs see only what the access rule lets them).

use actix_web::{HttpResponse, get, patch, post, web};
use shared::Problem;
use shared::dto::automations::{
    CreateTaskRequest, MoveTaskRequest, MyTask, MyTasksFilter, Task, TaskSort, TasksFilter, UpdateTaskRequest,
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
use crate::services::automations::tasks;
use crate::services::platform::idempotency;
use crate::state::AppState;

/// The automation's tasks (a VENDOR's: those assigned to them), by board position by default;
/// each board column is the tasks of one status in that order.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ListParams<TaskSort, TasksFilter>,
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Page<Task>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}/tasks")]
#[tracing::instrument(skip_all)]
pub async fn list_tasks(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    path: web::Path<Uuid>,
    params: ListParams<TaskSort, TasksFilter>,
) -> ApiResult<web::Json<Page<Task>>> {
    let viewer = Viewer::of_org(&ctx);
    let id = path.into_inner();
    Ok(web::Json(tasks::list(&state.db, &viewer, id, &params).await?))
}

/// Creates a task at the end of its column.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same body answers the first answer again"),
    ),
    request_body = CreateTaskRequest,
    responses(
        (status = 201, description = "Created", body = Task),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid title or description, an assignee who is not a member, vendor or staff (`assignee_id`: `not_assignable`), or an `Idempotency-Key` reused with another request", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/automations/{id}/tasks")]
#[tracing::instrument(skip_all)]
pub async fn create_task(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsWrite>,
    key: IdempotencyKey,
    path: web::Path<Uuid>,
    body: web::Json<CreateTaskRequest>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of_org(&ctx);
    let id = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let fingerprint = key.fingerprint(&(id, &body));
    let scope = viewer.user_id();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, scope, fingerprint, 201, now, async || {
                    tasks::create(tx, &viewer, now, id, body).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// One task.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("task_id" = Uuid, Path, description = "Task id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Task),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}/tasks/{task_id}")]
#[tracing::instrument(skip_all)]
pub async fn get_task(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<web::Json<Task>> {
    let viewer = Viewer::of_org(&ctx);
    let (id, sub) = path.into_inner();
    Ok(web::Json(tasks::get(&state.db, &viewer, id, sub).await?))
}

/// Changes a task: title, description, status (to the end of that column), priority, assignee,
/// due date. A VENDOR may change only the status of their own tasks.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("task_id" = Uuid, Path, description = "Task id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body(content = Option<UpdateTaskRequest>, description = "Fields to change; absent fields stay as they are"),
    responses(
        (status = 200, description = "OK", body = Task),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid title or description, or an assignee who is not a member, vendor or staff (`assignee_id`: `not_assignable`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/automations/{id}/tasks/{task_id}")]
#[tracing::instrument(skip_all)]
pub async fn update_task(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::TasksWork>,
    path: web::Path<(Uuid, Uuid)>,
    OptionalJson(body): OptionalJson<UpdateTaskRequest>,
) -> ApiResult<web::Json<Task>> {
    let viewer = Viewer::of_org(&ctx);
    let (id, sub) = path.into_inner();
    let now = state.now();
    let out =
        state.write(move |tx| Box::pin(async move { tasks::update(tx, &viewer, now, id, sub, body).await })).await?;
    Ok(web::Json(out))
}

/// A drop on the board: the task takes `status` and goes just before `before_id`, or to the end
/// of that column.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("task_id" = Uuid, Path, description = "Task id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body = MoveTaskRequest,
    responses(
        (status = 200, description = "OK", body = Task),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`before_id` is not a task of that column (`before_id`: `invalid`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/automations/{id}/tasks/{task_id}/move")]
#[tracing::instrument(skip_all)]
pub async fn move_task(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::TasksWork>,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<MoveTaskRequest>,
) -> ApiResult<web::Json<Task>> {
    let viewer = Viewer::of_org(&ctx);
    let (id, sub) = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let out =
        state.write(move |tx| Box::pin(async move { tasks::move_task(tx, &viewer, now, id, sub, body).await })).await?;
    Ok(web::Json(out))
}

/// The caller's tasks across the organization's automations, with each one's automation.
#[utoipa::path(
    tag = "dashboard",
    params(
        ListParams<TaskSort, MyTasksFilter>,
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Page<MyTask>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization for the caller", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/my-tasks")]
#[tracing::instrument(skip_all)]
pub async fn list_my_tasks(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    params: ListParams<TaskSort, MyTasksFilter>,
) -> ApiResult<web::Json<Page<MyTask>>> {
    let viewer = Viewer::of_org(&ctx);
    Ok(web::Json(tasks::my_tasks(&state.db, &viewer, &params).await?))
}
