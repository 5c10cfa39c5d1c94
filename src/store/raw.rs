//! The dataset as written: serde types that mirror the file's keys. Dates,
//! ids and vocabulary words stay text here; `validate` checks them, so that
//! one bad date does not hide every other problem in the file.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::borrow::Cow;
use std::fmt;

/// A string field that also takes a YAML scalar such as `2021` or `yes`,
/// since hand-written YAML often leaves such titles and aliases unquoted.
/// Borrowed from the file's text where the parser allows (no escapes):
/// most strings in a dataset (ids, references, dates, tags) are only looked
/// at, and allocating each of them was most of the cost of a large load.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text<'a>(pub Cow<'a, str>);

impl Text<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn into_string(self) -> String {
        self.0.into_owned()
    }
}

struct TextVisitor {
    expecting: &'static str,
    bool_ok: bool,
}

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.expecting)
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_string()))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        if self.bool_ok {
            Ok(Cow::Owned(v.to_string()))
        } else {
            Err(E::invalid_type(de::Unexpected::Bool(v), &self))
        }
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Text<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor {
            expecting: "text",
            bool_ok: true,
        })
        .map(Text)
    }
}

/// A date as written: a string, or a bare year such as `date: 2021`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDate<'a>(pub Cow<'a, str>);

impl<'de: 'a, 'a> Deserialize<'de> for RawDate<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(TextVisitor {
            expecting: "a date such as 2021, 2021-08 or 2021-08-14",
            bool_ok: false,
        })
        .map(RawDate)
    }
}

/// A field's value as written: text, a number or a boolean.
#[derive(Debug, Clone, PartialEq)]
pub enum RawScalar<'a> {
    Text(Cow<'a, str>),
    Int(i64),
    Float(f64),
    Bool(bool),
}

struct ScalarVisitor;

impl<'de> Visitor<'de> for ScalarVisitor {
    type Value = RawScalar<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("text, a number or true/false (a field's value is one scalar)")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(RawScalar::Text(Cow::Borrowed(v)))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(RawScalar::Text(Cow::Owned(v.to_string())))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(RawScalar::Text(Cow::Owned(v)))
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        Ok(RawScalar::Int(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        Ok(i64::try_from(v).map_or(RawScalar::Float(v as f64), RawScalar::Int))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        Ok(RawScalar::Float(v))
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        Ok(RawScalar::Bool(v))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawScalar<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(ScalarVisitor)
    }
}

/// An event's `fields`: name and value pairs in the order written (a map
/// type would sort them, or need a dependency to keep the order).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RawFields<'a>(pub Vec<(Text<'a>, RawScalar<'a>)>);

struct FieldsVisitor;

impl<'de> Visitor<'de> for FieldsVisitor {
    type Value = RawFields<'de>;
    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a mapping of field names to values")
    }
    fn visit_map<M: de::MapAccess<'de>>(self, mut map: M) -> Result<Self::Value, M::Error> {
        let mut out = Vec::with_capacity(map.size_hint().unwrap_or(4));
        while let Some((k, v)) = map.next_entry::<Text<'de>, RawScalar<'de>>()? {
            out.push((k, v));
        }
        Ok(RawFields(out))
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for RawFields<'a> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_map(FieldsVisitor)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataset<'a> {
    pub format: u64,
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(default, borrow)]
    pub summary: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub actors: Vec<RawActor<'a>>,
    #[serde(default, borrow)]
    pub sources: Vec<RawSource<'a>>,
    #[serde(default, borrow)]
    pub milestones: Option<RawMilestones<'a>>,
    #[serde(borrow)]
    pub events: Vec<RawEvent<'a>>,
}

pub const DATASET_KEYS: &[&str] = &["format", "title", "summary", "milestones", "actors", "sources", "events"];

/// The events a dataset's figures are measured between, by id.
#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub struct RawMilestones<'a> {
    #[serde(default, borrow)]
    pub compromise: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub discovery: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub disclosure: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub attribution: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(default, borrow)]
    pub aliases: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub country: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub affiliations: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub summary: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(default, borrow)]
    pub publisher: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub url: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub published: Option<RawDate<'a>>,
    #[serde(default, borrow)]
    pub reliability: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuote<'a> {
    #[serde(borrow)]
    pub text: Text<'a>,
    #[serde(default, borrow)]
    pub by: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub source: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawIndicator<'a> {
    #[serde(rename = "type", borrow)]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub value: Text<'a>,
    #[serde(default, borrow)]
    pub note: Option<Text<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent<'a> {
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub date: RawDate<'a>,
    #[serde(default, borrow)]
    pub end: Option<RawDate<'a>>,
    #[serde(default)]
    pub circa: bool,
    #[serde(borrow)]
    pub title: Text<'a>,
    #[serde(default, borrow)]
    pub summary: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub phase: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub actors: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub sources: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub tags: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub confidence: Option<Text<'a>>,
    #[serde(default, borrow)]
    pub quotes: Vec<RawQuote<'a>>,
    #[serde(default, borrow)]
    pub techniques: Vec<Text<'a>>,
    #[serde(default, borrow)]
    pub indicators: Vec<RawIndicator<'a>>,
    #[serde(default, borrow)]
    pub fields: RawFields<'a>,
}

/// Some of a file's events, in file order: a large file's events are
/// parsed and checked in pieces, one per core, and never gathered into one
/// list of raw events (at a million events each such list was a quarter
/// of a gigabyte of fresh memory).
#[derive(Debug, Default)]
pub struct EventPiece<'a> {
    pub events: Vec<RawEvent<'a>>,
    /// The first event's index in the file's `events` list.
    pub start: usize,
    /// Each event's index in the file's list, when some items before it
    /// could not be read (the slow path skips them); else `start + k`.
    pub listed: Option<Vec<usize>>,
}

impl EventPiece<'_> {
    pub fn place(&self, k: usize) -> usize {
        self.listed.as_ref().map_or(self.start + k, |l| l[k])
    }
}

/// The file as the fast path read it: everything but the events, and the
/// events in pieces.
#[derive(Debug)]
pub struct Parsed<'a> {
    pub header: RawDataset<'a>,
    pub pieces: Vec<Vec<RawEvent<'a>>>,
}

impl<'a> Parsed<'a> {
    pub fn whole(mut header: RawDataset<'a>) -> Self {
        let events = std::mem::take(&mut header.events);
        Parsed {
            header,
            pieces: vec![events],
        }
    }
}
