//! Message and comment threads of automations for the client portal (VENDORs see only what the access rule lets them).

use actix_web::{HttpResponse, delete, get, patch, post, web};
use shared::Problem;
use shared::dto::automations::{Message, MessageRequest, MessageSort};
use shared::dto::common::Page;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::require::{OrgPermission, perm};
use crate::list::ListParams;
use crate::routes::idempotent_response;
use crate::services::automations::access::Viewer;
use crate::services::automations::threads;
use crate::services::automations::threads::ThreadRef;
use crate::services::platform::idempotency;
use crate::state::AppState;

/// The automation's message thread (customer ↔ staff; never shown to VENDORs), oldest first by
/// default; deleted messages stay as placeholders without their text.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ListParams<MessageSort>,
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Page<Message>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}/messages")]
#[tracing::instrument(skip_all)]
pub async fn list_messages(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    path: web::Path<Uuid>,
    params: ListParams<MessageSort>,
) -> ApiResult<web::Json<Page<Message>>> {
    let viewer = Viewer::of_org(&ctx);
    let id = path.into_inner();
    Ok(web::Json(threads::list(&state.db, &viewer, ThreadRef::Messages(id), &params).await?))
}

/// Posts a message; the other side hears of it by email (at most one email per person and thread
/// every 10 minutes).
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same body answers the first answer again"),
    ),
    request_body = MessageRequest,
    responses(
        (status = 201, description = "Created", body = Message),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long `body`, or an `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/automations/{id}/messages")]
#[tracing::instrument(skip_all)]
pub async fn post_message(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsWrite>,
    key: IdempotencyKey,
    path: web::Path<Uuid>,
    body: web::Json<MessageRequest>,
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
                    threads::post(tx, &viewer, now, ThreadRef::Messages(id), body).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// Changes the text of one's own message, within 15 minutes of posting it.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("message_id" = Uuid, Path, description = "Message id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body = MessageRequest,
    responses(
        (status = 200, description = "OK", body = Message),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Posted more than 15 minutes ago (`edit_window_closed`), or deleted (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long `body`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/automations/{id}/messages/{message_id}")]
#[tracing::instrument(skip_all)]
pub async fn edit_message(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsWrite>,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<MessageRequest>,
) -> ApiResult<web::Json<Message>> {
    let viewer = Viewer::of_org(&ctx);
    let (id, sub) = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let out = state
        .write(move |tx| {
            Box::pin(async move { threads::edit(tx, &viewer, now, ThreadRef::Messages(id), sub, body).await })
        })
        .await?;
    Ok(web::Json(out))
}

/// Deletes one's own message: a placeholder stays in the thread.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("message_id" = Uuid, Path, description = "Message id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 204, description = "Done"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/automations/{id}/messages/{message_id}")]
#[tracing::instrument(skip_all)]
pub async fn delete_message(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsWrite>,
    path: web::Path<(Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of_org(&ctx);
    let (id, sub) = path.into_inner();
    let now = state.now();
    state
        .write(move |tx| Box::pin(async move { threads::delete(tx, &viewer, now, ThreadRef::Messages(id), sub).await }))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// A task's comments, oldest first by default; deleted ones stay as placeholders.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("task_id" = Uuid, Path, description = "Task id"),
        ListParams<MessageSort>,
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "OK", body = Page<Message>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query: a filter, `sort`, `limit` or `cursor` (`cursor`: `invalid` for one the server did not issue for this order)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/automations/{id}/tasks/{task_id}/comments")]
#[tracing::instrument(skip_all)]
pub async fn list_comments(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::AutomationsRead>,
    path: web::Path<(Uuid, Uuid)>,
    params: ListParams<MessageSort>,
) -> ApiResult<web::Json<Page<Message>>> {
    let viewer = Viewer::of_org(&ctx);
    let (id, sub) = path.into_inner();
    Ok(web::Json(threads::list(&state.db, &viewer, ThreadRef::Comments(id, sub), &params).await?))
}

/// Comments on a task; the task's people hear of it by email (at most one email per person and
/// thread every 10 minutes).
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("task_id" = Uuid, Path, description = "Task id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same body answers the first answer again"),
    ),
    request_body = MessageRequest,
    responses(
        (status = 201, description = "Created", body = Message),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long `body`, or an `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/automations/{id}/tasks/{task_id}/comments")]
#[tracing::instrument(skip_all)]
pub async fn post_comment(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::TasksWork>,
    key: IdempotencyKey,
    path: web::Path<(Uuid, Uuid)>,
    body: web::Json<MessageRequest>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of_org(&ctx);
    let (id, sub) = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let fingerprint = key.fingerprint(&(id, sub, &body));
    let scope = viewer.user_id();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, scope, fingerprint, 201, now, async || {
                    threads::post(tx, &viewer, now, ThreadRef::Comments(id, sub), body).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// Changes the text of one's own comment, within 15 minutes of posting it.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("task_id" = Uuid, Path, description = "Task id"),
        ("comment_id" = Uuid, Path, description = "Comment id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body = MessageRequest,
    responses(
        (status = 200, description = "OK", body = Message),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Posted more than 15 minutes ago (`edit_window_closed`), or deleted (`conflict`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An empty or too long `body`", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/automations/{id}/tasks/{task_id}/comments/{comment_id}")]
#[tracing::instrument(skip_all)]
pub async fn edit_comment(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::TasksWork>,
    path: web::Path<(Uuid, Uuid, Uuid)>,
    body: web::Json<MessageRequest>,
) -> ApiResult<web::Json<Message>> {
    let viewer = Viewer::of_org(&ctx);
    let (id, task_id, comment_id) = path.into_inner();
    let body = body.into_inner();
    let now = state.now();
    let out = state
        .write(move |tx| {
            Box::pin(async move {
                threads::edit(tx, &viewer, now, ThreadRef::Comments(id, task_id), comment_id, body).await
            })
        })
        .await?;
    Ok(web::Json(out))
}

/// Deletes one's own comment: a placeholder stays in the thread.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Automation id"),
        ("task_id" = Uuid, Path, description = "Task id"),
        ("comment_id" = Uuid, Path, description = "Comment id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 204, description = "Done"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Lacks the permission (a VENDOR changing what only customers change)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Nothing visible to the caller there", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/automations/{id}/tasks/{task_id}/comments/{comment_id}")]
#[tracing::instrument(skip_all)]
pub async fn delete_comment(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::TasksWork>,
    path: web::Path<(Uuid, Uuid, Uuid)>,
) -> ApiResult<HttpResponse> {
    let viewer = Viewer::of_org(&ctx);
    let (id, task_id, comment_id) = path.into_inner();
    let now = state.now();
    state
        .write(move |tx| {
            Box::pin(
                async move { threads::delete(tx, &viewer, now, ThreadRef::Comments(id, task_id), comment_id).await },
            )
        })
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
