//! An item's public id, the part of its URLs that names it within its list.

use std::fmt;

/// 16 hex digits the database draws for each item; meaningful only beside
/// the list's id, so no URL counts the site's items.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemId(String);

impl ItemId {
    const DIGITS: usize = 16;

    /// `None` for what no item can be called, so such a URL is a 404
    /// without asking the database.
    pub fn parse(raw: &str) -> Option<Self> {
        let fits = raw.len() == Self::DIGITS && raw.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'));
        fits.then(|| ItemId(raw.to_string()))
    }

    /// An id as the database drew it (and gave it back): trusted as is.
    pub fn drawn(raw: String) -> Self {
        ItemId(raw)
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ItemId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::ItemId;

    #[test]
    fn only_sixteen_lowercase_hex_digits_name_an_item() {
        assert!(ItemId::parse("0123456789abcdef").is_some());
        for raw in ["", "1", "0123456789ABCDEF", "0123456789abcdeg", "0123456789abcdef0", "../../etc/passwd0"] {
            assert_eq!(ItemId::parse(raw), None, "{raw}");
        }
    }
}
