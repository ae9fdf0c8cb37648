//! The current user.

use actix_web::{get, patch, web};
use shared::Problem;
use shared::dto::auth::{Me, UpdateProfileRequest, User};

use crate::context::Caller;
use crate::error::ApiResult;
use crate::services::auth::profile;
use crate::state::AppState;

/// The signed-in user, their role, their organizations with their role in each, and their
/// effective permissions.
#[utoipa::path(
    tag = "auth",
    responses(
        (status = 200, description = "The current user", body = Me),
        (status = 401, description = "Not signed in, or the session ended", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/me")]
#[tracing::instrument(skip_all)]
pub async fn me(state: web::Data<AppState>, caller: Caller) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(profile::me(&state.db, &caller).await?))
}

/// Changes the signed-in user's profile (their name).
#[utoipa::path(
    tag = "auth",
    request_body = UpdateProfileRequest,
    responses(
        (status = 200, description = "The updated user", body = User),
        (status = 400, description = "Malformed body or unknown field", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in, or the session ended", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid fields", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/me")]
#[tracing::instrument(skip_all)]
pub async fn update_me(
    state: web::Data<AppState>,
    caller: Caller,
    body: web::Json<UpdateProfileRequest>,
) -> ApiResult<web::Json<User>> {
    let (now, body) = (state.now(), body.into_inner());
    let user =
        state.write(move |tx| Box::pin(async move { profile::update_profile(tx, &caller, now, body).await })).await?;
    Ok(web::Json(user))
}
