//! The current user.

use actix_web::{get, web};
use shared::Problem;
use shared::dto::auth::Me;

use crate::error::ApiResult;
use crate::extract::auth_user::AuthUser;
use crate::services::auth;
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
pub async fn me(state: web::Data<AppState>, user: AuthUser) -> ApiResult<web::Json<Me>> {
    Ok(web::Json(auth::me(&state, &user.user).await?))
}
