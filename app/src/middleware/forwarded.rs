//! `X-Forwarded-For`, believed only from the proxies in `TRUSTED_PROXIES`:
//! anyone else could write any address into it.

use std::net::IpAddr;

/// A network such as `172.16.0.0/12`, or one address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let (addr, prefix) = match raw.split_once('/') {
            Some((addr, prefix)) => (addr, Some(prefix)),
            None => (raw, None),
        };
        let addr: IpAddr = addr.trim().parse().map_err(|_| format!("{raw:?} is not an IP address or network"))?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            None => max,
            Some(p) => {
                p.trim().parse().ok().filter(|p| *p <= max).ok_or_else(|| format!("{raw:?} has a bad prefix length"))?
            }
        };
        Ok(IpNet { addr, prefix })
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                masked(u32::from(net).into(), self.prefix, 32) == masked(u32::from(ip).into(), self.prefix, 32)
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                masked(u128::from(net), self.prefix, 128) == masked(u128::from(ip), self.prefix, 128)
            }
            _ => false,
        }
    }
}

fn masked(bits: u128, prefix: u8, width: u8) -> u128 {
    if prefix == 0 { 0 } else { bits >> (width - prefix) }
}

impl std::fmt::Display for IpNet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.addr, self.prefix)
    }
}

/// The client's address: the peer, or, when the peer is a trusted proxy,
/// the nearest address in `X-Forwarded-For` that is not a trusted proxy.
pub fn client_ip(peer: Option<IpAddr>, forwarded_for: Option<&str>, trusted: &[IpNet]) -> Option<IpAddr> {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|net| net.contains(ip));
    let peer = peer?;
    if !is_trusted(peer) {
        return Some(peer);
    }
    let hops: Vec<IpAddr> =
        forwarded_for.unwrap_or_default().split(',').filter_map(|hop| hop.trim().parse().ok()).collect();
    hops.iter().rev().find(|ip| !is_trusted(**ip)).or(hops.first()).copied().or(Some(peer))
}

/// For the access log: `%{client}xi`.
pub fn client_for_log(req: &actix_web::dev::ServiceRequest, trusted: &[IpNet]) -> String {
    let peer = req.peer_addr().map(|a| a.ip());
    let forwarded = req.headers().get("x-forwarded-for").and_then(|v| v.to_str().ok());
    client_ip(peer, forwarded, trusted).map_or_else(|| "-".to_string(), |ip| ip.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    #[test]
    fn networks_contain_their_addresses() {
        let net = IpNet::parse("172.16.0.0/12").expect("net");
        assert!(net.contains(ip("172.18.0.5")));
        assert!(!net.contains(ip("172.32.0.1")));
        assert!(IpNet::parse("127.0.0.1").expect("one").contains(ip("::ffff:127.0.0.1")));
        assert!(IpNet::parse("0.0.0.0/0").expect("all").contains(ip("8.8.8.8")));
        assert!(IpNet::parse("fd00::/8").expect("v6").contains(ip("fd12::1")));
        assert!(IpNet::parse("10.0.0.0/33").is_err());
        assert!(IpNet::parse("proxy").is_err());
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_peers() {
        let trusted = [IpNet::parse("10.0.0.0/8").expect("net")];
        let forged = Some("6.6.6.6, 1.2.3.4");
        assert_eq!(client_ip(Some(ip("5.5.5.5")), forged, &trusted), Some(ip("5.5.5.5")), "untrusted peer");
        assert_eq!(client_ip(Some(ip("10.0.0.2")), forged, &trusted), Some(ip("1.2.3.4")), "nearest hop");
        assert_eq!(client_ip(Some(ip("10.0.0.2")), Some("1.2.3.4, 10.0.0.9"), &trusted), Some(ip("1.2.3.4")));
        assert_eq!(client_ip(Some(ip("10.0.0.2")), None, &trusted), Some(ip("10.0.0.2")));
        assert_eq!(client_ip(Some(ip("10.0.0.2")), forged, &[]), Some(ip("10.0.0.2")), "no trusted proxies");
    }
}
