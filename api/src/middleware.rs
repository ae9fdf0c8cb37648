//! Response middleware that is not telemetry: the API-key rate-limit headers.

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};

use crate::services::api_keys::rate_limit::Quota;

/// `RateLimit-Limit`, `RateLimit-Remaining` and `RateLimit-Reset` on every answer to an API key
/// (the key's standing, noted by the organization extractor), refusals included.
pub async fn rate_limit_headers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let mut res = next.call(req).await?;
    let quota = res.request().extensions().get::<Quota>().copied();
    if let Some(q) = quota {
        let headers = res.headers_mut();
        for (name, value) in [
            ("ratelimit-limit", u64::from(q.limit)),
            ("ratelimit-remaining", u64::from(q.remaining)),
            ("ratelimit-reset", q.reset_secs),
        ] {
            headers.insert(HeaderName::from_static(name), HeaderValue::from(value));
        }
    }
    Ok(res)
}
