//! Timesketch's JSONL and CSV, and plaso's `json_line` and `dynamic` CSV,
//! read as Timesketch's importer reads them: `message` is the title;
//! `datetime` (ISO 8601 with or without an offset, or an epoch number),
//! else `timestamp` (epoch seconds to nanoseconds), the date; `tag` the
//! tags (plaso's `-` is none); every other column a field. A line that
//! cannot be read is skipped with a warning naming it.
//!
//! Lines itx wrote carry its own attributes (`itx_id`, `itx_date`, and on
//! the first line `itx_dataset`), so its export comes back whole.

use super::builder::{Builder, Scalar};
use super::{timestamps, Imported, Options, Report};
use crate::model::*;
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Read};

/// Columns Timesketch removes before storing a line.
const SCRUBBED: &[&str] = &["_id", "_type", "_index", "_source", "__ts_timeline_id"];

/// What becomes the event itself rather than a field.
const OWN: &[&str] = &["message", "datetime", "timestamp", "tag"];

fn text_of(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Timesketch's tag rule: a JSON list, `-` for none, words split on `,`.
fn tags_of(v: &Value) -> Vec<String> {
    match v {
        Value::Array(a) => a.iter().filter_map(text_of).collect(),
        Value::String(s) => {
            let s = s.trim();
            if s.starts_with('[') && s.ends_with(']') {
                return serde_json::from_str::<Vec<Value>>(s)
                    .map(|a| a.iter().filter_map(text_of).collect())
                    .unwrap_or_else(|_| vec![s.to_string()]);
            }
            if s == "-" {
                return Vec::new();
            }
            s.split(',').map(str::trim).filter(|t| !t.is_empty()).map(String::from).collect()
        }
        other => text_of(other).into_iter().collect(),
    }
}

/// A value as fields: nested objects flattened with dots, lists as JSON
/// text, nothing for null or empty text. Keys like `__type__` are plaso's
/// serialisation, not the event's, and are left out. A CSV cell that is a
/// whole number is one (as pandas reads it for Timesketch).
fn flatten(b: &mut Builder, key: &str, v: &Value, csv: bool, out: &mut Vec<Field>) {
    if key.rsplit('.').next().is_some_and(|k| k.starts_with("__") && k.ends_with("__")) {
        return;
    }
    let scalar = match v {
        Value::Null => return,
        Value::String(s) if s.is_empty() => return,
        Value::String(s) if csv => match s.parse::<i64>() {
            Ok(n) if n.to_string() == *s => Scalar::Int(n),
            _ => Scalar::Text(s),
        },
        Value::String(s) => Scalar::Text(s),
        Value::Bool(x) => Scalar::Bool(*x),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Scalar::Int(i),
            None => Scalar::Float(n.as_f64().unwrap_or(0.0)),
        },
        Value::Array(_) => {
            let text = v.to_string();
            out.push(b.field(key, Scalar::Text(&text)));
            return;
        }
        Value::Object(m) => {
            for (k, x) in m {
                flatten(b, &format!("{key}.{k}"), x, csv, out);
            }
            return;
        }
    };
    out.push(b.field(key, scalar));
}

/// A line's date: `datetime` if it has one, else `timestamp`.
fn date_of(m: &Map<String, Value>) -> Result<PartialDate, String> {
    match m.get("datetime").and_then(text_of) {
        Some(d) => timestamps::datetime(&d).map_err(|e| format!("datetime {e}")),
        None => match m.get("timestamp").and_then(text_of) {
            Some(t) => timestamps::epoch(&t).map_err(|e| format!("timestamp {e}")),
            None => Err("no datetime or timestamp".into()),
        },
    }
}

struct Reader<'a> {
    b: Builder,
    opts: &'a Options,
    out: Report,
    from: &'a str,
    tool: &'static str,
    /// Whether the lines are CSV (all text) rather than JSON (typed).
    csv: bool,
    /// The source every foreign line is backed by: the file itself.
    file_source: Option<SourceIx>,
}

