//! Timesketch's JSONL import format: one line per date (a span gives a
//! start and an end line), `message`, `datetime`, `timestamp_desc`, the
//! event's facts and fields as attributes Timesketch shows and filters on.
//!
//! For `itx import` each start line also carries the event as the format
//! writes it (`itx_event`), and the first line the dataset's title,
//! summary, actors and sources (`itx_dataset`): a round trip gives back
//! the dataset that went in.

use super::json;
use crate::model::{Dataset, PartialDate};
use serde_json::{json, Map, Value};

/// Attributes itx writes itself; a field of the same name goes under
/// `field.NAME` instead of overwriting one.
const OWN: &[&str] = &[
    "message",
    "datetime",
    "timestamp",
    "timestamp_desc",
    "circa",
    "summary",
    "phase",
    "actors",
    "sources",
    "tag",
    "confidence",
    "dataset",
    "attack_techniques",
    "iocs",
];

pub fn render(ds: &Dataset, events: &[usize]) -> String {
    let mut out = String::new();
    for (n, &i) in events.iter().enumerate() {
        let e = &ds.events[i];
        let desc = |end: bool| match ds.fields_of(e).find(|(k, _)| *k == "timestamp_desc") {
            // A timeline read from Timesketch keeps its own descriptions.
            Some((_, v)) if !end => v.to_string(),
            _ if end => "Event end".to_string(),
            _ if e.end().is_some() => "Event start".to_string(),
            _ => "Event date".to_string(),
        };
        let mut dates: Vec<(PartialDate, bool)> = vec![(e.date, false)];
        dates.extend(e.end().map(|d| (d, true)));
        for (date, is_end) in dates {
            let mut line = Map::new();
            line.insert("message".into(), e.title.clone().into());
            line.insert(
                "datetime".into(),
                date.start_utc().to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true).into(),
            );
            line.insert(
                "timestamp".into(),
                i64::try_from(date.start_nanos() / 1000).unwrap_or_default().into(),
            );
            line.insert("timestamp_desc".into(), desc(is_end).into());
            let facts = json!({
                "circa": e.circa,
                "summary": e.summary(),
                "phase": e.phase.map(|p| p.as_str()),
                "actors": e.actors().iter().map(|&a| ds.actor(a).name.as_str()).collect::<Vec<_>>(),
                "sources": e.sources.iter().map(|&s| ds.source(s).title.as_str()).collect::<Vec<_>>(),
                "tag": e.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>(),
                "confidence": e.confidence.map(|c| c.as_str()),
                "dataset": ds.title,
                "attack_techniques": e.technique_ids().collect::<Vec<_>>(),
                // Values as they are, so Timesketch's search finds them.
                "iocs": e.indicators().iter().map(|i| i.value.as_str()).collect::<Vec<_>>(),
            });
            if let Value::Object(f) = facts {
                line.extend(f);
            }
            for (k, v) in ds.fields_of(e) {
                if k == "timestamp_desc" {
                    continue;
                }
                let key = if OWN.contains(&k) || k.starts_with("itx_") {
                    format!("field.{k}")
                } else {
                    k.to_string()
                };
                line.insert(key, v.to_json());
            }
            line.insert("itx_id".into(), e.id.to_string().into());
            line.insert("itx_role".into(), if is_end { "end" } else { "date" }.into());
            if !is_end {
                line.insert("itx_event".into(), json::event(ds, e));
            }
            if n == 0 && !is_end {
                let mut d = json::dataset_header(ds);
                d.insert("actors".into(), json::actors(ds).into());
                d.insert("sources".into(), json::sources(ds).into());
                line.insert("itx_dataset".into(), Value::Object(d));
            }
            out.push_str(&Value::Object(line).to_string());
            out.push('\n');
        }
    }
    out
}
