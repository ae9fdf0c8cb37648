//! `/api/dashboard/files`: upload (multipart, streamed), list, metadata, download, delete, and
//! the organization's storage use.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::files::{FileInfo, FilesFilter, StorageUsage};
use uuid::Uuid;

use super::forms::{FileBytes, FileUpload, content_length, download};
use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::require::{OrgPermission, perm};
use crate::list::{FixedOrder, ListParams};
use crate::routes::idempotent_response;
use crate::services::files::{quota, records, upload};
use crate::services::platform::idempotency;
use crate::state::AppState;

/// Uploads one file (multipart/form-data, one part named `file`), streamed to storage; answers
/// its metadata. The type is sniffed from the bytes against the allow-list (images, PDF, text
/// and CSV, office documents, ZIP); the name is sanitised. The file stays unattached until
/// something it belongs to names it in `attachment_ids`, and is purged if nothing does within 24
/// hours. Accepts an `Idempotency-Key` (same file, same answer).
#[utoipa::path(
    tag = "dashboard",
    params(
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same file answers the first answer again"),
    ),
    request_body(content = FileUpload, content_type = "multipart/form-data", description = "One part named `file`, at most the file size setting (`file_max_size_mib`, 25 MiB unless changed)"),
    responses(
        (status = 201, description = "Stored", body = FileInfo),
        (status = 400, description = "Not a multipart/form-data body (`malformed_request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to upload", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organization's storage quota would be exceeded (`quota_exceeded`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than the file size setting (`file_too_large`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The file's bytes are not of an allowed type (`unsupported_file_type`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No part named `file` (`file`: `required`), an empty file (`empty`), a second file (`too_many_files`), a part of another name (`unknown`), or an `Idempotency-Key` reused with another file (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/files")]
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn upload_file(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::FilesWrite>,
    key: IdempotencyKey,
    req: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let limits = quota::limits(&state.db, ctx.org_id()).await?;
    let id = Uuid::now_v7();
    let storage_key = records::storage_key(ctx.org_id(), id);
    let received = upload::receive(form, content_length(&req), &state.storage, &storage_key, limits, None, &[]).await?;
    let fingerprint = key.fingerprint(&(&received.name, &received.sha256, received.size));
    let org_id = ctx.org_id();
    let (now, ctx) = (state.now(), ctx.0);
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, org_id, fingerprint, 201, now, async || {
                    records::record(tx, &ctx, now, id, received).await
                })
                .await
            })
        })
        .await;
    match stored {
        Ok(stored) => {
            if stored.replayed {
                state.storage.delete_logged(&storage_key).await;
            }
            Ok(idempotent_response(stored))
        }
        Err(e) => {
            state.storage.delete_logged(&storage_key).await;
            Err(e)
        }
    }
}

/// The organization's files, newest first (a VENDOR sees only the files they uploaded).
#[utoipa::path(
    tag = "dashboard",
    params(ListParams<FixedOrder, FilesFilter>, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "A page of files", body = Page<FileInfo>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see files", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An invalid filter, limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/files")]
#[tracing::instrument(skip_all)]
pub async fn list_files(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::FilesRead>,
    params: ListParams<FixedOrder, FilesFilter>,
) -> ApiResult<web::Json<Page<FileInfo>>> {
    Ok(web::Json(records::list(&state.db, &ctx, &params).await?))
}

/// What the organization stores against its quota (files and secure documents), and the
/// largest file an upload may carry.
#[utoipa::path(
    tag = "dashboard",
    params(("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "Bytes used, the quota and the file size limit", body = StorageUsage),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see files", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/files/usage")]
#[tracing::instrument(skip_all)]
pub async fn get_storage_usage(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::FilesRead>,
) -> ApiResult<web::Json<StorageUsage>> {
    Ok(web::Json(quota::usage(&state.db, ctx.org_id()).await?))
}

/// A file's metadata.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "File id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "The file", body = FileInfo),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see files", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file in this organization (or not one of the vendor's own)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/files/{id}")]
#[tracing::instrument(skip_all)]
pub async fn get_file(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::FilesRead>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<FileInfo>> {
    Ok(web::Json(records::get(&state.db, &ctx, id.into_inner()).await?.to_dto()))
}

/// Downloads a file: its bytes, streamed, with its stored content type, as an attachment
/// (`Content-Disposition: attachment; filename*=UTF-8''…`, `X-Content-Type-Options: nosniff`).
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "File id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "The file's bytes, in the content type it was stored with", content_type = "*/*", body = FileBytes,
            headers(("Content-Disposition" = String, description = "`attachment` with the file's name"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see files", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file in this organization (or not one of the vendor's own)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/files/{id}/download")]
#[tracing::instrument(skip_all)]
pub async fn download_file(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::FilesRead>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let f = records::get(&state.db, &ctx, id.into_inner()).await?;
    let body = state.storage.read(&f.storage_key).await?;
    Ok(download(&f.name, &f.content_type, u64::try_from(f.size).unwrap_or(0), body))
}

/// Deletes a file (its uploader, or an OWNER): its bytes are removed at once.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "File id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Someone else's file, and not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such file in this organization (or not one of the vendor's own)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/files/{id}")]
#[tracing::instrument(skip_all)]
pub async fn delete_file(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::FilesWrite>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id, ctx) = (state.now(), id.into_inner(), ctx.0);
    let gone = state.write(move |tx| Box::pin(async move { records::delete(tx, &ctx, now, id).await })).await?;
    state.storage.delete_logged(&gone.storage_key).await;
    Ok(HttpResponse::NoContent().finish())
}
