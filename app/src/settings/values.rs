//! Parsers for the plain kinds of value: each takes the raw text and says
//! what it expected when it cannot use it.

use std::net::SocketAddr;
use std::str::FromStr;

pub fn boolean(raw: &str) -> Result<bool, String> {
    match raw.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(format!("expected true or false, got {raw:?}")),
    }
}

pub fn positive<T: FromStr + PartialOrd + Default>(raw: &str) -> Result<T, String> {
    match raw.trim().parse::<T>() {
        Ok(n) if n > T::default() => Ok(n),
        _ => Err(format!("expected a positive whole number, got {raw:?}")),
    }
}

/// A whole number of seconds, 0 included.
pub fn seconds(raw: &str) -> Result<std::time::Duration, String> {
    raw.trim()
        .parse::<u64>()
        .map(std::time::Duration::from_secs)
        .map_err(|_| format!("expected whole seconds, got {raw:?}"))
}

pub fn socket_address(raw: &str) -> Result<SocketAddr, String> {
    raw.trim().parse().map_err(|_| format!("expected ADDRESS:PORT such as 0.0.0.0:8000, got {raw:?}"))
}

/// An address, or "" for none (the feature it serves is off).
pub fn optional_socket_address(raw: &str) -> Result<Option<SocketAddr>, String> {
    if raw.trim().is_empty() { Ok(None) } else { socket_address(raw).map(Some) }
}

/// `SITE_URL`: the origin login links name (`https://example.com`), or ""
/// for none (links then name the request's host, if explicitly allowed).
pub fn site_url(raw: &str) -> Result<Option<String>, String> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(None);
    }
    let expected = || format!("expected http(s)://HOST[:PORT] with nothing after it, got {raw:?}");
    let url = url::Url::parse(raw).map_err(|_| expected())?;
    let plain = url.username().is_empty() && url.password().is_none();
    let bare = url.path() == "/" && url.query().is_none() && url.fragment().is_none();
    if !["http", "https"].contains(&url.scheme()) || url.host().is_none() || !plain || !bare {
        return Err(expected());
    }
    Ok(Some(url.origin().ascii_serialization()))
}

/// `STATIC_URL`: a path that starts and ends with '/'.
pub fn url_folder(raw: &str) -> Result<String, String> {
    if raw.starts_with('/') && raw.ends_with('/') {
        Ok(raw.to_string())
    } else {
        Err(format!("must start and end with '/', got {raw:?}"))
    }
}

/// `URL_PREFIX`: "" or a path such as `/staging`, kept without a trailing slash.
pub fn url_prefix(raw: &str) -> Result<String, String> {
    if raw.is_empty() || raw.starts_with('/') && !raw.contains(['?', '#', ' ']) {
        Ok(raw.trim_end_matches('/').to_string())
    } else {
        Err(format!("must be a path such as /staging, got {raw:?}"))
    }
}

pub fn text(raw: &str) -> Result<String, String> {
    Ok(raw.to_string())
}
