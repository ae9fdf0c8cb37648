//! The caller's IP address and user agent, for sessions and the audit trail.

use std::future::{Ready, ready};
use std::net::IpAddr;

use actix_web::dev::Payload;
use actix_web::http::header;
use actix_web::{FromRequest, HttpRequest, web};

use crate::context::ClientInfo;
use crate::error::ApiError;
use crate::state::AppState;

/// The client's address as our proxies saw it: with `hops` proxies of ours in front, the entry
/// `hops` places from the right of `X-Forwarded-For` (the rightmost is what the last proxy saw;
/// anything left of ours was written by the client and proves nothing). `None` when the header
/// is missing, too short or not an IP address.
pub fn forwarded_for(header: Option<&str>, hops: usize) -> Option<IpAddr> {
    let entries: Vec<&str> = header?.split(',').map(str::trim).collect();
    let i = entries.len().checked_sub(hops)?;
    entries.get(i)?.parse().ok()
}

/// Reads the client information of a request.
pub fn client_info(req: &HttpRequest) -> ClientInfo {
    let config = req.app_data::<web::Data<AppState>>().map(|s| (s.config.trust_proxy, s.config.trusted_proxy_hops));
    let peer = req.peer_addr().map(|a| a.ip());
    let ip = match config {
        Some((true, hops)) => {
            let header = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
            forwarded_for(header, hops).or(peer)
        }
        _ => peer,
    }
    .map(|ip| ip.to_string());
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

#[cfg(test)]
mod tests {
    use super::forwarded_for;

    #[test]
    fn only_our_proxies_are_believed() {
        let h = Some("6.6.6.6, 198.51.100.7, 10.0.0.2");
        assert_eq!(forwarded_for(h, 1).map(|i| i.to_string()).as_deref(), Some("10.0.0.2"));
        assert_eq!(forwarded_for(h, 2).map(|i| i.to_string()).as_deref(), Some("198.51.100.7"));
        assert_eq!(forwarded_for(h, 4), None);
        assert_eq!(forwarded_for(Some("not-an-ip"), 1), None);
        assert_eq!(forwarded_for(None, 1), None);
    }
}
