//! The current user's sessions.

use actix_web::{HttpResponse, delete, get, post, web};
use shared::Problem;
use shared::dto::auth::{RevokedCount, Session};
use shared::dto::common::Page;
use uuid::Uuid;

use crate::context::Caller;
use crate::error::ApiResult;
use crate::list::ListParams;
use crate::services::auth::sessions;
use crate::state::AppState;

/// The signed-in user's active sessions, most recently used first; `current` marks this one.
#[utoipa::path(
    tag = "auth",
    params(ListParams),
    responses(
        (status = 200, description = "A page of active sessions", body = Page<Session>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions")]
#[tracing::instrument(skip_all)]
pub async fn list_sessions(
    state: web::Data<AppState>,
    caller: Caller,
    params: ListParams,
) -> ApiResult<web::Json<Page<Session>>> {
    Ok(web::Json(sessions::list(&state.db, &state.config, &caller, state.now(), &params).await?))
}

/// Ends one of the signed-in user's sessions (this one included).
#[utoipa::path(
    tag = "auth",
    params(("id" = Uuid, Path, description = "Session id")),
    responses(
        (status = 204, description = "Ended"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active session of this user", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/sessions/{id}")]
#[tracing::instrument(skip_all)]
pub async fn revoke_session(
    state: web::Data<AppState>,
    caller: Caller,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id) = (state.now(), id.into_inner());
    state.write(move |tx| Box::pin(async move { sessions::revoke_own(tx, &caller, now, id).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Ends every session of the signed-in user except this one.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "How many sessions ended", body = RevokedCount),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/sessions/revoke-others")]
#[tracing::instrument(skip_all)]
pub async fn revoke_other_sessions(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<RevokedCount>> {
    let now = state.now();
    let revoked =
        state.write(move |tx| Box::pin(async move { sessions::revoke_others(tx, &caller, now).await })).await?;
    Ok(web::Json(RevokedCount { revoked }))
}
