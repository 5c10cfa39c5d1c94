//! The slow path of loading: when the file does not fit the typed form in
//! one go, each item is checked on its own so that every structural problem
//! (unknown key, wrong type, missing key) is reported, not only the first.

use super::diagnostic::{DocPath, Report, Seg};
use super::raw::{EventPiece, Parsed, RawActor, RawEvent, RawMilestones, RawSource, Text, DATASET_KEYS};
use super::suggest::closest;
use serde::Deserialize;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// What could be read of a file that has structural problems: the items
/// that parsed, with their index in the file, and the ids of those that did
/// not, so references to them are not reported a second time.
#[derive(Debug, Default)]
pub struct Partial<'a> {
    pub format: Option<u64>,
    pub title: Option<Text<'a>>,
    pub summary: Option<Text<'a>>,
    pub milestones: Option<RawMilestones<'a>>,
    pub actors: Vec<(usize, RawActor<'a>)>,
    pub sources: Vec<(usize, RawSource<'a>)>,
    pub events: Vec<EventPiece<'a>>,
    pub events_key_present: bool,
    pub broken_actor_ids: HashSet<String>,
    pub broken_source_ids: HashSet<String>,
}

impl<'a> From<Parsed<'a>> for Partial<'a> {
    fn from(parsed: Parsed<'a>) -> Self {
        let raw = parsed.header;
        let mut start = 0;
        let events = parsed
            .pieces
            .into_iter()
            .map(|events| {
                let piece = EventPiece {
                    start,
                    listed: None,
                    events,
                };
                start += piece.events.len();
                piece
            })
            .collect();
        Partial {
            format: Some(raw.format),
            title: Some(raw.title),
            summary: raw.summary,
            milestones: raw.milestones,
            actors: raw.actors.into_iter().enumerate().collect(),
            sources: raw.sources.into_iter().enumerate().collect(),
            events,
            events_key_present: true,
            ..Partial::default()
        }
    }
}

fn describe(v: &Value) -> &'static str {
    match v {
        Value::Null => "nothing",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "a mapping",
    }
}

/// Rewrites serde's wording into the format's: keys, the allowed list, the
/// closest key.
pub fn explain(msg: &str) -> String {
    let ticks: Vec<&str> = msg.split('`').skip(1).step_by(2).collect();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        let unknown = rest.split('`').next().unwrap_or_default();
        let allowed: Vec<&str> = ticks.iter().skip(1).copied().collect();
        let hint = closest(unknown, allowed.iter().copied())
            .map(|c| format!("; did you mean `{c}`?"))
            .unwrap_or_default();
        return format!("unknown key `{unknown}`{hint} (allowed here: {})", allowed.join(", "));
    }
    if let Some(rest) = msg.strip_prefix("missing field `") {
        return format!("missing required key `{}`", rest.split('`').next().unwrap_or_default());
    }
    if let Some(rest) = msg.strip_prefix("duplicate field `") {
        return format!("key `{}` appears twice", rest.split('`').next().unwrap_or_default());
    }
    msg.replace("invalid type: ", "wrong type: ")
}

fn convert_path(p: &serde_path_to_error::Path) -> DocPath {
    use serde_path_to_error::Segment;
    let mut out = DocPath::root();
    for seg in p.iter() {
        match seg {
            Segment::Seq { index } => out.0.push(Seg::Index(*index, None)),
            Segment::Map { key } => out.0.push(Seg::Key(key.clone())),
            Segment::Enum { variant } => out.0.push(Seg::Key(variant.clone())),
            Segment::Unknown => {}
        }
    }
    out
}

/// Removes the deepest map key on `path` from `v`, so the next attempt can
/// get past the problem and find the one after it.
fn remove_deepest_key(v: &mut Value, path: &DocPath) -> bool {
    let Some(last_key) = path.0.iter().rposition(|s| matches!(s, Seg::Key(_))) else {
        return false;
    };
    let mut cur = v;
    for seg in &path.0[..last_key] {
        cur = match (seg, cur) {
            (Seg::Key(k), Value::Object(m)) => match m.get_mut(k) {
                Some(x) => x,
                None => return false,
            },
            (Seg::Index(i, _), Value::Array(a)) => match a.get_mut(*i) {
                Some(x) => x,
                None => return false,
            },
            _ => return false,
        };
    }
    match (&path.0[last_key], cur) {
        (Seg::Key(k), Value::Object(m)) => m.remove(k).is_some(),
        _ => false,
    }
}

