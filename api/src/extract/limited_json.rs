//! A JSON request body read whole up to a route's own limit (`LimitedJson<LIMIT>`), for routes
//! whose bodies may be larger than the default 1 MiB (usage batches) and that read the JSON
//! themselves.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;

use crate::error::ApiError;

/// The body's bytes: sent as `application/json` (or `+json`), at most `LIMIT` bytes.
#[derive(Debug, Clone)]
pub struct LimitedJson<const LIMIT: usize>(pub web::Bytes);

impl<const LIMIT: usize> FromRequest for LimitedJson<LIMIT> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .is_some_and(|m| m == "application/json" || m.ends_with("+json"));
        let announced =
            req.headers().get(header::CONTENT_LENGTH).and_then(|v| v.to_str().ok()).and_then(|v| v.parse::<u64>().ok());
        let body = web::Payload::from_request(req, payload);
        Box::pin(async move {
            if announced.is_some_and(|n| n > LIMIT as u64) {
                return Err(ApiError::PayloadTooLarge);
            }
            if !is_json {
                return Err(ApiError::UnsupportedMediaType);
            }
            let body = body.await.map_err(|_| ApiError::Malformed("Could not read the body.".into()))?;
            match body.to_bytes_limited(LIMIT).await {
                Ok(Ok(bytes)) => Ok(LimitedJson(bytes)),
                Ok(Err(_)) => Err(ApiError::Malformed("Could not read the body.".into())),
                Err(_) => Err(ApiError::PayloadTooLarge),
            }
        })
    }
}
