//! Logging, request ids and the request span.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, ResponseError};
use tracing::Instrument;
use tracing_subscriber::EnvFilter;

use crate::config::LogFormat;
use crate::error::ApiError;

tokio::task_local! {
    static REQUEST_ID: String;
}

/// The header carrying the request id, on every response.
pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// The id of the request being handled, if any.
pub fn current_request_id() -> Option<String> {
    REQUEST_ID.try_with(Clone::clone).ok()
}

/// Installs the global subscriber (once; later calls are ignored).
pub fn init(format: LogFormat) {
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,sea_orm=warn,actix_server=warn"));
    let builder = tracing_subscriber::fmt().with_env_filter(filter).with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Json => builder.json().flatten_event(true).try_init(),
        LogFormat::Pretty => builder.compact().try_init(),
    };
}

fn accept_incoming_id(value: &HeaderValue) -> Option<String> {
    let s = value.to_str().ok()?;
    (!s.is_empty() && s.len() <= 64 && s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
        .then(|| s.to_owned())
}

/// Middleware: gives every request an id and a span, logs its outcome, sets `X-Request-Id`, and
/// turns the framework's bare 404/405 answers under `/api` into problem+json.
pub async fn request_span(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<actix_web::body::BoxBody>, Error> {
    let request_id = req
        .headers()
        .get(REQUEST_ID_HEADER)
        .and_then(accept_incoming_id)
        .unwrap_or_else(|| uuid::Uuid::now_v7().to_string());
    let span = tracing::info_span!(
        "request",
        request_id = %request_id,
        method = %req.method(),
        path = %req.path(),
        status = tracing::field::Empty,
    );
    let started = std::time::Instant::now();
    let is_api = req.path().starts_with("/api");
    let id_for_scope = request_id.clone();
    let result = REQUEST_ID
        .scope(id_for_scope.clone(), async move {
            let res = next.call(req).await?;
            let status = res.status();
            let is_problem = res
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"application/problem+json"));
            let res = if is_api && !is_problem && (status.as_u16() == 404 || status.as_u16() == 405) {
                let err = if status.as_u16() == 404 {
                    ApiError::NotFound
                } else {
                    crate::openapi::method_not_allowed(res.request().path(), true)
                };
                let (req, _) = res.into_parts();
                ServiceResponse::new(req, err.error_response())
            } else {
                res.map_into_boxed_body()
            };
            Ok::<_, Error>(res)
        })
        .instrument(span.clone())
        .await;
    let mut res = result?;
    let status = res.status().as_u16();
    span.record("status", status);
    let elapsed_ms = started.elapsed().as_secs_f64() * 1000.0;
    span.in_scope(|| {
        if status >= 500 {
            tracing::error!(status, elapsed_ms, "request failed");
        } else {
            tracing::info!(status, elapsed_ms, "request");
        }
    });
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(HeaderName::from_static(REQUEST_ID_HEADER), v);
    }
    Ok(res)
}