/// Deserialises one item, reporting each problem and retrying without the
/// offending key until it parses or cannot be repaired.
/// Items come out owning their text (deserialised from an owned copy of
/// the tree): this path only runs for files with problems.
fn lenient<T: Deserialize<'static>>(mut v: Value, at: &DocPath, report: &mut Report) -> Option<T> {
    let mut removed: Vec<String> = Vec::new();
    for _ in 0..256 {
        let err = match serde_path_to_error::deserialize::<_, T>(v.clone()) {
            Ok(t) => return Some(t),
            Err(e) => e,
        };
        let inner = convert_path(err.path());
        let msg = err.into_inner().to_string();
        let mut place = at.join(&inner);
        // An unknown key is reported at the key itself.
        if let Some(rest) = msg.strip_prefix("unknown field `") {
            let key = rest.split('`').next().unwrap_or_default().to_string();
            if !matches!(place.0.last(), Some(Seg::Key(k)) if *k == key) {
                place = place.key(&key);
            }
            report.error(place, explain(&msg));
            let mut local = inner.clone();
            if !matches!(local.0.last(), Some(Seg::Key(k)) if *k == key) {
                local = local.key(&key);
            }
            if !remove_deepest_key(&mut v, &local) {
                return None;
            }
            continue;
        }
        if let Some(rest) = msg.strip_prefix("missing field `") {
            // A required key already reported as wrong and taken out.
            if !removed.iter().any(|k| rest.starts_with(&format!("{k}`"))) {
                report.error(place, explain(&msg));
            }
            return None;
        }
        report.error(place, explain(&msg));
        if let Some(Seg::Key(k)) = inner.0.iter().rev().find(|s| matches!(s, Seg::Key(_))) {
            removed.push(k.clone());
        }
        if !remove_deepest_key(&mut v, &inner) {
            return None;
        }
    }
    None
}

fn id_of(v: &Value) -> Option<String> {
    v.get("id").and_then(|x| match x {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    })
}

fn items<T: Deserialize<'static>>(
    top: &mut Map<String, Value>,
    key: &str,
    report: &mut Report,
    broken: Option<&mut HashSet<String>>,
) -> Vec<(usize, T)> {
    let at = DocPath::root().key(key);
    let list = match top.remove(key) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(list)) => list,
        Some(other) => {
            report.error(at, format!("must be a list, found {}", describe(&other)));
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(list.len());
    let mut broken = broken;
    for (i, v) in list.into_iter().enumerate() {
        let id = id_of(&v);
        match lenient::<T>(v, &at.item(i, id.as_deref()), report) {
            Some(t) => out.push((i, t)),
            None => {
                if let (Some(set), Some(id)) = (broken.as_deref_mut(), id) {
                    set.insert(id);
                }
            }
        }
    }
    out
}

/// Checks the generic tree, reporting every structural problem, and returns
/// whatever could be read for the semantic checks.
pub fn check(value: Value, report: &mut Report) -> Partial<'static> {
    let mut top = match value {
        Value::Object(m) => m,
        Value::Null => {
            report.error(
                DocPath::root(),
                "the file holds no data (only comments or blank lines); a dataset needs `format: 1`, a `title` and `events`",
            );
            return Partial::default();
        }
        other => {
            report.error(
                DocPath::root(),
                format!(
                    "the top level must be a mapping with `format`, `title` and `events`, found {}",
                    describe(&other)
                ),
            );
            return Partial::default();
        }
    };
    let mut partial = Partial {
        events_key_present: top.contains_key("events"),
        ..Partial::default()
    };
    partial.actors = items(&mut top, "actors", report, Some(&mut partial.broken_actor_ids));
    partial.sources = items(&mut top, "sources", report, Some(&mut partial.broken_source_ids));
    let (listed, events): (Vec<usize>, Vec<RawEvent>) = items(&mut top, "events", report, None).into_iter().unzip();
    partial.events = vec![EventPiece {
        events,
        start: 0,
        listed: Some(listed),
    }];
    for key in top.keys() {
        if !DATASET_KEYS.contains(&key.as_str()) {
            let hint = closest(key, DATASET_KEYS.iter().copied())
                .map(|c| format!("; did you mean `{c}`?"))
                .unwrap_or_default();
            report.error(
                DocPath::root().key(key),
                format!("unknown key `{key}`{hint} (allowed here: {})", DATASET_KEYS.join(", ")),
            );
        }
    }
    if let Some(v) = top.remove("format") {
        partial.format = lenient::<u64>(v, &DocPath::root().key("format"), report);
    } else {
        report.error(DocPath::root(), "missing required key `format` (write `format: 1` at the top)");
    }
    match top.remove("title") {
        Some(v) => partial.title = lenient::<Text>(v, &DocPath::root().key("title"), report),
        None => report.error(DocPath::root(), "missing required key `title`"),
    }
    if let Some(v) = top.remove("summary") {
        partial.summary = lenient::<Option<Text>>(v, &DocPath::root().key("summary"), report).flatten();
    }
    if let Some(v) = top.remove("milestones") {
        partial.milestones = lenient::<Option<RawMilestones>>(v, &DocPath::root().key("milestones"), report).flatten();
    }
    if !partial.events_key_present {
        report.error(DocPath::root(), "missing required key `events`");
    }
    partial
}
