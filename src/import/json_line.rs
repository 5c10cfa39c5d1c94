//! A JSON line as the parsing thread reads it and the builder takes it:
//! each member a name's number and a small cell, every text of the line
//! in one buffer. A forensic line has twenty members; read as
//! `serde_json::Value`s with their names, that was twenty allocations
//! made on one thread and freed on the other, and twenty shared names
//! counted up and down across the two cores, per line: a third of
//! opening a million Hayabusa lines.

use super::plan::{words_in, Row};
use std::borrow::Cow;
use std::fmt::Write;

/// The member names met so far in a file, numbered in the order met.
/// Lines carry the numbers; the builder keeps the same list, sent ahead
/// of the lines that use it, and names each field once per name.
#[derive(Default)]
pub struct Names {
    list: Vec<Box<str>>,
    numbers: foldhash::HashMap<Box<str>, u32>,
    /// The last line's members' numbers, in order: the next line most
    /// likely names the same members in the same order, and comparing a
    /// name with the one expected is cheaper than looking it up.
    last: Vec<u32>,
}

impl Names {
    /// `name`'s number, numbering it if it is new.
    pub fn number(&mut self, name: &str) -> u32 {
        if let Some(&n) = self.numbers.get(name) {
            return n;
        }
        let n = self.list.len() as u32;
        self.list.push(name.into());
        self.numbers.insert(name.into(), n);
        n
    }

    /// `name`'s number, when it is the `at`th member of a line.
    fn number_at(&mut self, at: usize, name: &str) -> u32 {
        match self.last.get(at) {
            Some(&n) if *self.list[n as usize] == *name => n,
            _ => self.number(name),
        }
    }

    /// `name`'s number, if it was met.
    pub fn find(&self, name: &str) -> Option<u32> {
        self.numbers.get(name).copied()
    }

    /// The names in number order.
    pub fn list(&self) -> &[Box<str>] {
        &self.list
    }
}

/// Where a text lies in its line's buffer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    start: u32,
    end: u32,
}

/// A member's value.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Null,
    Bool(bool),
    Number(serde_json::Number),
    Text(Span),
    /// A list, as its compact JSON text.
    List(Span),
}

/// A JSON line's object: its members in the order written, each under
/// its number in the file's `Names`; a nested object's members each
/// under its dotted name (`Details.TargetUserName`), so no nested object
/// is ever built. Of a name written twice, the first is read.
#[derive(Debug, Default)]
pub struct JsonLine {
    pub members: Vec<(u32, Cell)>,
    text: String,
}

impl JsonLine {
    /// The longest line read: a line's texts are placed by 32-bit
    /// offsets, and its lists written out again may come out longer
    /// than they were written (`1e0` is `1.0`).
    pub const MAX_LEN: usize = (u32::MAX / 4) as usize;

    /// `line` read, its names numbered in `names`. Fails on anything but
    /// one JSON object (`Error::is_data` when it is JSON of another kind).
    pub fn parse(line: &[u8], names: &mut Names) -> serde_json::Result<JsonLine> {
        // Checked as UTF-8 once, rather than string by string as
        // serde_json checks bytes; a line that is not UTF-8 is read as
        // bytes, for serde_json to say where.
        match std::str::from_utf8(line) {
            Ok(text) => Self::read(serde_json::Deserializer::from_str(text), line.len(), names),
            Err(_) => Self::read(serde_json::Deserializer::from_slice(line), line.len(), names),
        }
    }

    fn read<'de, R: serde_json::de::Read<'de>>(
        mut de: serde_json::Deserializer<R>,
        len: usize,
        names: &mut Names,
    ) -> serde_json::Result<JsonLine> {
        use serde::Deserializer;
        let mut out = JsonLine {
            members: Vec::with_capacity(24),
            text: String::with_capacity(len),
        };
        // The line itself is read as a member with no name, which must be an object.
        de.deserialize_map(Member {
            names: &mut *names,
            name: &mut String::new(),
            top: true,
            out: &mut out,
        })?;
        de.end()?;
        names.last.clear();
        names.last.extend(out.members.iter().map(|&(n, _)| n));
        Ok(out)
    }

    pub fn text(&self, s: Span) -> &str {
        &self.text[s.start as usize..s.end as usize]
    }

    /// Whether a member has the name numbered `n`.
    pub fn has(&self, n: u32) -> bool {
        self.members.iter().any(|&(k, _)| k == n)
    }

