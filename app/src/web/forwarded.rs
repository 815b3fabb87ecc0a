//! The client's address, through trusted proxies.

use std::net::IpAddr;

use actix_web::HttpRequest;
use actix_web::dev::ServiceRequest;

use crate::net::TrustedProxies;

/// Who sent `req`: the peer, or what a trusted proxy says it forwarded for.
pub fn client_ip(req: &HttpRequest, trusted: &TrustedProxies) -> Option<IpAddr> {
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    trusted.client_ip(peer, forwarded)
}

/// For the access log: `%{client}xi`.
pub fn client_for_log(req: &ServiceRequest, trusted: &TrustedProxies) -> String {
    client_ip(req.request(), trusted).map_or_else(|| "-".to_string(), |ip| ip.to_string())
}
