//! Organizations' usage ingest keys (ADMIN and STAFF).

use actix_web::{HttpResponse, delete, get, post, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::usage::admin::{CreateIngestKeyRequest, CreatedIngestKey, IngestKey};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::require::{AdminPermission, perm};
use crate::list::ListParams;
use crate::services::usage::ingest_keys;
use crate::state::AppState;

/// An organization's ingest keys, newest first (the keys themselves are never shown again).
#[utoipa::path(
    tag = "admin",
    params(("org_id" = Uuid, Path, description = "Organization id"), ListParams),
    responses(
        (status = 200, description = "A page of keys", body = Page<IngestKey>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage/organizations/{org_id}/ingest-keys")]
#[tracing::instrument(skip_all)]
pub async fn list_ingest_keys(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminUsageKeysManage>,
    org_id: web::Path<Uuid>,
    params: ListParams,
) -> ApiResult<web::Json<Page<IngestKey>>> {
    Ok(web::Json(ingest_keys::list(&state.db, org_id.into_inner(), &params).await?))
}

/// Issues an ingest key for an organization. The answer holds the key (`omgi_…`) this once: the
/// operator's systems send it as `Authorization: Bearer <key>` to
/// `POST /api/dashboard/usage-events`, the one route it works on.
#[utoipa::path(
    tag = "admin",
    params(("org_id" = Uuid, Path, description = "Organization id")),
    request_body = CreateIngestKeyRequest,
    responses(
        (status = 201, description = "Issued; copy the key now", body = CreatedIngestKey),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid name", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/usage/organizations/{org_id}/ingest-keys")]
#[tracing::instrument(skip_all)]
pub async fn create_ingest_key(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsageKeysManage>,
    org_id: web::Path<Uuid>,
    body: web::Json<CreateIngestKeyRequest>,
) -> ApiResult<HttpResponse> {
    let (now, org_id, body) = (state.now(), org_id.into_inner(), body.into_inner());
    let created =
        state.write(move |tx| Box::pin(async move { ingest_keys::create(tx, &who, now, org_id, body).await })).await?;
    Ok(HttpResponse::Created().json(created))
}

/// Revokes an ingest key: it stops working at once.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "Ingest key id")),
    responses(
        (status = 204, description = "Revoked"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such active key", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/usage/ingest-keys/{id}")]
#[tracing::instrument(skip_all)]
pub async fn revoke_ingest_key(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminUsageKeysManage>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id) = (state.now(), id.into_inner());
    state.write(move |tx| Box::pin(async move { ingest_keys::revoke(tx, &who, now, id).await })).await?;
    Ok(HttpResponse::NoContent().finish())
}
