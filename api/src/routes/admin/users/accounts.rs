//! Every user account (STAFF and ADMIN read).

use actix_web::{get, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::users::{AdminUser, AdminUserDetail, UserSort, UsersFilter};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::list::ListParams;
use crate::services::users::directory;
use crate::state::AppState;

/// Lists user accounts across the platform: search by email or name, filter by role, status,
/// organization and second factor, sort by creation, email or last sign-in, cursor pages.
#[utoipa::path(
    tag = "admin",
    params(ListParams<UserSort, UsersFilter>),
    responses(
        (status = 200, description = "A page of users", body = Page<AdminUser>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query (search text, filter, limit, sort or cursor)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users")]
#[tracing::instrument(skip_all)]
pub async fn list_users(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminUsersRead>,
    params: ListParams<UserSort, UsersFilter>,
) -> ApiResult<web::Json<Page<AdminUser>>> {
    Ok(web::Json(directory::list(&state.db, &params).await?))
}

/// One user account with its memberships and live sessions.
#[utoipa::path(
    tag = "admin",
    operation_id = "admin_get_user",
    params(("id" = Uuid, Path, description = "User id")),
    responses(
        (status = 200, description = "The user", body = AdminUserDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/users/{id}")]
#[tracing::instrument(skip_all)]
pub async fn get_user(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsersRead>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<AdminUserDetail>> {
    let current = who.person().map(|p| p.session_id);
    Ok(web::Json(directory::get(&state.db, &state.config, current, state.now(), id.into_inner()).await?))
}
