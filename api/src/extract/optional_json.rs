//! A JSON body that may be left out: absent, blank or `null` means `T::default()`; anything
//! else must be a JSON object.

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};
use futures_util::future::LocalBoxFuture;
use serde::de::DeserializeOwned;

use crate::error::ApiError;

/// An optional JSON request body.
#[derive(Debug, Clone, Default)]
pub struct OptionalJson<T>(pub T);

impl<T: DeserializeOwned + Default + 'static> FromRequest for OptionalJson<T> {
    type Error = ApiError;
    type Future = LocalBoxFuture<'static, Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, payload: &mut Payload) -> Self::Future {
        let bytes = web::Bytes::from_request(req, payload);
        let is_json = req
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .map(|v| v.split(';').next().unwrap_or("").trim().to_ascii_lowercase())
            .map(|m| m == "application/json" || m.ends_with("+json"));
        Box::pin(async move {
            let body = bytes.await.map_err(|_| ApiError::PayloadTooLarge)?;
            if body.iter().all(u8::is_ascii_whitespace) {
                return Ok(OptionalJson(T::default()));
            }
            if is_json != Some(true) {
                return Err(ApiError::UnsupportedMediaType);
            }
            let malformed = |e: serde_json::Error| ApiError::Malformed(format!("Invalid JSON body: {e}"));
            let value: serde_json::Value = serde_json::from_slice(&body).map_err(malformed)?;
            match value {
                serde_json::Value::Null => Ok(OptionalJson(T::default())),
                serde_json::Value::Object(_) => serde_json::from_value(value).map(OptionalJson).map_err(malformed),
                _ => Err(ApiError::Malformed("The body must be a JSON object.".into())),
            }
        })
    }
}
