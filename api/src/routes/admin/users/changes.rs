//! Changes to other users' accounts (ADMIN only): platform role, disable, enable, password reset.

use actix_web::{HttpResponse, patch, post, web};
use shared::Problem;
use shared::dto::users::{AdminUserDetail, ChangeUserRoleRequest, PasswordResetQueued};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::require::{AdminPermission, perm};
use crate::routes::idempotent_response;
use crate::services::platform::idempotency;
use crate::services::users::management;
use crate::state::AppState;

/// Which status change a POST asks for.
#[derive(Debug, Clone, Copy)]
enum StatusChange {
    Disable,
    Enable,
}

/// Disables or enables an account, once per `Idempotency-Key`.
async fn set_status(
    state: &web::Data<AppState>,
    who: AdminPermission<perm::AdminUsersManage>,
    key: IdempotencyKey,
    id: Uuid,
    change: StatusChange,
) -> ApiResult<HttpResponse> {
    let fingerprint = key.fingerprint(&());
    let (now, st) = (state.now(), state.clone());
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, who.user().id, fingerprint, 200, now, async || match change {
                    StatusChange::Disable => management::disable(tx, &st.config, &who, now, id).await,
                    StatusChange::Enable => management::enable(tx, &st.config, &who, now, id).await,
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// Changes a user's platform role; their sessions end, so their next sign-in has the new role's
/// session lifetime and second-factor rule. Sending the role they have changes nothing. Audited.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "User id")),
    request_body = ChangeUserRoleRequest,
    responses(
        (status = 200, description = "The user after the change", body = AdminUserDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The caller's own account (`own_account`), the last active ADMIN (`last_admin`), or VENDOR for an organization's OWNER (`owner_cannot_be_vendor`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/users/{id}/role")]
#[tracing::instrument(skip_all)]
pub async fn change_user_role(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsersManage>,
    id: web::Path<Uuid>,
    body: web::Json<ChangeUserRoleRequest>,
) -> ApiResult<web::Json<AdminUserDetail>> {
    let (now, id, role, st) = (state.now(), id.into_inner(), body.into_inner().role, state.clone());
    let user = state
        .write(move |tx| Box::pin(async move { management::change_role(tx, &st.config, &who, now, id, role).await }))
        .await?;
    Ok(web::Json(user))
}

/// Disables an account: it cannot sign in (`account_disabled`), and its sessions and refresh
/// tokens stop working at once. Audited.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat answers the first answer again"),
    ),
    responses(
        (status = 200, description = "Disabled", body = AdminUserDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already disabled (`conflict`), the caller's own account (`own_account`) or the last active ADMIN (`last_admin`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/disable")]
#[tracing::instrument(skip_all)]
pub async fn disable_user(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsersManage>,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    set_status(&state, who, key, id.into_inner(), StatusChange::Disable).await
}

/// Enables a disabled account: it can sign in again. Audited.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat answers the first answer again"),
    ),
    responses(
        (status = 200, description = "Active again", body = AdminUserDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/enable")]
#[tracing::instrument(skip_all)]
pub async fn enable_user(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsersManage>,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    set_status(&state, who, key, id.into_inner(), StatusChange::Enable).await
}

/// Emails a user a password reset link, as `POST /api/auth/password/forgot` would. Audited.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "User id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat answers the first answer again"),
    ),
    responses(
        (status = 202, description = "The link is on its way", body = PasswordResetQueued),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such user", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The account is disabled", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/users/{id}/password-reset")]
#[tracing::instrument(skip_all)]
pub async fn send_user_password_reset(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsersManage>,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id) = (state.now(), id.into_inner());
    let fingerprint = key.fingerprint(&());
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, who.user().id, fingerprint, 202, now, async || {
                    management::send_password_reset(tx, &who, now, id).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}