    /// The text of a cell as a field keeps it: a list as its JSON text,
    /// nothing for null or empty text.
    pub fn scalar(&self, c: &Cell) -> Option<super::builder::Scalar<'_>> {
        use super::builder::Scalar;
        Some(match c {
            Cell::Null => return None,
            Cell::Bool(b) => Scalar::Bool(*b),
            Cell::Number(n) => match n.as_i64() {
                Some(i) => Scalar::Int(i),
                None => Scalar::Float(n.as_f64().unwrap_or(0.0)),
            },
            Cell::Text(s) | Cell::List(s) => match self.text(*s) {
                "" => return None,
                t => Scalar::Text(t),
            },
        })
    }

    fn push_text(&mut self, t: &str) -> Span {
        let start = self.text.len();
        self.text.push_str(t);
        self.span_from(start)
    }

    /// The text written since `start`.
    fn span_from(&self, start: usize) -> Span {
        Span {
            start: start as u32,
            end: self.text.len() as u32,
        }
    }
}

/// A line read by the plan: its members named through `names`.
pub struct JsonRow<'a> {
    pub line: &'a JsonLine,
    pub names: &'a [Box<str>],
}

impl JsonRow<'_> {
    fn member(&self, column: &str) -> Option<&Cell> {
        let names = self.names;
        let found = self
            .line
            .members
            .iter()
            .find(|(k, _)| names.get(*k as usize).is_some_and(|n| &**n == column));
        found.map(|(_, c)| c)
    }
}

impl Row for JsonRow<'_> {
    fn text(&self, column: &str) -> Option<Cow<'_, str>> {
        match self.member(column)? {
            Cell::Text(s) => Some(self.line.text(*s)).filter(|t| !t.trim().is_empty()).map(Cow::Borrowed),
            Cell::Number(n) => Some(Cow::Owned(n.to_string())),
            _ => None,
        }
    }

    /// A list's items, or a text's words (see `words_in`), or a number.
    fn words(&self, column: &str) -> Vec<String> {
        match self.member(column) {
            Some(Cell::Text(s) | Cell::List(s)) => words_in(self.line.text(*s)),
            Some(Cell::Number(n)) => vec![n.to_string()],
            _ => Vec::new(),
        }
    }
}

/// Whether a name is plaso's serialisation (`__type__`), not the event's.
pub fn is_serialisation(name: &str) -> bool {
    name.rsplit('.').next().is_some_and(|k| k.starts_with("__") && k.ends_with("__"))
}

/// A member's name, appended to the dotted name being read.
struct Name<'a>(&'a mut String);

impl<'de> serde::de::DeserializeSeed<'de> for Name<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Name<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a member's name")
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<(), E> {
        self.0.push_str(v);
        Ok(())
    }
}

/// A member's value, put in `out` under `name`; an object's members each
/// under `name.member` (the line's own, `top`, under their names), except
/// plaso's serialisation.
struct Member<'a> {
    names: &'a mut Names,
    name: &'a mut String,
    top: bool,
    out: &'a mut JsonLine,
}

impl Member<'_> {
    fn put(self, c: Cell) {
        let n = self.names.number_at(self.out.members.len(), self.name);
        self.out.members.push((n, c));
    }
}

