//! Text as a person reads it, for every text field: what looks the same is
//! stored the same, so "empty" and "duplicate" mean what a reader sees.

use unicode_normalization::UnicodeNormalization;

/// Control characters (NUL, escape, …) have no place in a one-line field:
/// PostgreSQL refuses NUL, and the rest are invisible or worse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HasControlCharacters;

/// Zero-width and direction-override characters: invisible, so two texts
/// that differ only by them look identical. The joiners U+200C/U+200D are
/// kept: they change how emoji sequences and several scripts render.
fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{180E}' | '\u{200B}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{2069}' | '\u{FEFF}')
}

/// NFC, invisible characters removed, runs of white space (tabs and
/// newlines too) made one space, trimmed.
pub fn as_read(raw: &str) -> Result<String, HasControlCharacters> {
    if raw.chars().any(|c| c.is_control() && !c.is_whitespace()) {
        return Err(HasControlCharacters);
    }
    let visible: String = raw.nfc().filter(|c| !is_invisible(*c)).collect();
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
        assert_eq!(as_read("👨\u{200D}👩\u{200D}👧").expect("emoji").chars().count(), 5, "joiners kept");
        assert_eq!(as_read("שלום עולם").expect("right-to-left"), "שלום עולם");
    }

    #[test]
    fn control_characters_are_refused() {
        for raw in ["a\u{0}b", "\u{1B}[31mred", "bell\u{7}", "del\u{7F}", "csi\u{9B}x"] {
            assert_eq!(as_read(raw), Err(HasControlCharacters), "{raw:?}");
        }
    }
}
