//! A list's own name, under the same text rules as an item.

use super::text::{self, STACKED_MARKS_ERROR, Unreadable};

pub const EMPTY_TITLE_ERROR: &str = "A list's title can't be empty";
pub const TITLE_CONTROL_CHARACTERS_ERROR: &str = "Titles can't contain control characters";
/// Longest title, in characters as read: a line in "My lists".
pub const MAX_TITLE_CHARS: usize = 80;

pub fn too_long_title_error(chars: usize) -> String {
    format!("Titles can be at most {MAX_TITLE_CHARS} characters long (this one has {chars})")
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ListTitleError {
    #[error("{}", EMPTY_TITLE_ERROR)]
    Empty,
    #[error("{}", too_long_title_error(*.0))]
    TooLong(usize),
    #[error("{}", TITLE_CONTROL_CHARACTERS_ERROR)]
    ControlCharacters,
    #[error("{}", STACKED_MARKS_ERROR)]
    StackedMarks,
}

impl From<Unreadable> for ListTitleError {
    fn from(why: Unreadable) -> Self {
        match why {
            Unreadable::ControlCharacters => ListTitleError::ControlCharacters,
            Unreadable::StackedMarks => ListTitleError::StackedMarks,
        }
    }
}

/// A title as a person reads it (see [`text::as_read`]), 1 to
/// [`MAX_TITLE_CHARS`] characters.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListTitle(String);

impl ListTitle {
    pub fn parse(raw: &str) -> Result<Self, ListTitleError> {
        let title = text::as_read(raw)?;
        let chars = title.chars().count();
        match chars {
            0 => Err(ListTitleError::Empty),
            n if n > MAX_TITLE_CHARS => Err(ListTitleError::TooLong(n)),
            _ => Ok(ListTitle(title)),
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_follow_the_item_rules_with_their_own_length() {
        assert_eq!(ListTitle::parse("  Groceries \t for\u{200B} May ").map(|t| t.0), Ok("Groceries for May".into()));
        assert_eq!(ListTitle::parse(" \u{FEFF}"), Err(ListTitleError::Empty));
        assert!(ListTitle::parse(&"é".repeat(MAX_TITLE_CHARS)).is_ok());
        assert_eq!(ListTitle::parse(&"x".repeat(81)), Err(ListTitleError::TooLong(81)));
        assert_eq!(ListTitle::parse("a\u{1B}b"), Err(ListTitleError::ControlCharacters));
        assert!(ListTitleError::TooLong(81).to_string().contains("at most 80 characters"));
    }
}
