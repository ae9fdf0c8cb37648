//! What the upload routes take and the download routes answer, for the OpenAPI document only
//! (the bodies are streamed, never built as these types).

#![allow(dead_code)]

use actix_web::HttpRequest;
use actix_web::http::header::{CONTENT_DISPOSITION, CONTENT_ENCODING, CONTENT_LENGTH};
use bytes::Bytes;
use futures_util::Stream;

use crate::services::files::sniff;

/// `POST /api/dashboard/files`: one part named `file`, with its file name (no other part:
/// `additionalProperties: false`).
#[derive(utoipa::ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileUpload {
    /// The file. Its type is sniffed from its bytes (the name and the part's content type are
    /// not trusted); its name is sanitised.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
}

/// `POST /api/dashboard/documents`: one part named `file`, with its file name, and optionally
/// `expires_at` (no other part).
#[derive(utoipa::ToSchema, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DocumentUpload {
    /// The document. Its type is sniffed from its bytes; its name is sanitised.
    #[schema(value_type = String, format = Binary)]
    file: Vec<u8>,
    /// After this time (RFC 3339, in the future) the document can no longer be downloaded.
    #[schema(value_type = Option<String>, format = DateTime)]
    expires_at: Option<String>,
}

/// The bytes of a file, with its stored content type.
#[derive(utoipa::ToSchema)]
#[schema(value_type = String, format = Binary)]
pub struct FileBytes(Vec<u8>);

/// The `Content-Length` of a request, if it sent one.
pub fn content_length(req: &HttpRequest) -> Option<u64> {
    req.headers().get(CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.trim().parse().ok())
}

/// A download: the stored bytes with their content type, as an attachment, never sniffed by
/// the browser, never compressed on the way (the length is known).
pub fn download<S>(name: &str, content_type: &str, size: u64, body: S) -> actix_web::HttpResponse
where
    S: Stream<Item = anyhow::Result<Bytes>> + 'static,
{
    let body = futures_util::StreamExt::map(body, |r| r.map_err(Box::<dyn std::error::Error>::from));
    actix_web::HttpResponse::Ok()
        .content_type(content_type.to_owned())
        .insert_header((CONTENT_DISPOSITION, sniff::content_disposition(name)))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header((CONTENT_ENCODING, "identity"))
        .no_chunking(size)
        .streaming(body)
}