impl<'de> serde::de::DeserializeSeed<'de> for Member<'_> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Member<'_> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        self.put(Cell::Null);
        Ok(())
    }
    fn visit_bool<E>(self, v: bool) -> Result<(), E> {
        self.put(Cell::Bool(v));
        Ok(())
    }
    fn visit_i64<E>(self, v: i64) -> Result<(), E> {
        self.put(Cell::Number(v.into()));
        Ok(())
    }
    fn visit_u64<E>(self, v: u64) -> Result<(), E> {
        self.put(Cell::Number(v.into()));
        Ok(())
    }
    fn visit_f64<E>(self, v: f64) -> Result<(), E> {
        // JSON has no infinities; as serde_json's own `Value`, null if one came.
        self.put(serde_json::Number::from_f64(v).map_or(Cell::Null, Cell::Number));
        Ok(())
    }
    fn visit_str<E>(self, v: &str) -> Result<(), E> {
        let s = self.out.push_text(v);
        self.put(Cell::Text(s));
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        // Written as serde_json writes a list, item by item, without the
        // list itself.
        let start = self.out.text.len();
        self.out.text.push('[');
        let mut first = true;
        while let Some(item) = a.next_element::<serde_json::Value>()? {
            if !first {
                self.out.text.push(',');
            }
            first = false;
            let _ = write!(self.out.text, "{item}");
        }
        self.out.text.push(']');
        let list = self.out.span_from(start);
        self.put(Cell::List(list));
        Ok(())
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut a: A) -> Result<(), A::Error> {
        if is_serialisation(self.name) {
            while a.next_entry::<serde::de::IgnoredAny, serde::de::IgnoredAny>()?.is_some() {}
            return Ok(());
        }
        let len = self.name.len();
        loop {
            self.name.truncate(len);
            if !self.top {
                self.name.push('.');
            }
            if a.next_key_seed(Name(&mut *self.name))?.is_none() {
                break;
            }
            a.next_value_seed(Member {
                names: &mut *self.names,
                name: &mut *self.name,
                top: false,
                out: &mut *self.out,
            })?;
        }
        self.name.truncate(len);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(line: &JsonLine, names: &Names) -> Vec<(String, String)> {
        let cell = |c: &Cell| match c {
            Cell::Null => "null".to_string(),
            Cell::Bool(b) => b.to_string(),
            Cell::Number(n) => n.to_string(),
            Cell::Text(s) => format!("{:?}", line.text(*s)),
            Cell::List(s) => line.text(*s).to_string(),
        };
        line.members
            .iter()
            .map(|(k, c)| (names.list()[*k as usize].to_string(), cell(c)))
            .collect()
    }

    #[test]
    fn member_names_are_numbered_once_escaped_or_not() {
        let mut names = Names::default();
        let m = JsonLine::parse(br#"{"Rule\u0054itle": "a", "RuleTitle": "b\n", "n": {"x": 1}}"#, &mut names).unwrap();
        assert_eq!(m.members.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [0, 0, 1]);
        assert_eq!(names.list(), ["RuleTitle".into(), "n.x".into()] as [Box<str>; 2]);
        let row = JsonRow {
            line: &m,
            names: names.list(),
        };
        assert_eq!(
            row.text("RuleTitle").as_deref(),
            Some("a"),
            "of a name written twice, the first is read"
        );
        assert_eq!(row.text("n.x").as_deref(), Some("1"));
        assert_eq!(names.find("n.x"), Some(1));
        assert_eq!(names.find("n"), None, "an object is not a member of its own");
        let again = JsonLine::parse(br#"{"n": {"x": 2}, "new": true}"#, &mut names).unwrap();
        assert_eq!(again.members.iter().map(|(k, _)| *k).collect::<Vec<_>>(), [1, 2]);
        assert!(
            again.has(2) && !m.has(2),
            "a line has the names it was written with, not all met so far"
        );
        assert!(JsonLine::parse(b"[1]", &mut names).unwrap_err().is_data());
        assert!(JsonLine::parse(b"{\"a\": 1} x", &mut names).is_err(), "nothing after the object");
        let bad = JsonLine::parse(b"{\"a\": \"\xff\"}", &mut names).unwrap_err();
        assert!(bad.to_string().contains("line 1 column"), "{bad}");
    }

    #[test]
    fn nested_objects_are_flattened_as_they_are_read() {
        let mut names = Names::default();
        let line = br#"{"a": {"b": {"c": 1}, "__type__": {"x": 1}, "e": [1, {"f": 2}], "g": {}}, "t": "x\"y", "n": null, "f": 1.5}"#;
        let m = JsonLine::parse(line, &mut names).unwrap();
        let s = |a: &str, b: &str| (a.to_string(), b.to_string());
        assert_eq!(
            shown(&m, &names),
            [
                s("a.b.c", "1"),
                s("a.e", r#"[1,{"f":2}]"#),
                s("t", r#""x\"y""#),
                s("n", "null"),
                s("f", "1.5")
            ],
            "plaso's serialisation and empty objects left out, lists kept whole as JSON"
        );
        assert!(JsonLine::parse(br#"{"a": {"b": }}"#, &mut names).is_err());
        // An empty name is a name: a dot still joins it to what it is in.
        let m = JsonLine::parse(br#"{"": {"a": 1}, "x": {"": {"y": 2}}}"#, &mut names).unwrap();
        assert_eq!(shown(&m, &names), [s(".a", "1"), s("x..y", "2")]);
    }

    #[test]
    fn a_cell_as_a_field_and_as_words() {
        let mut names = Names::default();
        let m = JsonLine::parse(
            br#"{"l": ["T1", "x y"], "w": "a, b", "e": "", "z": null, "n": 7, "big": 18446744073709551615, "b": false}"#,
            &mut names,
        )
        .unwrap();
        let row = JsonRow {
            line: &m,
            names: names.list(),
        };
        assert_eq!(row.words("l"), ["T1", "x y"]);
        assert_eq!(row.words("w"), ["a", "b"]);
        assert_eq!(row.words("n"), ["7"]);
        assert!(row.words("z").is_empty() && row.words("missing").is_empty());
        assert_eq!(row.text("l"), None, "a list is no time or title");
        assert_eq!(row.text("e"), None);
        let scalars: Vec<String> = m
            .members
            .iter()
            .map(|(_, c)| m.scalar(c).map_or("-".into(), |s| format!("{s:?}")))
            .collect();
        assert_eq!(
            scalars,
            [
                r#"Text("[\"T1\",\"x y\"]")"#,
                r#"Text("a, b")"#,
                "-",
                "-",
                "Int(7)",
                "Float(1.8446744073709552e19)",
                "Bool(false)"
            ]
        );
    }
}
