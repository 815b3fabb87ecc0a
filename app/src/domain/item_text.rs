//! A to-do item's text and the messages users see about it.

use super::text::{self, STACKED_MARKS_ERROR, Unreadable};

/// The error messages users see; tests import them so wording lives here.
pub const EMPTY_ITEM_ERROR: &str = "You can't have an empty list item";
pub const DUPLICATE_ITEM_ERROR: &str = "You've already got this in your list";
pub const CONTROL_CHARACTERS_ERROR: &str = "Items can't contain control characters";
/// Longest item text, in characters (not bytes), as read (see [`text::as_read`]).
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
    #[error("{}", CONTROL_CHARACTERS_ERROR)]
    ControlCharacters,
    #[error("{}", STACKED_MARKS_ERROR)]
    StackedMarks,
}

impl From<Unreadable> for ItemTextError {
    fn from(why: Unreadable) -> Self {
        match why {
            Unreadable::ControlCharacters => ItemTextError::ControlCharacters,
            Unreadable::StackedMarks => ItemTextError::StackedMarks,
        }
    }
}

/// An item as a person reads it (normalised: see [`text::as_read`]), not
/// empty, at most [`MAX_ITEM_CHARS`]. What is stored and compared.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemText(String);

impl ItemText {
    pub fn parse(raw: &str) -> Result<Self, ItemTextError> {
        let text = text::as_read(raw)?;
        if text.is_empty() {
            return Err(ItemTextError::Empty);
        }
        let chars = text.chars().count();
        if chars > MAX_ITEM_CHARS {
            return Err(ItemTextError::TooLong(chars));
        }
        Ok(ItemText(text))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn empty_whitespace_and_invisible_items_are_refused() {
        for raw in ["", " ", "\t\n  \r", "\u{200B}\u{FEFF}"] {
            assert_eq!(ItemText::parse(raw), Err(ItemTextError::Empty), "{raw:?}");
        }
    }

    #[test]
    fn text_is_stored_as_read() {
        let text = ItemText::parse("  Buy   peacock\u{200B} feathers \n").expect("valid");
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
        assert_eq!(ItemText::parse("a\u{0}").map_err(|e| e.to_string()), Err(CONTROL_CHARACTERS_ERROR.to_string()));
    }

    proptest! {
        #[test]
        fn any_text_is_refused_or_accepted_as_read(raw in any::<String>()) {
            match ItemText::parse(&raw) {
                Ok(text) => {
                    let stored = text.as_str();
                    prop_assert!(!stored.is_empty() && stored.chars().count() <= MAX_ITEM_CHARS);
                    prop_assert_eq!(stored, stored.trim());
                    prop_assert!(!stored.chars().any(|c| c.is_control()));
                    // Parsing what is stored changes nothing.
                    let again = ItemText::parse(stored);
                    prop_assert_eq!(again.as_ref().map(ItemText::as_str), Ok(stored));
                }
                Err(ItemTextError::TooLong(n)) => prop_assert!(n > MAX_ITEM_CHARS),
                Err(_) => {}
            }
        }
    }
}
