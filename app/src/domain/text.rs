//! Text as a person reads it, for every text field: what looks the same is
//! stored the same, so "empty" and "duplicate" mean what a reader sees.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// Why a text cannot be read as a person would.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unreadable {
    /// Control characters (NUL, escape, …) have no place in a one-line
    /// field: PostgreSQL refuses NUL, and the rest are invisible or worse.
    ControlCharacters,
    /// More than [`MAX_MARKS_IN_A_ROW`] combining marks on one character.
    StackedMarks,
}

/// Unicode's stream-safe limit (UAX #15): no script needs more marks on one
/// character, and past it a "letter" is a tower drawn over its neighbours.
pub const MAX_MARKS_IN_A_ROW: usize = 30;
pub const STACKED_MARKS_ERROR: &str = "Text can't stack more than 30 accents or marks on one character";

/// Zero-width and direction-override characters: invisible, so two texts
/// that differ only by them look identical. The joiners U+200C/U+200D are
/// kept: they change how emoji sequences and several scripts render.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// Kept, but nothing to see on their own: the joiners and the variation
/// selectors only change the characters beside them.
fn shows_only_beside_others(c: char) -> bool {
    matches!(c, '\u{200C}' | '\u{200D}' | '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// NFC, invisible characters removed, runs of white space (tabs and
/// newlines too) made one space, trimmed; empty when nothing in it shows.
pub fn as_read(raw: &str) -> Result<String, Unreadable> {
    if raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(Unreadable::ControlCharacters);
    }
    let visible: String = raw.nfc().filter(|c| !is_invisible(*c)).collect();
    let mut marks = 0;
    for c in visible.chars() {
        marks = if is_combining_mark(c) { marks + 1 } else { 0 };
        if marks > MAX_MARKS_IN_A_ROW {
            return Err(Unreadable::StackedMarks);
        }
    }
    if visible.chars().all(|c| c.is_whitespace() || shows_only_beside_others(c)) {
        return Ok(String::new());
    }
    Ok(visible.split_whitespace().collect::<Vec<_>>().join(" "))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_reads_alike_is_stored_alike() {
        let composed = as_read("caf\u{E9}").expect("text");
        assert_eq!(as_read("cafe\u{301}").expect("decomposed"), composed, "NFC");
        assert_eq!(as_read("Buy  \t milk\n").expect("spaces"), "Buy milk");
        assert_eq!(as_read("Buy\u{200B} milk\u{FEFF}").expect("zero-width"), "Buy milk");
        assert_eq!(as_read("\u{202E}\u{200B} \u{2060}").expect("only invisible"), "");
        assert_eq!(as_read("\u{200D}").expect("a joiner alone"), "");
        assert_eq!(as_read(" \u{200C}\u{200D} \u{FE0F}").expect("joiners and selectors alone"), "");
        assert_eq!(as_read("👨\u{200D}👩\u{200D}👧").expect("emoji").chars().count(), 5, "joiners kept");
        assert_eq!(as_read("שלום עולם").expect("right-to-left"), "שלום עולם");
    }

    #[test]
    fn control_characters_are_refused() {
        for raw in ["a\u{0}b", "\u{1B}[31mred", "bell\u{7}", "del\u{7F}", "csi\u{9B}x"] {
            assert_eq!(as_read(raw), Err(Unreadable::ControlCharacters), "{raw:?}");
        }
    }

    #[test]
    fn marks_stack_up_to_the_stream_safe_limit() {
        // NFC folds the first mark into "á", leaving the rest as marks.
        let at_limit = format!("a{}", "\u{301}".repeat(MAX_MARKS_IN_A_ROW + 1));
        assert_eq!(as_read(&at_limit).map(|t| t.chars().count()), Ok(MAX_MARKS_IN_A_ROW + 1));
        let over = format!("a{}", "\u{301}".repeat(MAX_MARKS_IN_A_ROW + 2));
        assert_eq!(as_read(&over), Err(Unreadable::StackedMarks));
        let tower = format!("a{}", "\u{301}".repeat(500));
        assert_eq!(as_read(&tower), Err(Unreadable::StackedMarks));
        // Vietnamese and Hebrew with points: a few marks a letter, in many letters.
        for fine in ["Tiếng Việt".repeat(40), "בְּרֵאשִׁית".repeat(30), "e\u{301}".repeat(250)] {
            assert!(as_read(&fine).is_ok(), "{fine}");
        }
    }
}
