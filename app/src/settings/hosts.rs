//! `ALLOWED_HOSTS`: which hosts may be named in a request's `Host` header.

use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AllowedHosts {
    Any,
    Only(Vec<String>),
}

impl AllowedHosts {
    pub fn parse(raw: &str) -> Result<Self, String> {
        let hosts: Vec<String> =
            raw.split(';').map(|h| h.trim().to_ascii_lowercase()).filter(|h| !h.is_empty()).collect();
        if hosts.is_empty() {
            return Err("expected one or more host names separated by ';'".into());
        }
        if hosts.iter().any(|h| h == "*") {
            return Ok(AllowedHosts::Any);
        }
        Ok(AllowedHosts::Only(hosts))
    }

    /// `host` is the Host header without its port. A leading dot in the
    /// setting allows the domain and its subdomains, as in Django.
    pub fn allows(&self, host: &str) -> bool {
        let host = host.to_ascii_lowercase();
        match self {
            AllowedHosts::Any => true,
            AllowedHosts::Only(hosts) => hosts.iter().any(|allowed| match allowed.strip_prefix('.') {
                Some(domain) => host == domain || host.ends_with(allowed.as_str()),
                None => host == *allowed,
            }),
        }
    }
}

impl fmt::Display for AllowedHosts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AllowedHosts::Any => f.write_str("*"),
            AllowedHosts::Only(hosts) => f.write_str(&hosts.join(";")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::AllowedHosts;

    #[test]
    fn a_leading_dot_allows_subdomains() {
        let hosts = AllowedHosts::parse(".example.com; other.org").expect("hosts");
        assert!(hosts.allows("example.com"));
        assert!(hosts.allows("www.EXAMPLE.com"));
        assert!(!hosts.allows("badexample.com"));
        assert!(hosts.allows("other.org"));
        assert!(!hosts.allows("sub.other.org"));
    }

    #[test]
    fn a_star_allows_anything_and_nothing_is_refused() {
        assert_eq!(AllowedHosts::parse("a.test;*"), Ok(AllowedHosts::Any));
        assert!(AllowedHosts::parse(" ; ").is_err());
    }
}
