//! Cleaning untrusted text once, at load, so nothing from a dataset can act
//! on the terminal or hide from the reader.
//!
//! Control characters become visible Control Pictures (`␛`, `␀`, `␡`), C1
//! controls and invisible or direction-changing format characters become
//! `<U+202E>`-style marks. Marks rather than deletion: two actor names that
//! differ only by a zero-width space must look different on screen.

use std::borrow::Cow;
use std::fmt::Write;

/// Characters that change text direction or are invisible: shown as marks.
fn is_invisible_format(c: char) -> bool {
    matches!(c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
        | '\u{180B}'..='\u{180F}'
        | '\u{200B}'..='\u{200F}'
        | '\u{2028}'..='\u{202E}'
        | '\u{2060}'..='\u{206F}'
        | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
        | '\u{FFF0}'..='\u{FFFB}'
        | '\u{E0000}'..='\u{E0FFF}'
        | '\u{1D173}'..='\u{1D17A}'
    )
}

fn push_clean(out: &mut String, c: char, multiline: bool) {
    match c {
        '\n' if multiline => out.push('\n'),
        '\t' | '\n' | '\r' => out.push(' '),
        '\u{0}'..='\u{1F}' => out.push(char::from_u32(0x2400 + c as u32).unwrap_or('?')),
        '\u{7F}' => out.push('\u{2421}'),
        '\u{80}'..='\u{9F}' => {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
        c if is_invisible_format(c) => {
            let _ = write!(out, "<U+{:04X}>", c as u32);
        }
        c => out.push(c),
    }
}

fn needs_cleaning(s: &str, multiline: bool) -> bool {
    // Nearly all text is printable ASCII: a byte test settles it, and only
    // text with other bytes is decoded and looked at character by character.
    let plain = |b: u8| (0x20..0x7F).contains(&b) || (multiline && b == b'\n');
    if s.bytes().all(plain) {
        return false;
    }
    s.chars()
        .any(|c| (c.is_control() && !(multiline && c == '\n')) || is_invisible_format(c))
}

/// For one-line fields (titles, names, ids, tags, messages): TAB, CR and LF
/// become spaces so words never run together.
pub fn clean_line(s: &str) -> String {
    if !needs_cleaning(s, false) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        push_clean(&mut out, c, false);
    }
    out
}

/// For free text (summaries, quotes): line breaks are kept, CRLF becomes LF,
/// everything else as in [`clean_line`].
pub fn clean_text(s: &str) -> String {
    if !needs_cleaning(s, true) {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        push_clean(&mut out, c, true);
    }
    out
}

/// Takes ownership to avoid a copy when nothing needs cleaning, the common case.
pub fn owned_line<'a>(s: impl Into<Cow<'a, str>>) -> String {
    let s = s.into();
    if needs_cleaning(&s, false) {
        clean_line(&s)
    } else {
        s.into_owned()
    }
}

pub fn owned_text<'a>(s: impl Into<Cow<'a, str>>) -> String {
    let s = s.into();
    if needs_cleaning(&s, true) {
        clean_text(&s)
    } else {
        s.into_owned()
    }
}

/// Free text (summaries, quotes) with the blank lines and spaces around it
/// taken off: a folded YAML block (`>`) ends in a newline that no reader
/// wants at the end of a CSV cell or a JSON string.
pub fn owned_paragraphs<'a>(s: impl Into<Cow<'a, str>>) -> String {
    let t = owned_text(s);
    if t.trim().len() == t.len() {
        t
    } else {
        t.trim().to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escape_sequences_become_visible_and_inert() {
        assert_eq!(clean_line("a\x1b]0;pwned\x07b"), "a␛]0;pwned␇b");
        assert_eq!(clean_line("\x1b[2J"), "␛[2J");
        assert_eq!(clean_line("x\u{9b}31m"), "x<U+009B>31m");
        assert_eq!(clean_line("del\x7f nul\0"), "del␡ nul␀");
    }

    #[test]
    fn one_line_fields_turn_breaks_into_spaces() {
        assert_eq!(clean_line("a\tb\r\nc\nd"), "a b  c d");
        assert_eq!(clean_text("a\r\nb\tc\rd"), "a\nb c d");
    }

    #[test]
    fn invisible_and_bidi_characters_are_marked() {
        assert_eq!(clean_line("APT\u{200B}31"), "APT<U+200B>31");
        assert_eq!(clean_line("abc\u{202E}fed"), "abc<U+202E>fed");
        assert_eq!(clean_line("\u{FEFF}x\u{3164}"), "<U+FEFF>x<U+3164>");
        assert_eq!(clean_line("t\u{E0041}"), "t<U+E0041>");
        assert_ne!(clean_line("APT31"), clean_line("APT\u{200D}31"));
    }

    #[test]
    fn ordinary_text_is_untouched() {
        for s in ["Electoral Commission", "中国 国家安全部", "مرحبا", "e\u{301}", "👩💻"] {
            assert_eq!(clean_line(s), s);
        }
    }
}
