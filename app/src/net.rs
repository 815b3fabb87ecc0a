//! Addresses and networks: which peers are trusted proxies, and who the
//! client is behind them. Plain data: no HTTP framework here.

use std::fmt;
use std::net::IpAddr;

use ipnet::IpNet;

/// `TRUSTED_PROXIES`: peers whose `X-Forwarded-For` is believed, as
/// addresses or networks (`172.16.0.0/12`). Anyone else could write any
/// address into that header.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<IpNet>);

impl TrustedProxies {
    /// `;`-separated; "" trusts nobody.
    pub fn parse(raw: &str) -> Result<Self, String> {
        raw.split(';').map(str::trim).filter(|p| !p.is_empty()).map(parse_net).collect::<Result<_, _>>().map(Self)
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        // An IPv4 peer on a dual-stack socket arrives as ::ffff:a.b.c.d.
        let ip = match ip {
            IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
            v4 => v4,
        };
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client's address: the peer, or, when the peer is a trusted proxy,
    /// the nearest address in `X-Forwarded-For` that is not a trusted proxy.
    pub fn client_ip(&self, peer: Option<IpAddr>, forwarded_for: Option<&str>) -> Option<IpAddr> {
        let peer = peer?;
        if !self.contains(peer) {
            return Some(peer);
        }
        let hops: Vec<IpAddr> =
            forwarded_for.unwrap_or_default().split(',').filter_map(|hop| hop.trim().parse().ok()).collect();
        hops.iter().rev().find(|ip| !self.contains(**ip)).or(hops.first()).copied().or(Some(peer))
    }
}

/// A network, or one address (a network of one).
fn parse_net(raw: &str) -> Result<IpNet, String> {
    raw.parse::<IpNet>()
        .or_else(|_| raw.parse::<IpAddr>().map(IpNet::from))
        .map_err(|_| format!("{raw:?} is not an IP address or network"))
}

impl fmt::Display for TrustedProxies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let nets: Vec<String> = self.0.iter().map(ToString::to_string).collect();
        f.write_str(&nets.join(";"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().expect("ip")
    }

    fn trusted(raw: &str) -> TrustedProxies {
        TrustedProxies::parse(raw).expect("trusted proxies")
    }

    #[test]
    fn networks_contain_their_addresses() {
        let nets = trusted("172.16.0.0/12; 127.0.0.1 ;fd00::/8");
        assert!(nets.contains(ip("172.18.0.5")));
        assert!(!nets.contains(ip("172.32.0.1")));
        assert!(nets.contains(ip("::ffff:127.0.0.1")), "IPv4-mapped peers");
        assert!(!nets.contains(ip("127.0.0.2")));
        assert!(nets.contains(ip("fd12::1")));
        assert!(trusted("0.0.0.0/0").contains(ip("8.8.8.8")));
        assert_eq!(nets.to_string(), "172.16.0.0/12;127.0.0.1/32;fd00::/8");
        assert_eq!(trusted(""), TrustedProxies::default());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy").is_err());
    }

    #[test]
    fn forwarded_for_is_believed_only_from_trusted_peers() {
        let nets = trusted("10.0.0.0/8");
        let forged = Some("6.6.6.6, 1.2.3.4");
        assert_eq!(nets.client_ip(Some(ip("5.5.5.5")), forged), Some(ip("5.5.5.5")), "untrusted peer");
        assert_eq!(nets.client_ip(Some(ip("10.0.0.2")), forged), Some(ip("1.2.3.4")), "nearest hop");
        assert_eq!(nets.client_ip(Some(ip("10.0.0.2")), Some("1.2.3.4, 10.0.0.9")), Some(ip("1.2.3.4")));
        assert_eq!(nets.client_ip(Some(ip("10.0.0.2")), None), Some(ip("10.0.0.2")));
        assert_eq!(TrustedProxies::default().client_ip(Some(ip("10.0.0.2")), forged), Some(ip("10.0.0.2")));
    }
}
