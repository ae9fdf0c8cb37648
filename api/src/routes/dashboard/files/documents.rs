//! `/api/dashboard/documents`: the organization's vault of secure documents, encrypted at rest.
//! OWNERs upload, share, delete and read everything; members read what is shared with them;
//! every download is audited.

use actix_multipart::Multipart;
use actix_web::{HttpRequest, HttpResponse, delete, get, post, put, web};
use bytes::Bytes;
use futures_util::StreamExt;
use shared::Problem;
use shared::dto::audit::AuditLogEntry;
use shared::dto::common::Page;
use shared::dto::files::{Document, SetDocumentSharesRequest};
use uuid::Uuid;

use super::forms::{DocumentUpload, FileBytes, content_length, download};
use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::require::{OrgPermission, perm};
use crate::list::ListParams;
use crate::routes::idempotent_response;
use crate::services::files::crypto::{self, Decryptor};
use crate::services::files::{documents, quota, upload};
use crate::services::platform::idempotency;
use crate::state::AppState;

/// Uploads a secure document (multipart/form-data: a part named `file`, and optionally
/// `expires_at`), encrypted on its way to storage with a key of its own; answers its metadata.
/// The same type allow-list, size limit and quota (at the plaintext size) as files apply.
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same document answers the first answer again"),
    ),
    request_body(content = DocumentUpload, content_type = "multipart/form-data", description = "A part named `file` (at most `file_max_size_mib`) and an optional `expires_at`"),
    responses(
        (status = 201, description = "Stored, encrypted", body = Document),
        (status = 400, description = "Not a multipart/form-data body (`malformed_request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "The organization's storage quota would be exceeded (`quota_exceeded`)", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The file is larger than the file size setting (`file_too_large`)", body = Problem, content_type = "application/problem+json"),
        (status = 415, description = "The file's bytes are not of an allowed type (`unsupported_file_type`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No part named `file` (`file`: `required`), an empty file (`empty`), a second file (`too_many_files`), a part of another name (`unknown`), `expires_at` not RFC 3339 (`invalid_format`) or not in the future (`in_the_past`), or an `Idempotency-Key` reused with another document", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/documents")]
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn upload_document(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::DocumentsManage>,
    key: IdempotencyKey,
    req: HttpRequest,
    form: Multipart,
) -> ApiResult<HttpResponse> {
    let limits = quota::limits(&state.db, ctx.org_id()).await?;
    let id = Uuid::now_v7();
    let storage_key = documents::storage_key(ctx.org_id(), id);
    let data_key = crypto::new_data_key();
    let wrapped = state.secrets.wrap_data_key(id, &data_key)?;
    let received = upload::receive(
        form,
        content_length(&req),
        &state.storage,
        &storage_key,
        limits,
        Some(&data_key),
        &[documents::EXPIRES_AT_PART],
    )
    .await?;
    let now = state.now();
    let expires_at = match documents::parse_expiry(&received, now) {
        Ok(at) => at,
        Err(e) => {
            state.storage.delete_logged(&storage_key).await;
            return Err(e);
        }
    };
    let fingerprint = key.fingerprint(&(&received.name, &received.sha256, received.size, expires_at));
    let org_id = ctx.org_id();
    let (ctx, secrets) = (ctx.0, state.secrets.clone());
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, org_id, fingerprint, 201, now, async || {
                    documents::record(tx, &ctx, &secrets, now, id, received, wrapped, expires_at).await
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

/// The secure documents the caller may read, newest first: every one for OWNERs, those shared
/// with them for members.
#[utoipa::path(
    tag = "dashboard",
    params(ListParams, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "A page of documents", body = Page<Document>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to read documents (vendors are not)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/documents")]
#[tracing::instrument(skip_all)]
pub async fn list_documents(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::DocumentsRead>,
    params: ListParams,
) -> ApiResult<web::Json<Page<Document>>> {
    Ok(web::Json(documents::list(&state.db, &ctx, &params).await?))
}

/// A secure document's metadata.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Document id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "The document", body = Document),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to read documents (vendors are not)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such document in this organization, or not shared with the caller", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/documents/{id}")]
#[tracing::instrument(skip_all)]
pub async fn get_document(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::DocumentsRead>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<Document>> {
    let doc = documents::get(&state.db, &ctx, id.into_inner()).await?;
    Ok(web::Json(documents::to_dto(&state.db, &doc).await?))
}

/// Downloads a secure document: decrypted as it streams, as an attachment with its content
/// type. Every download is recorded in the audit trail (see `…/downloads`).
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Document id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "The document's bytes, in the content type it was stored with", content_type = "*/*", body = FileBytes,
            headers(("Content-Disposition" = String, description = "`attachment` with the document's name"))),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to read documents (vendors are not)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such document in this organization, or not shared with the caller", body = Problem, content_type = "application/problem+json"),
        (status = 410, description = "The document's expiry has passed (`document_expired`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/documents/{id}/download")]
#[tracing::instrument(skip_all)]
pub async fn download_document(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::DocumentsRead>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id, ctx) = (state.now(), id.into_inner(), ctx.0);
    let doc =
        state.write(move |tx| Box::pin(async move { documents::start_download(tx, &ctx, now, id).await })).await?;
    let data_key = state.secrets.unwrap_data_key(doc.id, &doc.wrapped_key)?;
    let source = state.storage.read(&doc.storage_key).await?;
    let decryptor = Decryptor::new(&data_key)?;
    let plain = futures_util::stream::unfold(Some((source, decryptor)), |st| async move {
        let (mut source, mut decryptor) = st?;
        loop {
            match source.next().await {
                Some(Ok(chunk)) => match decryptor.push(&chunk) {
                    Ok(p) if p.is_empty() => continue,
                    Ok(p) => return Some((Ok(Bytes::from(p)), Some((source, decryptor)))),
                    Err(e) => return Some((Err(e), None)),
                },
                Some(Err(e)) => return Some((Err(e), None)),
                None => return Some((decryptor.finish().map(Bytes::from), None)),
            }
        }
    });
    Ok(download(&doc.name, &doc.content_type, u64::try_from(doc.size).unwrap_or(0), plain))
}

/// Who downloaded a secure document and when, newest first (its audit entries).
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Document id"),
        ListParams,
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 200, description = "A page of downloads", body = Page<AuditLogEntry>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such document in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/documents/{id}/downloads")]
#[tracing::instrument(skip_all)]
pub async fn list_document_downloads(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::DocumentsManage>,
    id: web::Path<Uuid>,
    params: ListParams,
) -> ApiResult<web::Json<Page<AuditLogEntry>>> {
    Ok(web::Json(documents::downloads(&state.db, &ctx, id.into_inner(), &params).await?))
}

/// Sets the members a secure document is shared with (the whole list; OWNERs read every
/// document anyway). Audited.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Document id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    request_body = SetDocumentSharesRequest,
    responses(
        (status = 200, description = "The document with its new shares", body = Document),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such document in this organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "More than 100 members (`user_ids`: `too_many`), or ids that are not members who may read documents (`not_a_member`; vendors may not)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[put("/documents/{id}/shares")]
#[tracing::instrument(skip_all)]
pub async fn set_document_shares(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::DocumentsManage>,
    id: web::Path<Uuid>,
    body: web::Json<SetDocumentSharesRequest>,
) -> ApiResult<web::Json<Document>> {
    let (now, id, ctx, body) = (state.now(), id.into_inner(), ctx.0, body.into_inner());
    let doc =
        state.write(move |tx| Box::pin(async move { documents::set_shares(tx, &ctx, now, id, body).await })).await?;
    Ok(web::Json(doc))
}

/// Deletes a secure document: its ciphertext is removed at once. Audited.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("id" = Uuid, Path, description = "Document id"),
        ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first"),
    ),
    responses(
        (status = 204, description = "Deleted"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an OWNER", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such document in this organization", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[delete("/documents/{id}")]
#[tracing::instrument(skip_all)]
pub async fn delete_document(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::DocumentsManage>,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    let (now, id, ctx) = (state.now(), id.into_inner(), ctx.0);
    let gone = state.write(move |tx| Box::pin(async move { documents::delete(tx, &ctx, now, id).await })).await?;
    state.storage.delete_logged(&gone.storage_key).await;
    Ok(HttpResponse::NoContent().finish())
}
