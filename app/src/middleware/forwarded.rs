//! The client's address for the access log, through trusted proxies.

use actix_web::dev::ServiceRequest;

use crate::net::TrustedProxies;

/// For the access log: `%{client}xi`.
pub fn client_for_log(req: &ServiceRequest, trusted: &TrustedProxies) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    trusted.client_ip(peer, forwarded).map_or_else(|| "-".to_string(), |ip| ip.to_string())
}
