//! The dataset as written: serde types that mirror the file's keys. Dates,
//! ids and vocabulary words stay text here; `validate` checks them, so that
//! one bad date does not hide every other problem in the file.

use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;
use std::fmt;

/// A string field that also takes a YAML scalar such as `2021` or `yes`,
/// since hand-written YAML often leaves such titles and aliases unquoted.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Text(pub String);

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Text, E> {
                Ok(Text(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

/// A date as written: a string, or a bare year such as `date: 2021`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RawDate(pub String);

impl<'de> Deserialize<'de> for RawDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = RawDate;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date such as 2021, 2021-08 or 2021-08-14")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<RawDate, E> {
                Ok(RawDate(v.to_string()))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawDataset {
    pub format: u64,
    pub title: Text,
    #[serde(default)]
    pub summary: Option<Text>,
    #[serde(default)]
    pub actors: Vec<RawActor>,
    #[serde(default)]
    pub sources: Vec<RawSource>,
    pub events: Vec<RawEvent>,
}

pub const DATASET_KEYS: &[&str] = &["format", "title", "summary", "actors", "sources", "events"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawActor {
    pub id: Text,
    pub name: Text,
    pub kind: Text,
    #[serde(default)]
    pub aliases: Vec<Text>,
    #[serde(default)]
    pub country: Option<Text>,
    #[serde(default)]
    pub affiliations: Vec<Text>,
    #[serde(default)]
    pub summary: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSource {
    pub id: Text,
    pub title: Text,
    #[serde(default)]
    pub publisher: Option<Text>,
    #[serde(default)]
    pub url: Option<Text>,
    #[serde(default)]
    pub published: Option<RawDate>,
    #[serde(default)]
    pub reliability: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuote {
    pub text: Text,
    #[serde(default)]
    pub by: Option<Text>,
    #[serde(default)]
    pub source: Option<Text>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub id: Text,
    pub date: RawDate,
    #[serde(default)]
    pub end: Option<RawDate>,
    #[serde(default)]
    pub circa: bool,
    pub title: Text,
    #[serde(default)]
    pub summary: Option<Text>,
    #[serde(default)]
    pub phase: Option<Text>,
    #[serde(default)]
    pub actors: Vec<Text>,
    #[serde(default)]
    pub sources: Vec<Text>,
    #[serde(default)]
    pub tags: Vec<Text>,
    #[serde(default)]
    pub confidence: Option<Text>,
    #[serde(default)]
    pub quotes: Vec<RawQuote>,
}
