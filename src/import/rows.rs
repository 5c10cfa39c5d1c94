//! Timelines as rows of columns, read as they stream past: CSV (or
//! pipe-separated, as plaso's tln) with a header, or JSON lines. A `Plan`
//! says which column is the time, the title, the tags; every other column
//! is kept as a field, and each event is backed by the file itself, with
//! its line number as the field `line`. A line that cannot be read is
//! skipped with a warning naming it.
//!
//! Timesketch's JSONL and CSV, and plaso's `json_line` and `dynamic` CSV,
//! are read as Timesketch's importer reads them. Lines itx wrote carry its
//! own attributes (`itx_id`, `itx_date`, and on the first line
//! `itx_dataset`), so its export comes back whole.

use super::builder::{Builder, Scalar};
use super::plan::{technique_in, text_of, words_of, Plan};
use super::{Imported, Options, Report};
use crate::model::*;
use serde_json::{Map, Value};
use std::io::{BufRead, BufReader, Read};

/// Columns Timesketch removes before storing a line.
const SCRUBBED: &[&str] = &["_id", "_type", "_index", "_source", "__ts_timeline_id"];

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

struct Reader<'a> {
    b: Builder,
    opts: &'a Options,
    out: Report,
    from: &'a str,
    /// Which column is what; chosen from the header or the first line
    /// when not given.
    plan: Option<Plan>,
    /// Whether the lines are CSV (all text) rather than JSON (typed).
    csv: bool,
    /// The source every line is backed by: the file itself.
    file_source: Option<SourceIx>,
    /// Actors by name, each made once.
    actors: foldhash::HashMap<String, ActorIx>,
    /// Whether events are named by their line (`line-12`): always, but
    /// for itx's own export read back, whose events keep their ids.
    ids_by_line: bool,
}

impl Reader<'_> {
    fn skip(&mut self, line: usize, why: String) -> Result<(), String> {
        self.out.skip(&format!("line {line}"), &why, self.opts, "line")
    }

    fn tool(&self) -> &'static str {
        self.plan.as_ref().map_or("Timesketch", |p| p.tool)
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
        // Held apart while the row is read, so the row can use the
        // reader mutably without copying the plan each time.
        let plan = self.plan.take().unwrap_or_else(|| Plan::for_json_line(&m));
        let read = self.row(&plan, n, m);
        self.plan = Some(plan);
        read
    }

    fn row(&mut self, plan: &Plan, n: usize, m: Map<String, Value>) -> Result<(), String> {
        let Some(title) = plan.title.iter().find_map(|c| m.get(c).and_then(text_of)) else {
            let what = plan.title.join(" or ");
            return self.skip(n, format!("no {what}"));
        };
        let title = plan.title_text(&title).to_string();
        let date = match plan.date(&m) {
            Ok(d) => d,
            Err(why) => return self.skip(n, why),
        };
        let words: Vec<String> = plan.tags.iter().filter_map(|c| m.get(c)).flat_map(words_of).collect();
        let techniques: Vec<TechniqueIx> = if plan.techniques_from_tags {
            words.iter().filter_map(|w| technique_in(w)).collect()
        } else {
            Vec::new()
        };
        let summary = plan.summary.as_ref().and_then(|c| m.get(c)).and_then(text_of);
        let named: Vec<String> = plan.actors.as_ref().and_then(|c| m.get(c)).map(words_of).unwrap_or_default();
        let mut fields = Vec::with_capacity(m.len());
        for (k, v) in &m {
            if !plan.own.contains(k) {
                flatten(&mut self.b, k, v, self.csv, &mut fields);
            }
        }
        fields.push(self.b.field("line", Scalar::Int(n as i64)));
        let source = match self.file_source {
            Some(s) => s,
            None => {
                let name = file_name(self.from);
                let s = self.b.source(&name, &format!("{} timeline {name}", plan.tool));
                self.file_source = Some(s);
                s
            }
        };
        let tags: Vec<TagIx> = words.iter().filter_map(|t| self.b.tag(t)).collect();
        let mut actors = Vec::with_capacity(named.len());
        for name in named {
            let a = match self.actors.get(&name) {
                Some(&a) => a,
                None => {
                    let a = self.b.actor(&name, &name, ActorKind::Other);
                    self.actors.insert(name, a);
                    a
                }
            };
            if !actors.contains(&a) {
                actors.push(a);
            }
        }
        let e = if self.ids_by_line {
            self.b.event_at_line(n, date, &title)
        } else {
            self.b.event(&title, date, &title)
        };
        e.sources.push(source);
        e.tags = tags;
        e.actors = actors;
        e.techniques = techniques;
        e.summary = summary;
        e.fields = fields;
        Ok(())
    }
}

