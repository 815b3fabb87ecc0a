//! A list's public id, the part of its URL that names it.

use std::fmt;

/// 80 random bits, so a list's URL is its capability and counting finds nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListId(String);

impl ListId {
    const RANDOM_BYTES: usize = 10;

    pub fn generate() -> Self {
        let mut bytes = [0u8; Self::RANDOM_BYTES];
        rand::Rng::fill_bytes(&mut rand::rng(), &mut bytes);
        ListId(data_encoding::BASE32_NOPAD.encode(&bytes).to_ascii_lowercase())
    }

    /// `None` for what no list can be called (16 base32 characters, or the
    /// 20–32 hex digits lists made before these ids got), so such a URL is a
    /// 404 without asking the database.
    pub fn parse(raw: &str) -> Option<Self> {
        let fits = (16..=32).contains(&raw.len()) && raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
        fits.then(|| ListId(raw.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ListId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ListId;
    use proptest::prelude::*;

    #[test]
    fn list_ids_are_random_url_safe_and_parse_back() {
        let (a, b) = (ListId::generate(), ListId::generate());
        assert_ne!(a, b);
        assert_eq!(a.as_str().len(), 16);
        assert_eq!(ListId::parse(a.as_str()), Some(a));
        for raw in ["1", "0", "-1", "abc", "ABCDEFGHIJKLMNOP", "abcdefghijklmno/", &"a".repeat(33)] {
            assert_eq!(ListId::parse(raw), None, "{raw}");
        }
    }

    proptest! {
        #[test]
        fn any_path_segment_parses_or_is_refused_without_panicking(raw in "\\PC*") {
            if let Some(id) = ListId::parse(&raw) {
                prop_assert_eq!(id.as_str(), raw.as_str());
            }
        }
    }
}
