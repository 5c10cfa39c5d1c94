//! Timesketch's JSONL import format: one line per date (a span gives a
//! start and an end line), `message`, `datetime`, `timestamp_desc`, and the
//! rest as attributes Timesketch shows and filters on.

use crate::model::{Dataset, PartialDate};
use serde_json::json;

pub fn render(ds: &Dataset, events: &[usize]) -> String {
    let mut out = String::new();
    for &i in events {
        let e = &ds.events[i];
        let mut dates: Vec<(PartialDate, &str)> = vec![(e.date, if e.end.is_some() { "Event start" } else { "Event date" })];
        dates.extend(e.end.map(|d| (d, "Event end")));
        for (date, desc) in dates {
            let line = json!({
                "message": e.title,
                "datetime": date.start_utc().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                "timestamp_desc": desc,
                "itx_id": e.id,
                "itx_date": date.to_string(),
                "itx_precision": date.precision().as_str(),
                "circa": e.circa,
                "summary": e.summary,
                "phase": e.phase.map(|p| p.as_str()),
                "actors": e.actors.iter().map(|&a| ds.actor(a).name.as_str()).collect::<Vec<_>>(),
                "actor_ids": e.actors.iter().map(|&a| ds.actor(a).id.as_str()).collect::<Vec<_>>(),
                "sources": e.sources.iter().map(|&s| ds.source(s).id.as_str()).collect::<Vec<_>>(),
                "tag": e.tags.iter().map(|&t| ds.tag(t)).collect::<Vec<_>>(),
                "confidence": e.confidence.map(|c| c.as_str()),
                "dataset": ds.title,
            });
            out.push_str(&line.to_string());
            out.push('\n');
        }
    }
    out
}
