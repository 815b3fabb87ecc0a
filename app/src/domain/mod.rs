//! Validated input: handlers never re-check raw strings.

mod email;
mod item_text;
mod list_id;
pub mod text;

pub use email::{BAD_EMAIL_ERROR, Email};
pub use item_text::{
    CONTROL_CHARACTERS_ERROR, DUPLICATE_ITEM_ERROR, EMPTY_ITEM_ERROR, ItemText, ItemTextError, MAX_ITEM_CHARS,
    too_long_item_error,
};
pub use list_id::ListId;