impl Reader<'_> {
    fn skip(&mut self, line: usize, why: String) -> Result<(), String> {
        let w = format!("line {line}: {why}; skipped");
        if self.opts.strict {
            return Err(format!("{w} (--strict refuses the file at its first bad line)"));
        }
        self.out.warn(w);
        self.out.skipped += 1;
        Ok(())
    }

    fn line(&mut self, n: usize, mut m: Map<String, Value>) -> Result<(), String> {
        for k in SCRUBBED {
            // `shift_remove` keeps the other columns in their order.
            m.shift_remove(*k);
        }
        // itx's own lines were read before (see `own_items`).
        if m.contains_key("itx_id") {
            return Ok(());
        }
        let Some(message) = m.get("message").and_then(text_of) else {
            return self.skip(n, "no message".into());
        };
        let date = match date_of(&m) {
            Ok(d) => d,
            Err(why) => return self.skip(n, why),
        };
        let tags: Vec<String> = m.get("tag").map(tags_of).unwrap_or_default();
        let mut fields = Vec::with_capacity(m.len());
        for (k, v) in &m {
            if !OWN.contains(&k.as_str()) {
                flatten(&mut self.b, k, v, self.csv, &mut fields);
            }
        }
        fields.push(self.b.field("line", Scalar::Int(n as i64)));
        let source = match self.file_source {
            Some(s) => s,
            None => {
                let name = std::path::Path::new(self.from)
                    .file_name()
                    .map_or(self.from.to_string(), |f| f.to_string_lossy().into_owned());
                let s = self.b.source(&name, &format!("{} timeline {name}", self.tool));
                self.file_source = Some(s);
                s
            }
        };
        let tags: Vec<TagIx> = tags.iter().filter_map(|t| self.b.tag(t)).collect();
        let e = self.b.event(&message, date, &message);
        e.sources.push(source);
        e.tags = tags;
        e.fields = fields;
        Ok(())
    }
}

/// Whether the text is JSON lines (its first line is an object).
fn is_jsonl(head: &str) -> bool {
    head.lines()
        .find(|l| !l.trim().is_empty())
        .is_some_and(|l| l.trim_start_matches('\u{feff}').trim_start().starts_with('{'))
}

/// The lines itx wrote, as the dataset they carry: the first line's
/// `itx_dataset` (title, summary, actors, sources) and each start line's
/// `itx_event`.
fn own_items<R: Read>(input: R, from: &str) -> Result<Option<Dataset>, String> {
    let mut own = super::own::Own::default();
    for l in BufReader::new(input).split(b'\n') {
        let l = l.map_err(|e| format!("cannot be read: {e}"))?;
        let Ok(Value::Object(mut m)) = serde_json::from_slice::<Value>(&l) else {
            continue;
        };
        if let Some(Value::Object(mut d)) = m.shift_remove("itx_dataset") {
            own.actors = d.shift_remove("actors").and_then(|a| a.as_array().cloned()).unwrap_or_default();
            own.sources = d.shift_remove("sources").and_then(|a| a.as_array().cloned()).unwrap_or_default();
            own.header = d;
        }
        if let Some(e) = m.shift_remove("itx_event") {
            own.events.push(e);
        }
    }
    own.load(from)
}

/// A line parsed: its columns, or why it could not be read.
type Parsed = Result<Map<String, Value>, String>;

/// Lines sent to the builder at a time.
const BATCH: usize = 1024;

fn parse_jsonl<R: Read>(mut input: BufReader<R>, tx: &std::sync::mpsc::SyncSender<Vec<(usize, Parsed)>>) {
    let mut buf = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    for k in 1.. {
        buf.clear();
        match input.read_until(b'\n', &mut buf) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                batch.push((k, Err(format!("cannot be read ({e})"))));
                break;
            }
        }
        let line = buf.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&buf);
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        batch.push((
            k,
            match serde_json::from_slice::<Value>(line) {
                Ok(Value::Object(m)) => Ok(m),
                Ok(_) => Err("not a JSON object".into()),
                Err(e) => Err(format!("not JSON ({e})")),
            },
        ));
        if batch.len() == BATCH && tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
            return;
        }
    }
    let _ = tx.send(batch);
}

