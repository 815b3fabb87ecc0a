//! An email address as the site keeps it.

use super::text;

pub const BAD_EMAIL_ERROR: &str = "Enter a valid email address";
/// RFC 5321's limit on a forward path.
const MAX_EMAIL_LEN: usize = 254;

/// Trimmed, lower-case (two spellings of one inbox are one user), with one
/// `@`, a domain with a dot, and a local part of letters, digits and
/// `-._~!$&'*+=` (what a URL path carries as it is: "My lists" lives at
/// `/lists/users/<email>/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Option<Self> {
        let email = text::as_read(raw).ok()?.to_lowercase();
        let (local, domain) = email.split_once('@')?;
        let domain_ok = domain.contains('.')
            && !domain.starts_with(['.', '-'])
            && !domain.ends_with(['.', '-'])
            && domain.chars().all(|c| c.is_alphanumeric() || c == '.' || c == '-');
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && local.chars().all(|c| c.is_alphanumeric() || "-._~!$&'*+=".contains(c));
        (domain_ok && local_ok && email.len() <= MAX_EMAIL_LEN).then_some(Email(email))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::Email;
    use proptest::prelude::*;

    #[test]
    fn addresses_are_kept_trimmed_and_lower_case() {
        assert_eq!(Email::parse("  Edith@Example.COM ").map(|e| e.0), Some("edith@example.com".into()));
        assert!(Email::parse("francis+lists@mail.example.org").is_some());
        for bad in [
            "",
            "edith",
            "edith@",
            "@example.com",
            "edith@example",
            "a@b@c.d",
            "ed ith@example.com",
            "edith@exa mple.com",
            "edith@.example.com",
            "edith@example.com.",
            "e\u{0}@example.com",
            "<e>@x.com",
        ] {
            assert_eq!(Email::parse(bad), None, "{bad:?}");
        }
        assert_eq!(Email::parse(&format!("{}@example.com", "a".repeat(65))), None);
    }

    proptest! {
        #[test]
        fn any_text_parses_to_a_clean_address_or_nothing(raw in any::<String>()) {
            if let Some(email) = Email::parse(&raw) {
                prop_assert_eq!(email.as_str().matches('@').count(), 1);
                prop_assert!(!email.as_str().chars().any(char::is_whitespace));
            }
        }
    }
}
