//! Other users' second factor (ADMIN only).

use actix_web::{HttpResponse, post, web};
use shared::Problem;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::services::auth::mfa;
use crate::state::AppState;

/// Resets a user's two-factor authentication: they enrol again at their next sign-in. Audited.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 204, description = "Reset"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "It is the caller's own account: change your own second factor from your security settings, with your password and a code", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/mfa/reset")]
#[tracing::instrument(skip_all)]
pub async fn reset_mfa(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsersManage>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    mfa::reset_by_admin(&state, &who, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}
