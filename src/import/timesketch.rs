//! Timesketch's JSONL or CSV: one line per date. Lines itx wrote carry its
//! own fields (`itx_id`, `itx_date`, `actor_ids`), so a round trip keeps
//! ids and dates at their precision; other lines become events dated at
//! the second of their `datetime`.

use super::{Draft, UniqueIds};
use crate::model::{Confidence, PartialDate, Phase};
use serde_json::{json, Map, Value};

fn rows(text: &str) -> Result<Vec<Map<String, Value>>, String> {
    let first = text.lines().find(|l| !l.trim().is_empty()).unwrap_or_default();
    if first.trim_start().starts_with('{') {
        return text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.trim().is_empty())
            .map(|(n, l)| match serde_json::from_str::<Value>(l) {
                Ok(Value::Object(m)) => Ok(m),
                Ok(_) => Err(format!("line {}: not a JSON object", n + 1)),
                Err(e) => Err(format!("line {}: {e}", n + 1)),
            })
            .collect();
    }
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().map_err(|e| e.to_string())?.iter().map(String::from).collect();
    r.records()
        .map(|rec| {
            let rec = rec.map_err(|e| e.to_string())?;
            Ok(header.iter().cloned().zip(rec.iter().map(|v| Value::from(v.to_string()))).collect())
        })
        .collect()
}

fn text(m: &Map<String, Value>, key: &str) -> Option<String> {
    match m.get(key)? {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// A list field: a JSON array, or (from CSV) text split on `;` or `,`.
fn list(m: &Map<String, Value>, key: &str) -> Vec<String> {
    match m.get(key) {
        Some(Value::Array(a)) => a.iter().filter_map(|v| v.as_str().map(String::from)).collect(),
        Some(Value::String(s)) => s
            .trim_matches(|c| c == '[' || c == ']')
            .split([';', ','])
            .map(|x| x.trim().trim_matches(['"', '\'']).to_string())
            .filter(|x| !x.is_empty())
            .collect(),
        _ => Vec::new(),
    }
}

/// The date as the dataset writes it: itx's own field when present, else
/// the instant (to the second, UTC).
fn date_of(m: &Map<String, Value>) -> Result<String, String> {
    if let Some(d) = text(m, "itx_date") {
        if PartialDate::parse(&d).is_ok() {
            return Ok(d);
        }
    }
    let raw = text(m, "datetime").ok_or("a line has no datetime")?;
    let dt = chrono::DateTime::parse_from_rfc3339(raw.trim()).map_err(|e| format!("datetime {raw:?}: {e}"))?;
    Ok(dt.with_timezone(&chrono::Utc).format("%Y-%m-%dT%H:%M:%SZ").to_string())
}

pub fn read(input: &str, from: &str) -> Result<Draft, String> {
    let rows = rows(input)?;
    if rows.is_empty() {
        return Err("no timeline lines".into());
    }
    let mut draft = Draft {
        title: rows
            .iter()
            .find_map(|r| text(r, "dataset"))
            .unwrap_or_else(|| format!("Timeline imported from {from}")),
        ..Draft::default()
    };
    let mut event_ids = UniqueIds::default();
    let mut actor_ids: Vec<(String, String)> = Vec::new();
    let mut source_ids: Vec<String> = Vec::new();
    // Lines of one event (a span's start and end) share an itx_id.
    let mut order: Vec<(String, Vec<&Map<String, Value>>)> = Vec::new();
    for (n, r) in rows.iter().enumerate() {
        let key = text(r, "itx_id").unwrap_or_else(|| format!("\u{0}{n}"));
        match order.iter_mut().find(|(k, _)| *k == key) {
            Some((_, lines)) => lines.push(r),
            None => order.push((key, vec![r])),
        }
    }
    for (key, lines) in order {
        let is_end = |l: &&&Map<String, Value>| text(l, "timestamp_desc").is_some_and(|d| d.to_lowercase().contains("end"));
        let start = lines.iter().find(|l| !is_end(l)).or(lines.first()).copied().ok_or("empty group")?;
        let end = lines.iter().find(|l| is_end(l) && !std::ptr::eq(**l, start));
        let title = text(start, "message").ok_or("a line has no message")?;
        let id = if key.starts_with('\u{0}') {
            event_ids.take(&title)
        } else {
            event_ids.take(&key)
        };
        let mut e = json!({"id": id, "date": date_of(start)?, "title": title.replace('\n', " ")});
        if let Some(end) = end {
            e["end"] = date_of(end)?.into();
        }
        if start.get("circa") == Some(&Value::Bool(true)) {
            e["circa"] = true.into();
        }
        if let Some(s) = text(start, "summary") {
            e["summary"] = s.into();
        }
        if let Some(p) = text(start, "phase").filter(|p| Phase::parse(p).is_some()) {
            e["phase"] = p.into();
        }
        if let Some(c) = text(start, "confidence").filter(|c| Confidence::parse(c).is_some()) {
            e["confidence"] = c.into();
        }
        let names = list(start, "actors");
        let ids = list(start, "actor_ids");
        let actors: Vec<String> = if ids.len() == names.len() && !ids.is_empty() {
            ids.iter().zip(&names).map(|(i, n)| (super::slug(i), n.clone())).collect::<Vec<_>>()
        } else {
            names.iter().map(|n| (super::slug(n), n.clone())).collect()
        }
        .into_iter()
        .map(|(id, name)| {
            if !actor_ids.iter().any(|(a, _)| *a == id) {
                actor_ids.push((id.clone(), name));
            }
            id
        })
        .collect();
        if !actors.is_empty() {
            e["actors"] = actors.into();
        }
        let sources: Vec<String> = list(start, "sources").iter().map(|s| super::slug(s)).collect();
        for s in &sources {
            if !source_ids.contains(s) {
                source_ids.push(s.clone());
            }
        }
        if !sources.is_empty() {
            e["sources"] = sources.into();
        }
        let tags = list(start, "tag");
        if !tags.is_empty() {
            e["tags"] = tags.into();
        }
        draft.events.push(e);
    }
    draft.actors = actor_ids
        .into_iter()
        .map(|(id, name)| json!({"id": id, "name": name, "kind": "other"}))
        .collect();
    draft.sources = source_ids.into_iter().map(|id| json!({"id": id, "title": id})).collect();
    Ok(draft)
}