/// CSV rows as maps of their non-empty cells; the header goes first, by
/// `header_tx`, or why the file is not a Timesketch CSV.
fn parse_csv<R: Read>(
    input: BufReader<R>,
    header_tx: &std::sync::mpsc::Sender<Result<Vec<String>, String>>,
    tx: &std::sync::mpsc::SyncSender<Vec<(usize, Parsed)>>,
) {
    let mut csv = csv::ReaderBuilder::new().flexible(true).from_reader(input);
    let header: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(|h| h.trim().to_string()).collect(),
        Err(e) => {
            let _ = header_tx.send(Err(format!("not CSV: {e}")));
            return;
        }
    };
    let has = |k: &str| header.iter().any(|h| h == k);
    if !has("message") || !(has("datetime") || has("timestamp")) {
        let _ = header_tx.send(Err(format!(
            "a Timesketch CSV needs the columns `message` and `datetime` (or `timestamp`); this file's header is: {}",
            crate::store::clean::clean_line(&header.join(", "))
        )));
        return;
    }
    let _ = header_tx.send(Ok(header.clone()));
    let mut record = csv::StringRecord::new();
    let mut batch = Vec::with_capacity(BATCH);
    loop {
        let at = csv.position().line() as usize;
        let parsed = match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => Ok(header
                .iter()
                .zip(record.iter())
                .filter(|(_, v)| !v.trim().is_empty())
                .map(|(h, v)| (h.clone(), Value::String(v.to_string())))
                .collect()),
            Err(e) => Err(format!("not CSV ({e})")),
        };
        batch.push((at, parsed));
        if batch.len() == BATCH && tx.send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH))).is_err() {
            return;
        }
    }
    let _ = tx.send(batch);
}

/// Reads a timeline from what `open` gives (a file, or text), read as it
/// streams past rather than held whole: a million-line file is not kept
/// in memory beside the dataset made from it. `open` is called again for
/// a second pass over a file itx exported.
pub fn read_from<R: Read + Send>(open: impl Fn() -> std::io::Result<R>, from: &str, opts: &Options) -> Result<Imported, String> {
    let io = |e: std::io::Error| format!("cannot be read: {e}");
    let mut head = Vec::with_capacity(1 << 16);
    open().map_err(io)?.take(1 << 16).read_to_end(&mut head).map_err(io)?;
    if head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]) {
        return Err("is UTF-16 text; save it as UTF-8".into());
    }
    let head = String::from_utf8_lossy(&head);
    let jsonl = is_jsonl(&head);
    let seed = if jsonl && head.lines().next().is_some_and(|l| l.contains("\"itx_event\"")) {
        own_items(open().map_err(io)?, from)?
    } else {
        None
    };
    let plaso = head.contains("\"__container_type__\"")
        || head
            .trim_start_matches('\u{feff}')
            .starts_with("datetime,timestamp_desc,source,source_long,message,parser");
    let mut r = Reader {
        b: seed.map(Builder::from_dataset).unwrap_or_default(),
        opts,
        out: Report::default(),
        from,
        tool: if plaso { "plaso" } else { "Timesketch" },
        csv: !jsonl,
        file_source: None,
    };
    // Lines are parsed on a thread of their own while this one builds the
    // dataset from them, a batch at a time: on two cores an import takes
    // about the time of the slower half.
    let mut lines = 0usize;
    let header: Vec<String> = std::thread::scope(|scope| -> Result<Vec<String>, String> {
        // Made here, so that an early return drops the receiver and the
        // parsing thread stops at its next send.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(usize, Parsed)>>(8);
        let input = BufReader::with_capacity(1 << 20, open().map_err(io)?);
        let (htx, hrx) = std::sync::mpsc::channel();
        scope.spawn(move || {
            if jsonl {
                parse_jsonl(input, &tx)
            } else {
                parse_csv(input, &htx, &tx)
            }
        });
        let header = if jsonl {
            Vec::new()
        } else {
            hrx.recv().unwrap_or_else(|_| Err("the file could not be read".into()))?
        };
        for batch in rx.iter() {
            for (k, parsed) in batch {
                lines += 1;
                match parsed {
                    Ok(m) => r.line(k, m)?,
                    Err(why) => r.skip(k, why)?,
                }
            }
        }
        Ok(header)
    })?;
    drop(header);
    if r.b.event_count() == 0 {
        return Err(if lines == 0 {
            "the file holds no lines after its header: there is nothing to import".into()
        } else {
            format!(
                "{} could be imported; {}",
                if lines == 1 {
                    "its only line".to_string()
                } else {
                    format!("none of its {} lines", crate::text::thousands(lines))
                },
                r.out.warnings.first().cloned().unwrap_or_default()
            )
        });
    }
    if r.b.title.is_empty() {
        let name = std::path::Path::new(from)
            .file_name()
            .map_or(from.to_string(), |f| f.to_string_lossy().into_owned());
        r.b.title = format!("{} timeline {name}", r.tool);
    }
    Ok(Imported {
        dataset: r.b.finish(Origin::File(from.into())),
        report: r.out,
    })
}

pub fn read(text: &str, from: &str, opts: &Options) -> Result<Imported, String> {
    read_from(|| Ok(text.as_bytes()), from, opts)
}
