//! The dataset as YAML in the format's own keys: what `itx import` writes
//! and `itx export --format yaml` gives (an editable copy of a bundled
//! dataset, say). Written item by item, so a million imported events never
//! sit in memory as one document tree.
//!
//! Scalars are plain only where every YAML reader (1.1 as well as 1.2)
//! reads them as the same string; everything else is double-quoted with
//! escapes, and text of several lines is a literal block. The tests put
//! arbitrary text through this and back through the loader's parsers.

use super::json;
use crate::model::Dataset;
use serde_json::Value;
use std::fmt::Write as _;
use std::io::{self, Write};

/// YAML's printable characters (the YAML 1.2 `c-printable` set, less the
/// byte order mark, which some readers take for the start of a stream).
fn printable(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | ' '..='~' | '\u{85}' | '\u{A0}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
        && c != '\u{FEFF}'
}

/// Words that YAML 1.1 readers (PyYAML, Psych, yaml.v2) take for booleans
/// or nothing: `NO` is Norway to itx and `false` to PyYAML.
const AMBIGUOUS: &[&str] = &["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/// Whether `s` can be written without quotes and read back as this very
/// string by any YAML reader, in block and in flow context alike.
pub fn plain_ok(s: &str) -> bool {
    let Some(first) = s.chars().next() else { return false };
    if s.is_ascii() {
        let b = s.as_bytes();
        return b[0].is_ascii_alphabetic()
            && b[b.len() - 1] != b' '
            && !(s.len() <= 5 && AMBIGUOUS.iter().any(|w| w.eq_ignore_ascii_case(s)))
            && b.iter()
                .all(|&c| (b' '..=b'~').contains(&c) && !matches!(c, b':' | b'#' | b',' | b'[' | b']' | b'{' | b'}'));
    }
    // Starting with a letter rules out numbers, dates, `~`, `.inf` and
    // every indicator character.
    first.is_alphabetic()
        && !s.ends_with(' ')
        && !(s.len() <= 5 && AMBIGUOUS.iter().any(|w| w.eq_ignore_ascii_case(s)))
        && s.chars().all(|c| {
            printable(c) && !c.is_control() && !matches!(c, ':' | '#' | ',' | '[' | ']' | '{' | '}' | '\u{85}' | '\u{2028}' | '\u{2029}')
        })
}

/// `s` double-quoted, with every character a reader could take otherwise
/// escaped.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    // Most text is printable ASCII with nothing to escape: copied whole.
    if s.bytes().all(|b| (b' '..=b'~').contains(&b) && b != b'"' && b != b'\\') {
        out.push_str(s);
        out.push('"');
        return out;
    }
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            '\0' => out.push_str("\\0"),
            c if (c as u32) < 0x100 && !printable(c) || c == '\u{85}' => {
                let _ = write!(out, "\\x{:02X}", c as u32);
            }
            c if !printable(c) || matches!(c, '\u{2028}' | '\u{2029}') => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A scalar for one line: plain where safe, else quoted.
pub fn scalar(s: &str) -> String {
    if plain_ok(s) {
        s.to_string()
    } else {
        quoted(s)
    }
}

/// Text of several lines as a literal block (`|-`), indented by `indent`,
/// where that reads back exactly; None where it would not.
fn literal(s: &str, indent: usize) -> Option<String> {
    let ok = s.contains('\n')
        && !s.ends_with('\n')
        && !s.starts_with('\n')
        && s.chars()
            .all(|c| printable(c) && c != '\r' && !matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}'))
        && s.lines().all(|l| !l.starts_with([' ', '\t']) && !l.ends_with([' ', '\t']));
    if !ok {
        return None;
    }
    let pad = " ".repeat(indent);
    let mut out = String::from("|-");
    for line in s.split('\n') {
        out.push('\n');
        if !line.is_empty() {
            out.push_str(&pad);
            out.push_str(line);
        }
    }
    Some(out)
}

fn is_scalar(v: &Value) -> bool {
    !matches!(v, Value::Array(_) | Value::Object(_))
}

fn scalar_value(v: &Value) -> String {
    match v {
        Value::String(s) => scalar(s),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

/// Writes the entries of a mapping at `indent`; the first one after what
/// is already on the line when `inline` (a list item's `- `).
fn mapping(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize, inline: bool) {
    let pad = " ".repeat(indent);
    for (k, (key, v)) in map.iter().enumerate() {
        if !(inline && k == 0) {
            out.push_str(&pad);
        }
        out.push_str(&scalar(key));
        out.push(':');
        match v {
            Value::String(s) => match literal(s, indent + 2) {
                Some(block) => {
                    out.push(' ');
                    out.push_str(&block);
                }
                None => {
                    out.push(' ');
                    out.push_str(&scalar(s));
                }
            },
            Value::Array(items) if items.iter().all(is_scalar) => {
                out.push_str(" [");
                for (j, item) in items.iter().enumerate() {
                    if j > 0 {
                        out.push_str(", ");
                    }
                    out.push_str(&scalar_value(item));
                }
                out.push(']');
            }
            Value::Array(items) => {
                for item in items {
                    out.push('\n');
                    list_item(out, item, indent + 2);
                }
                continue_line(out);
                continue;
            }
            Value::Object(m) if m.is_empty() => out.push_str(" {}"),
            Value::Object(m) => {
                out.push('\n');
                mapping(out, m, indent + 2, false);
                continue;
            }
            other => {
                out.push(' ');
                out.push_str(&scalar_value(other));
            }
        }
        out.push('\n');
    }
}

/// Ends a line unless it already ended.
fn continue_line(out: &mut String) {
    if !out.ends_with('\n') {
        out.push('\n');
    }
}

fn list_item(out: &mut String, item: &Value, indent: usize) {
    out.push_str(&" ".repeat(indent));
    out.push_str("- ");
    match item {
        Value::Object(m) if !m.is_empty() => {
            mapping(out, m, indent + 2, true);
            // `mapping` ended its last line; the caller adds the next.
            out.pop();
        }
        Value::String(s) => out.push_str(&scalar(s)),
        other if is_scalar(other) => out.push_str(&scalar_value(other)),
        other => out.push_str(&quoted(&other.to_string())),
    }
}

/// One top-level list (`actors:`, `events:`), an item at a time.
fn list<W: Write>(w: &mut W, key: &str, items: impl Iterator<Item = Value>) -> io::Result<()> {
    let mut items = items.peekable();
    if items.peek().is_none() {
        return Ok(());
    }
    writeln!(w, "{key}:")?;
    let mut buf = String::new();
    for item in items {
        buf.clear();
        list_item(&mut buf, &item, 2);
        buf.push('\n');
        w.write_all(buf.as_bytes())?;
    }
    Ok(())
}

/// Writes the dataset with `events` (indices, in the order to write) to
/// `w`, after a first line of comment if one is given.
pub fn write<W: Write>(w: &mut W, ds: &Dataset, events: &[usize], comment: Option<&str>) -> io::Result<()> {
    if let Some(c) = comment {
        for line in c.lines() {
            writeln!(w, "# {line}")?;
        }
    }
    let mut head = String::new();
    let mut top = json::dataset_header(ds);
    mapping(&mut head, &std::mem::take(&mut top), 0, false);
    w.write_all(head.as_bytes())?;
    list(w, "actors", json::actors(ds).into_iter())?;
    list(w, "sources", json::sources(ds).into_iter())?;
    list(w, "events", events.iter().map(|&i| json::event(ds, &ds.events[i])))
}

pub fn render(ds: &Dataset, events: &[usize]) -> String {
    let mut out = Vec::new();
    // Writing to memory cannot fail.
    let _ = write(&mut out, ds, events, None);
    String::from_utf8(out).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(yaml: &str) -> String {
        serde_yaml::from_str::<String>(yaml).unwrap_or_else(|e| panic!("{yaml:?}: {e}"))
    }

    #[test]
    fn scalars_read_back_as_the_same_string() {
        for s in [
            "plain text",
            "NO",
            "yes",
            "2021-08-14",
            "1:30",
            "0777",
            "- dash",
            "key: value",
            "a # comment",
            "[x]",
            "tab\there",
            "esc \u{1b}[2J",
            "c1 \u{9b} nel \u{85} bom \u{feff} ls \u{2028}",
            "quote \" and \\ back",
            "  leading",
            "trailing ",
            "",
            "~",
            ".inf",
            "@at",
            "émigré 中国",
        ] {
            assert_eq!(back(&scalar(s)), s, "{s:?} as {}", scalar(s));
        }
        assert_eq!(scalar("NO"), "\"NO\"", "Norway stays a country for YAML 1.1 readers");
        assert_eq!(scalar("Electoral Commission"), "Electoral Commission");
    }

    #[test]
    fn several_lines_become_a_literal_block_that_reads_back() {
        let text = "First paragraph.\n\nSecond, with: a colon # and a hash.";
        let doc = format!("k: {}\n", literal(text, 2).unwrap());
        let v: std::collections::BTreeMap<String, String> = serde_yaml::from_str(&doc).unwrap();
        assert_eq!(v["k"], text);
        assert!(literal(" indented first\nline", 2).is_none());
        assert!(literal("ends\n", 2).is_none());
    }
}
