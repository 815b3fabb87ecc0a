//! `check [--deploy]` and `healthcheck [--ready]`: is this process fit to run, and is
//! the one already running answering.

use std::io::{Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpStream};
use std::time::Duration;

use anyhow::{Context, bail};

use crate::settings::Settings;

pub fn check(settings: &Settings, deploy: bool) -> anyhow::Result<()> {
    let mut problems = Vec::new();
    if !settings.static_root.is_dir() {
        problems.push(format!("STATIC_ROOT {} is not a directory", settings.static_root.display()));
    }
    if deploy {
        problems.extend(settings.deploy_warnings());
    }
    if problems.is_empty() {
        println!("System check identified no issues.");
        return Ok(());
    }
    for problem in &problems {
        println!("WARNING: {problem}");
    }
    bail!("{} issue(s) found", problems.len())
}

/// GET /healthz (or /readyz) on the local server with a raw request: the
/// image has no curl.
pub fn healthcheck(settings: &Settings, ready: bool) -> anyhow::Result<()> {
    let path = if ready { "/readyz" } else { "/healthz" };
    let addr = local_address(settings.bind);
    let timeout = Duration::from_secs(3);
    let mut stream = TcpStream::connect_timeout(&addr, timeout).with_context(|| format!("cannot connect to {addr}"))?;
    stream.set_read_timeout(Some(timeout))?;
    stream.set_write_timeout(Some(timeout))?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: {addr}\r\n\r\n")?;
    let mut response = String::new();
    stream.take(4096).read_to_string(&mut response)?;
    let status_line = response.lines().next().unwrap_or_default();
    if status_line.split_whitespace().nth(1) == Some("200") { Ok(()) } else { bail!("unhealthy: {status_line:?}") }
}

/// Where to reach a server bound to `bind` from the same host.
fn local_address(bind: SocketAddr) -> SocketAddr {
    match bind.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::from((Ipv4Addr::LOCALHOST, bind.port())),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::from((Ipv6Addr::LOCALHOST, bind.port())),
        _ => bind,
    }
}

#[cfg(test)]
mod tests {
    use super::local_address;

    #[test]
    fn healthcheck_reaches_wildcard_binds_on_loopback() {
        assert_eq!(local_address("0.0.0.0:8000".parse().unwrap()).to_string(), "127.0.0.1:8000");
        assert_eq!(local_address("[::]:8000".parse().unwrap()).to_string(), "[::1]:8000");
        assert_eq!(local_address("10.1.2.3:80".parse().unwrap()).to_string(), "10.1.2.3:80");
    }
}
