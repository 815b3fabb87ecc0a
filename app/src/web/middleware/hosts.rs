//! `ALLOWED_HOSTS`: a request naming another host gets 400 (a forged Host
//! header must not reach links or caches).

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{HttpRequest, HttpResponse};

use crate::state::AppState;

/// Probes come from the orchestrator by address, not by the site's name.
fn is_probe(path: &str, url_prefix: &str) -> bool {
    let path = path.strip_prefix(url_prefix).filter(|p| p.starts_with('/')).unwrap_or(path);
    path == "/healthz" || path == "/readyz"
}

/// The host a request names, lower-case and without its port: an
/// absolute-form target's authority if it has one (RFC 9112 §3.2.2), else
/// the Host header. `None` when malformed.
pub fn request_host(req: &HttpRequest) -> Option<String> {
    let raw = match req.uri().authority() {
        Some(authority) => authority.as_str().to_string(),
        None => req.headers().get(actix_web::http::header::HOST)?.to_str().ok()?.to_string(),
    };
    host_of(&raw).map(str::to_ascii_lowercase)
}

/// `name[:port]` or `[v6][:port]` (RFC 9110 §7.2): no userinfo, a port of
/// digits only, a name of letters, digits, '.', '-' and '_'.
pub fn host_of(authority: &str) -> Option<&str> {
    let (host, port) = match authority.strip_prefix('[') {
        Some(rest) => {
            let end = rest.find(']')?;
            let v6 = &rest[..end];
            v6.parse::<std::net::Ipv6Addr>().ok()?;
            (&authority[..end + 2], &rest[end + 1..])
        }
        None => authority.split_at(authority.find(':').unwrap_or(authority.len())),
    };
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit()));
    let name_ok = host.starts_with('[')
        || !host.is_empty() && host.bytes().all(|b| b.is_ascii_alphanumeric() || b".-_".contains(&b));
    (port_ok && name_ok).then_some(host)
}

pub async fn check(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = AppState::of(req.request())?;
    let allowed = is_probe(req.path(), &state.settings.url_prefix)
        || request_host(req.request()).is_some_and(|host| state.settings.allowed_hosts.allows(&host));
    if allowed {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    log::warn!("refused Host {:?} for {}", request_host(req.request()), req.path());
    let response = HttpResponse::BadRequest()
        .content_type("text/plain; charset=utf-8")
        .body("Bad Request (400): invalid Host header");
    Ok(req.into_response(response).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::{host_of, is_probe};

    #[test]
    fn probes_are_recognised_at_the_root_and_under_the_prefix() {
        assert!(is_probe("/healthz", ""));
        assert!(is_probe("/readyz", "/staging"));
        assert!(is_probe("/staging/healthz", "/staging"));
        assert!(!is_probe("/staging/healthz", ""));
        assert!(!is_probe("/lists/healthz", "/staging"));
    }

    #[test]
    fn hosts_are_read_strictly() {
        for (authority, host) in [
            ("localhost:8000", "localhost"),
            ("example.com", "example.com"),
            ("[::1]:8000", "[::1]"),
            ("[::1]", "[::1]"),
            ("127.0.0.1:80", "127.0.0.1"),
        ] {
            assert_eq!(host_of(authority), Some(host), "{authority}");
        }
        for bad in [
            "example.com:evil",
            "example.com:",
            "user@example.com",
            "a:1:2",
            "",
            "[::1",
            "[nope]",
            "ex ample.com",
            "example.com:123456",
            "evil.com/x",
        ] {
            assert_eq!(host_of(bad), None, "{bad:?}");
        }
    }
}
