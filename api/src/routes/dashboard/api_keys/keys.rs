//! The organization's API keys (OWNER only).

use actix_web::{HttpResponse, delete, get, post, web};
use shared::Problem;
use shared::dto::api_keys::{ApiKey, CreateApiKeyRequest, CreatedApiKey};
use shared::dto::common::Page;
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{OrgPermission, perm};
use crate::list::ListParams;
use crate::services::api_keys::keys;
use crate::state::AppState;

/// The organization's API keys, newest first (the keys themselves are never shown again).
#[utoipa::path(
    tag = "dashboard",
    params(ListParams, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "A page of keys", body = Page<ApiKey>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/api-keys")]
#[tracing::instrument(skip_all)]
pub async fn list_api_keys(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::ApiKeysManage>,
    params: ListParams,
) -> ApiResult<web::Json<Page<ApiKey>>> {
    Ok(web::Json(keys::list(&state.db, &ctx, &params).await?))
}

/// Creates an API key with some of your permissions in the organization. The answer holds the
/// key (`omg_…`) this once; send it as `Authorization: Bearer <key>` to `/api/dashboard/*`.
#[utoipa::path(
    tag = "dashboard",
    params(("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    request_body = CreateApiKeyRequest,
    responses(
        (status = 201, description = "Created; copy the key now", body = CreatedApiKey),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER (`forbidden`), or the owner's email address is not confirmed yet (`email_unverified`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name, permissions or expiry", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/api-keys")]
#[tracing::instrument(skip_all)]
pub async fn create_api_key(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::ApiKeysManage>,
    body: web::Json<CreateApiKeyRequest>,
) -> ApiResult<HttpResponse> {
    let (now, body) = (state.now(), body.into_inner());
    let created = state.write(move |tx| Box::pin(async move { keys::create(tx, &ctx, now, body).await })).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Revokes an API key: it stops working at once.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Key id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active key in this organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/api-keys/{id}")]
#[tracing::instrument(skip_all)]
pub async fn revoke_api_key(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::ApiKeysManage>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id) = (state.now(), id.into_inner());
    state.write(move |tx| Box::pin(async move { keys::revoke(tx, &ctx, now, id).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}
