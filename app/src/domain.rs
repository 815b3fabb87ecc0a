//! Validated input: handlers never re-check raw strings.

/// The error messages users see; tests import them so wording lives here.
pub const EMPTY_ITEM_ERROR: &str = "You can't have an empty list item";
pub const DUPLICATE_ITEM_ERROR: &str = "You've already got this in your list";
/// Longest item text, in characters (not bytes).
pub const MAX_ITEM_CHARS: usize = 500;

pub fn too_long_item_error(chars: usize) -> String {
    format!("Items can be at most {MAX_ITEM_CHARS} characters long (this one has {chars})")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ItemTextError {
    #[error("{}", EMPTY_ITEM_ERROR)]
    Empty,
    #[error("{}", too_long_item_error(*.0))]
    TooLong(usize),
}

/// A to-do item's text: trimmed, not empty, at most [`MAX_ITEM_CHARS`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemText(String);

impl ItemText {
    pub fn parse(raw: &str) -> Result<Self, ItemTextError> {
        let text = raw.trim();
        if text.is_empty() {
            return Err(ItemTextError::Empty);
        }
        let chars = text.chars().count();
        if chars > MAX_ITEM_CHARS {
            return Err(ItemTextError::TooLong(chars));
        }
        Ok(ItemText(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A list's public id, the part of its URL that names it: 80 random bits,
/// so a list's URL is its capability and counting finds nothing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListId(String);

impl ListId {
    const RANDOM_BYTES: usize = 10;

    pub fn generate() -> Self {
        let mut bytes = [0u8; Self::RANDOM_BYTES];
        rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
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

impl std::fmt::Display for ListId {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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

    #[test]
    fn empty_and_whitespace_are_refused() {
        for raw in ["", " ", "\t\n  \r"] {
            assert_eq!(ItemText::parse(raw), Err(ItemTextError::Empty), "{raw:?}");
        }
    }

    #[test]
    fn text_is_trimmed() {
        let text = ItemText::parse("  Buy peacock feathers \n").expect("valid");
        assert_eq!(text.as_str(), "Buy peacock feathers");
    }

    #[test]
    fn limit_counts_characters_not_bytes() {
        let at_limit = "é".repeat(MAX_ITEM_CHARS);
        assert!(ItemText::parse(&at_limit).is_ok());
        let over = "x".repeat(MAX_ITEM_CHARS + 1);
        assert_eq!(ItemText::parse(&over), Err(ItemTextError::TooLong(MAX_ITEM_CHARS + 1)));
    }

    #[test]
    fn messages_are_the_contract_wording() {
        assert_eq!(ItemTextError::Empty.to_string(), "You can't have an empty list item");
        assert!(ItemTextError::TooLong(501).to_string().contains("at most 500 characters"));
    }
}
