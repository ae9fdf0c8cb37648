//! The current user's sessions.

use actix_web::{HttpResponse, delete, get, post, web};
use shared::Problem;
use shared::dto::auth::{RevokedCount, SessionList};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::auth_user::AuthUser;
use crate::extract::client_info::ClientInfo;
use crate::services::sessions;
use crate::state::AppState;

/// The signed-in user's active sessions, most recently used first; `current` marks this one.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "Active sessions", body = SessionList),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/sessions")]
pub async fn list_sessions(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<SessionList>> {
    let items = sessions::list(&state, &user.user, user.session_id).await?;
    Ok(web::Json(SessionList { items }))
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
pub async fn revoke_session(
    state: web::Data<AppState>,
    user: AuthUser,
    client: ClientInfo,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    sessions::revoke_own(&state, &user.user, id.into_inner(), &client).await?;
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
pub async fn revoke_other_sessions(
    state: web::Data<AppState>,
    user: AuthUser,
    client: ClientInfo,
) -> ApiResult<web::Json<RevokedCount>> {
    let revoked = sessions::revoke_others(&state, &user.user, user.session_id, &client).await?;
    Ok(web::Json(RevokedCount { revoked }))
}
