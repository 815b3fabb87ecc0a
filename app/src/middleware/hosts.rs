//! `ALLOWED_HOSTS`: a request naming another host gets 400 (a forged Host
//! header must not reach links or caches).

use actix_web::HttpResponse;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;

use crate::state::AppState;

/// Probes come from the orchestrator by address, not by the site's name.
fn is_probe(path: &str, url_prefix: &str) -> bool {
    let path = path.strip_prefix(url_prefix).filter(|p| p.starts_with('/')).unwrap_or(path);
    path == "/healthz" || path == "/readyz"
}

/// The host a request names, lower-case and without its port.
pub fn request_host(req: &ServiceRequest) -> Option<String> {
    let raw = req
        .headers()
        .get(actix_web::http::header::HOST)
        .and_then(|h| h.to_str().ok())
        .map(str::to_string)
        .or_else(|| req.uri().authority().map(|a| a.as_str().to_string()))?;
    Some(strip_port(&raw).to_ascii_lowercase())
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        // [::1]:8000
        return host.find(']').map_or(host, |end| &host[..=end]);
    }
    host.rsplit_once(':').map_or(host, |(name, _)| name)
}

pub async fn check(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, actix_web::Error> {
    let state = AppState::of(req.request())?;
    let allowed = is_probe(req.path(), &state.settings.url_prefix)
        || request_host(&req).is_some_and(|host| state.settings.allowed_hosts.allows(&host));
    if allowed {
        return next.call(req).await.map(ServiceResponse::map_into_left_body);
    }
    log::warn!("refused Host {:?} for {}", request_host(&req), req.path());
    let response = HttpResponse::BadRequest()
        .content_type("text/plain; charset=utf-8")
        .body("Bad Request (400): invalid Host header");
    Ok(req.into_response(response).map_into_right_body())
}

#[cfg(test)]
mod tests {
    use super::{is_probe, strip_port};

    #[test]
    fn probes_are_recognised_at_the_root_and_under_the_prefix() {
        assert!(is_probe("/healthz", ""));
        assert!(is_probe("/readyz", "/staging"));
        assert!(is_probe("/staging/healthz", "/staging"));
        assert!(!is_probe("/staging/healthz", ""));
        assert!(!is_probe("/lists/healthz", "/staging"));
    }

    #[test]
    fn ports_are_stripped_from_names_and_ipv6() {
        assert_eq!(strip_port("localhost:8000"), "localhost");
        assert_eq!(strip_port("example.com"), "example.com");
        assert_eq!(strip_port("[::1]:8000"), "[::1]");
        assert_eq!(strip_port("[::1]"), "[::1]");
    }
}
