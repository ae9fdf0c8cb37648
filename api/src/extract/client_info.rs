//! The caller's IP address and user agent, for sessions and the audit trail.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use crate::context::ClientInfo;
use crate::error::ApiError;
use crate::state::AppState;

/// Reads the client information of a request.
pub fn client_info(req: &HttpRequest) -> ClientInfo {
    let trust_proxy = req.app_data::<web::Data<AppState>>().is_some_and(|s| s.config.trust_proxy);
    let ip = if trust_proxy {
        req.connection_info().realip_remote_addr().map(str::to_owned)
    } else {
        req.peer_addr().map(|a| a.ip().to_string())
    };
    let user_agent =
        req.headers().get(header::USER_AGENT).and_then(|v| v.to_str().ok()).map(|s| s.chars().take(512).collect());
    ClientInfo { ip: ip.map(|s| s.chars().take(64).collect()), user_agent }
}

impl FromRequest for ClientInfo {
    type Error = ApiError;
    type Future = Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(Ok(client_info(req)))
    }
}
