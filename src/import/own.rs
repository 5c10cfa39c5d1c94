//! itx's own items, as its STIX and Timesketch exports carry them (each
//! item as the format writes it, in `x_itx` or `itx_event`), read back by
//! the loader itself: a round trip through either export gives back the
//! dataset that went in.

use crate::model::{Dataset, Origin};
use crate::store::{self, Syntax};
use serde_json::{Map, Value};

#[derive(Default)]
pub struct Own {
    pub header: Map<String, Value>,
    pub actors: Vec<Value>,
    pub sources: Vec<Value>,
    pub events: Vec<Value>,
}

impl Own {
    pub fn is_empty(&self) -> bool {
        self.header.is_empty() && self.actors.is_empty() && self.sources.is_empty() && self.events.is_empty()
    }

    /// The dataset these items make, checked by the loader; None when
    /// there are none.
    pub fn load(self, from: &str) -> Result<Option<Dataset>, String> {
        if self.is_empty() {
            return Ok(None);
        }
        let mut doc = self.header;
        doc.insert("format".into(), 1.into());
        doc.entry("title").or_insert_with(|| "Imported timeline".into());
        doc.insert("actors".into(), self.actors.into());
        doc.insert("sources".into(), self.sources.into());
        doc.insert("events".into(), self.events.into());
        let text = Value::Object(doc).to_string();
        match store::parse_text(from, &text, Syntax::Json, Origin::File(from.into())) {
            Ok(l) => Ok(Some(l.dataset)),
            Err(e) => Err(format!(
                "the items itx wrote into this file do not make a dataset:\n{}",
                e.errors().take(5).map(|d| d.to_string()).collect::<Vec<_>>().join("\n")
            )),
        }
    }
}