fn file_name(from: &str) -> String {
    std::path::Path::new(from)
        .file_name()
        .map_or(from.to_string(), |f| f.to_string_lossy().into_owned())
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
/// `header_tx`, for the reader to choose its plan.
fn parse_csv<R: Read>(
    input: BufReader<R>,
    delimiter: u8,
    header_tx: &std::sync::mpsc::Sender<Result<Vec<String>, String>>,
    tx: &std::sync::mpsc::SyncSender<Vec<(usize, Parsed)>>,
) {
    let mut csv = csv::ReaderBuilder::new().flexible(true).delimiter(delimiter).from_reader(input);
    let header: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect(),
        Err(e) => {
            let _ = header_tx.send(Err(format!("not CSV: {e}")));
            return;
        }
    };
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

/// The cell separator of a text file's first line: `|` for plaso's tln,
/// a tab for tab-separated values, else a comma.
fn delimiter(first_line: &str) -> u8 {
    if first_line.contains(',') {
        b','
    } else if first_line.contains('|') {
        b'|'
    } else if first_line.contains('\t') {
        b'\t'
    } else {
        b','
    }
}

/// Reads a timeline from what `open` gives (a file, or text), read as it
/// streams past rather than held whole: a million-line file is not kept
/// in memory beside the dataset made from it. `open` is called again for
/// a second pass over a file itx exported. `plan` says which column is
/// what; without one it is chosen from the header or the first line.
pub fn read_from<R: Read + Send>(
    open: impl Fn() -> std::io::Result<R>,
    from: &str,
    opts: &Options,
    plan: Option<Plan>,
    size_hint: Option<u64>,
) -> Result<Imported, String> {
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
    let sep = delimiter(head.lines().next().unwrap_or_default());
    let ids_by_line = seed.is_none();
    let forced = plan.is_some();
    // plaso's json_line marks its objects; any line in the head tells.
    let plan = plan.or_else(|| (jsonl && head.contains("\"__container_type__\"")).then(|| Plan::timesketch(true)));
    let mut r = Reader {
        b: seed.map(Builder::from_dataset).unwrap_or_default(),
        opts,
        out: Report::default(),
        from,
        plan,
        csv: !jsonl,
        file_source: None,
        actors: Default::default(),
        ids_by_line,
    };
    // As many events as the head's lines suggest the file holds.
    if let Some(size) = size_hint {
        let lines_in_head = head.lines().count().max(1);
        r.b.reserve_events((size as f64 / head.len().max(1) as f64 * lines_in_head as f64 * 1.05) as usize);
    }
    // Lines are parsed on a thread of their own while this one builds the
    // dataset from them, a batch at a time: on two cores an import takes
    // about the time of the slower half.
    let mut lines = 0usize;
    std::thread::scope(|scope| -> Result<(), String> {
        // Made here, so that an early return drops the receiver and the
        // parsing thread stops at its next send.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Vec<(usize, Parsed)>>(8);
        let input = BufReader::with_capacity(1 << 20, open().map_err(io)?);
        let (htx, hrx) = std::sync::mpsc::channel();
        scope.spawn(move || {
            if jsonl {
                parse_jsonl(input, &tx)
            } else {
                parse_csv(input, sep, &htx, &tx)
            }
        });
        if !jsonl {
            let header = hrx.recv().unwrap_or_else(|_| Err("the file could not be read".into()))?;
            if r.plan.is_none() {
                r.plan = Plan::for_header(&header);
            }
            match &r.plan {
                Some(p) => p.check_header(&header)?,
                None => {
                    return Err(format!(
                        "itx does not know this file's columns (its header: {}); \
                         say which is the time and which the title with --map time=COLUMN,title=COLUMN",
                        crate::text::fit(&crate::store::clean::clean_line(&header.join(", ")), 160)
                    ))
                }
            }
        }
        for batch in rx.iter() {
            for (k, parsed) in batch {
                lines += 1;
                match parsed {
                    Ok(m) => r.line(k, m)?,
                    Err(why) => r.skip(k, why)?,
                }
            }
        }
        Ok(())
    })?;
    if r.b.event_count() == 0 {
        return Err(if lines == 0 {
            "the file holds no lines after its header: there is nothing to import".into()
        } else {
            format!(
                "{} could be imported; {}{}",
                if lines == 1 {
                    "its only line".to_string()
                } else {
                    format!("none of its {} lines", crate::text::thousands(lines))
                },
                r.out.warnings.first().cloned().unwrap_or_default(),
                if forced {
                    ""
                } else {
                    " (if the columns were taken wrongly, give --map time=COLUMN,title=COLUMN)"
                }
            )
        });
    }
    if r.b.title.is_empty() {
        r.b.title = format!("{} timeline {}", r.tool(), file_name(from));
    }
    Ok(Imported {
        dataset: r.b.finish(Origin::File(from.into())),
        report: r.out,
    })
}

pub fn read(text: &str, from: &str, opts: &Options, plan: Option<Plan>) -> Result<Imported, String> {
    read_from(|| Ok(text.as_bytes()), from, opts, plan, None)
}
