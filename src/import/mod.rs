//! Reading other tools' timelines into a v1 dataset: Timesketch (JSONL or
//! CSV) and STIX 2.1 bundles. An import builds the dataset as the format's
//! JSON tree, then checks it with the loader, so it never hands out a file
//! itx would refuse.

pub mod stix;
pub mod timesketch;

use crate::model::Origin;
use crate::store::{self, Syntax};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A STIX 2.1 bundle (JSON)
    Stix,
    /// Timesketch JSONL or CSV (message, datetime, timestamp_desc, ...)
    Timesketch,
}

pub use crate::text::slug;

/// Ids made unique by a numeric suffix, in the order asked for.
#[derive(Default)]
pub struct UniqueIds(BTreeMap<String, usize>);

impl UniqueIds {
    pub fn take(&mut self, wanted: &str) -> String {
        let base = slug(wanted);
        let n = self.0.entry(base.clone()).or_insert(0);
        *n += 1;
        if *n == 1 {
            base
        } else {
            format!("{base}-{n}")
        }
    }
}

/// A dataset being assembled: items as the format's JSON objects.
#[derive(Default)]
pub struct Draft {
    pub title: String,
    pub summary: Option<String>,
    pub actors: Vec<Value>,
    pub sources: Vec<Value>,
    pub events: Vec<Value>,
}

impl Draft {
    fn into_value(self) -> Value {
        let mut m = Map::new();
        m.insert("format".into(), 1.into());
        m.insert("title".into(), self.title.into());
        if let Some(s) = self.summary {
            m.insert("summary".into(), s.into());
        }
        if !self.actors.is_empty() {
            m.insert("actors".into(), self.actors.into());
        }
        if !self.sources.is_empty() {
            m.insert("sources".into(), self.sources.into());
        }
        m.insert("events".into(), self.events.into());
        Value::Object(m)
    }

    /// The dataset as YAML, checked by the loader first.
    pub fn to_yaml(self, from: &str) -> Result<String, String> {
        let value = self.into_value();
        let json = serde_json::to_string(&value).map_err(|e| e.to_string())?;
        if let Err(e) = store::parse_text(from, &json, Syntax::Json, Origin::Bundled("import")) {
            return Err(format!("the imported dataset would not load:\n{e}"));
        }
        let yaml = serde_yaml::to_string(&value).map_err(|e| e.to_string())?;
        Ok(format!("# Imported by itx from {from}.\n{yaml}"))
    }
}

pub fn run(format: ImportFormat, text: &str, from: &str) -> Result<String, String> {
    let draft = match format {
        ImportFormat::Timesketch => timesketch::read(text, from)?,
        ImportFormat::Stix => stix::read(text, from)?,
    };
    draft.to_yaml(from)
}
