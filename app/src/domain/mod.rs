//! Validated input: handlers never re-check raw strings.

mod email;
mod item_id;
mod item_text;
mod list_id;
mod list_title;
pub mod text;

pub use email::{BAD_EMAIL_ERROR, Email};
pub use item_id::ItemId;
pub use item_text::{
    CONTROL_CHARACTERS_ERROR, DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, ItemText, ItemTextError, MAX_ITEM_CHARS,
    too_long_item_error,
};
pub use list_id::ListId;
pub use list_title::{
    EMPTY_TITLE_ERROR, ListTitle, ListTitleError, MAX_TITLE_CHARS, TITLE_CONTROL_CHARACTERS_ERROR, too_long_title_error,
};
pub use text::{MAX_MARKS_IN_A_ROW, STACKED_MARKS_ERROR};
