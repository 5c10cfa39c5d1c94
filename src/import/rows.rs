//! Timelines as rows of columns, read as they stream past: CSV (or
//! pipe-separated, as plaso's tln) with a header, or JSON lines. A `Plan`
//! says which column is the time, the title, the tags; every other column
//! is kept as a field, and each event is backed by the file itself, with
//! its line number as the field `line`. A line that cannot be read is
//! skipped with a warning naming it.
//!
//! Timesketch's JSONL and CSV, and plaso's `json_line` and `dynamic` CSV,
//! are read as Timesketch's importer reads them; plaso's `json` output as
//! its `json_line`, a member a line. Lines itx wrote carry its
//! own attributes (`itx_id`, `itx_date`, and on the first line
//! `itx_dataset`), so its export comes back whole.

use super::builder::{Builder, Scalar};
use super::json_line::{is_serialisation, JsonLine, JsonRow, Names};
use super::plan::{technique_in, words_in, Plan, Row};
use super::{Imported, Options, Report};
use crate::model::*;
use serde_json::Value;
use std::borrow::Cow;
use std::io::{BufRead, BufReader, Read};
use std::sync::mpsc::SyncSender;

/// Columns Timesketch removes before storing a line.
const SCRUBBED: &[&str] = &["_id", "_type", "_index", "_source", "__ts_timeline_id"];

struct Reader<'a> {
    b: Builder,
    opts: &'a Options,
    out: Report,
    from: &'a str,
    /// Which column is what: given, or chosen from the header or the
    /// first line by the parsing thread.
    plan: Option<Plan>,
    /// The source every line is backed by: the file itself.
    file_source: Option<SourceIx>,
    /// Actors by name, each made once.
    actors: foldhash::HashMap<String, ActorIx>,
    /// Whether events are named by their line (`line-12`): always, but
    /// for itx's own export read back, whose events keep their ids.
    ids_by_line: bool,
    /// Each CSV column's field, numbered when it first has a value; and
    /// the `line` field's.
    column_fields: Vec<Option<FieldIx>>,
    line_field: Option<FieldIx>,
    /// A JSON lines file's member names by number, as the parsing
    /// thread numbered them, and what the members of each name are.
    json_names: Vec<Box<str>>,
    json_columns: Vec<JsonColumn>,
    /// A line's fields as they are read, kept between lines so that only
    /// the event's own copy is allocated.
    fields: Vec<Field>,
}

impl Reader<'_> {
    fn skip(&mut self, line: usize, why: String) -> Result<(), String> {
        self.out.skip(&format!("line {line}"), &why, self.opts, "line")
    }

    fn tool(&self) -> &'static str {
        self.plan.as_ref().map_or("Timesketch", |p| p.tool)
    }

    /// A line's event: its fields here, the rest by `event`.
    fn line(&mut self, header: &Header, n: usize, cells: Cells, date: Result<PartialDate, String>) -> Result<(), String> {
        // Held apart while the row is read, so the row can use the
        // reader mutably without copying the plan each time.
        let Some(plan) = self.plan.take() else {
            return self.skip(n, "read before its file's columns were known".into());
        };
        let mut fields = std::mem::take(&mut self.fields);
        let read = match &cells {
            Cells::Json(m) => {
                let names = std::mem::take(&mut self.json_names);
                for (k, cell) in &m.members {
                    let Some(value) = m.scalar(cell) else { continue };
                    let k = *k as usize;
                    if self.json_columns.len() <= k {
                        self.json_columns.resize(k + 1, JsonColumn::New);
                    }
                    let name = match self.json_columns[k] {
                        JsonColumn::Field(f) => f,
                        JsonColumn::NotField => continue,
                        JsonColumn::New => {
                            let n = &*names[k];
                            if plan.own.iter().any(|o| o == n) || is_serialisation(n) {
                                self.json_columns[k] = JsonColumn::NotField;
                                continue;
                            }
                            let f = self.b.field_ix(n);
                            self.json_columns[k] = JsonColumn::Field(f);
                            f
                        }
                    };
                    fields.push(self.b.field_at(name, value));
                }
                let row = JsonRow { line: m, names: &names };
                let read = self.event(&plan, n, &row, date, fields);
                self.json_names = names;
                read
            }
            Cells::Csv(record) => {
                for (i, cell) in record.iter().enumerate().take(header.names.len()) {
                    if header.own[i] || cell.trim().is_empty() {
                        continue;
                    }
                    let name = match self.column_fields[i] {
                        Some(f) => f,
                        None => *self.column_fields[i].insert(self.b.field_ix(&header.names[i])),
                    };
                    fields.push(self.b.field_at(name, csv_scalar(cell)));
                }
                let row = CsvRow { header, record };
                self.event(&plan, n, &row, date, fields)
            }
        };
        self.plan = Some(plan);
        read
    }

    fn event(
        &mut self,
        plan: &Plan,
        n: usize,
        row: &(impl Row + ?Sized),
        date: Result<PartialDate, String>,
        mut fields: Vec<Field>,
    ) -> Result<(), String> {
        let Some(title) = plan.title.iter().find_map(|c| row.text(c)) else {
            let what = plan.title.join(" or ");
            return self.skip(n, format!("no {what}"));
        };
        let title = plan.title_text(&title);
        let date = match date {
            Ok(d) => d,
            Err(why) => return self.skip(n, why),
        };
        let words: Vec<String> = plan.tags.iter().flat_map(|c| row.words(c)).collect();
        let techniques: Vec<TechniqueIx> = if plan.techniques_from_tags {
            words.iter().filter_map(|w| technique_in(w)).collect()
        } else {
            Vec::new()
        };
        let summary = plan.summary.as_ref().and_then(|c| row.text(c)).map(Cow::into_owned);
        let named: Vec<String> = plan.actors.as_ref().map(|c| row.words(c)).unwrap_or_default();
        let line = match self.line_field {
            Some(f) => f,
            None => *self.line_field.insert(self.b.field_ix("line")),
        };
        fields.push(self.b.field_at(line, Scalar::Int(n as i64)));
        // Exactly as long as it is: a million spare places of 32 bytes
        // each would be 32 MB.
        let mut own = Vec::with_capacity(fields.len());
        own.append(&mut fields);
        self.fields = fields;
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
            self.b.event_at_line(n, date, title)
        } else {
            self.b.event(title, date, title)
        };
        e.sources = Few::One(source);
        e.tags = tags.into();
        e.set_actors(actors.into());
        e.set_techniques(techniques.into());
        e.set_summary(summary.map(Text::from));
        e.fields = own.into_boxed_slice();
        Ok(())
    }
}

/// What the members of one name are to the builder: not yet met with a
/// value, the event's own (its time, title...) or plaso's serialisation,
/// or a field.
#[derive(Clone, Copy)]
enum JsonColumn {
    New,
    NotField,
    Field(FieldIx),
}

/// A CSV cell as a field: a whole number written as one (`12`, not `012`
/// or `+12`) is a number, as pandas reads it for Timesketch.
fn csv_scalar(cell: &str) -> Scalar<'_> {
    let digits = cell.strip_prefix('-').unwrap_or(cell);
    let canonical =
        !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && (digits == "0" || !digits.starts_with('0')) && cell != "-0";
    match cell.parse::<i64>() {
        Ok(n) if canonical => Scalar::Int(n),
        _ => Scalar::Text(cell),
    }
}

/// A CSV file's header: its columns' names, where each is, and which are
/// the event's own (its time, title, tags) or Timesketch's bookkeeping
/// rather than fields.
#[derive(Clone)]
struct Header {
    names: Vec<String>,
    at: foldhash::HashMap<String, usize>,
    own: Vec<bool>,
}

impl Header {
    fn new(names: Vec<String>, plan: &Plan) -> Header {
        let own = names
            .iter()
            .map(|n| plan.own.contains(n) || SCRUBBED.contains(&n.as_str()) || is_serialisation(n))
            .collect();
        // Of two columns of one name, the last is read (as Timesketch's
        // pandas keeps it).
        let at = names.iter().enumerate().map(|(i, n)| (n.clone(), i)).collect();
        Header { names, at, own }
    }

    /// No columns: a JSON lines file's.
    fn none() -> Header {
        Header {
            names: Vec::new(),
            at: Default::default(),
            own: Vec::new(),
        }
    }
}

/// A CSV record read by its header.
struct CsvRow<'a> {
    header: &'a Header,
    record: &'a csv::StringRecord,
}

impl Row for CsvRow<'_> {
    fn text(&self, column: &str) -> Option<Cow<'_, str>> {
        let cell = self.record.get(*self.header.at.get(column)?)?;
        (!cell.trim().is_empty()).then_some(Cow::Borrowed(cell))
    }

    fn words(&self, column: &str) -> Vec<String> {
        self.text(column).map(|t| words_in(&t)).unwrap_or_default()
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

/// A line's cells: a JSON object, or a CSV record read by the header.
enum Cells {
    Json(JsonLine),
    Csv(csv::StringRecord),
}

/// A line as the parsing thread leaves it: its cells and its date by the
/// plan (or why it has none), or why it could not be read.
type Parsed = Result<(Cells, Result<PartialDate, String>), String>;

/// What the parsing thread sends the builder: first the plan (and the
/// header), or why the file cannot be read; then lines, a batch at a time.
enum Sent {
    Start(Box<(Plan, Header)>),
    Refused(String),
    /// A JSON lines file's member names numbered since the last batch,
    /// sent before the lines that use them.
    Names(Vec<Box<str>>),
    Lines(Vec<(usize, Parsed)>),
}

/// Lines sent to the builder at a time.
const BATCH: usize = 1024;

/// Sends a full batch; false once the builder has stopped listening.
fn flush(batch: &mut Vec<(usize, Parsed)>, tx: &SyncSender<Sent>) -> bool {
    tx.send(Sent::Lines(std::mem::replace(batch, Vec::with_capacity(BATCH)))).is_ok()
}

/// Whether the text is plaso's `json` output: one object whose members
/// `"event_0"`, `"event_1"`... are the events.
fn is_plaso_json(head: &str) -> bool {
    head.trim_start_matches('\u{feff}').trim_start().starts_with("{\"event_0\"")
}

/// A line of plaso's `json` output as the event it holds. plaso writes `{`,
/// then each event as `"event_N": {...}` on a line of its own (after `, `
/// from the second on), then `}`: so each line is read as a JSON line, and
/// the closing `}` is none.
fn plaso_member(line: &[u8]) -> Result<Option<&[u8]>, String> {
    let l = line.trim_ascii();
    if l == b"}" {
        return Ok(None);
    }
    let l = l
        .strip_prefix(b"{")
        .or_else(|| l.strip_prefix(b","))
        .unwrap_or(l)
        .trim_ascii_start();
    let member = l.strip_prefix(b"\"event_").and_then(|rest| {
        let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
        let rest = rest[digits..].strip_prefix(b"\"")?.trim_ascii_start().strip_prefix(b":")?;
        (digits > 0).then_some(rest.trim_ascii())
    });
    member
        .map(Some)
        .ok_or_else(|| "not an event of plaso's json output (\"event_N\": {...})".into())
}

/// JSON lines, each dated here by the plan given or chosen from the first
/// object, so the builder's thread only builds. `members`: the lines are
/// plaso's `json` output (see `plaso_member`).
fn parse_jsonl<R: Read>(mut input: BufReader<R>, mut plan: Option<Plan>, members: bool, tx: &SyncSender<Sent>) {
    let mut buf = Vec::new();
    let mut names = Names::default();
    // How many names the builder has; and whether each is one Timesketch
    // scrubs, by number.
    let mut sent = 0;
    let mut scrubbed: Vec<bool> = Vec::new();
    let mut batch = Vec::with_capacity(BATCH);
    // The plan, once the first object has been read.
    let mut chosen: Option<Plan> = None;
    // A batch, after the names its lines use that the builder lacks.
    let mut send = |batch: &mut Vec<(usize, Parsed)>, names: &Names| {
        let new = &names.list()[sent..];
        sent = names.list().len();
        (new.is_empty() || tx.send(Sent::Names(new.to_vec())).is_ok()) && flush(batch, tx)
    };
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
        let line = match members.then(|| plaso_member(line)) {
            None => line,
            Some(Ok(Some(event))) => event,
            Some(Ok(None)) => continue,
            Some(Err(why)) => {
                batch.push((k, Err(why)));
                continue;
            }
        };
        if line.len() > JsonLine::MAX_LEN {
            batch.push((
                k,
                Err(format!(
                    "is {} MB long, over the {} MB a line may be",
                    line.len() / 1_000_000,
                    JsonLine::MAX_LEN / 1_000_000
                )),
            ));
            continue;
        }
        let mut m = match JsonLine::parse(line, &mut names) {
            Ok(m) => m,
            // JSON, but not an object.
            Err(e) if e.is_data() => {
                batch.push((k, Err("not a JSON object".into())));
                continue;
            }
            Err(e) => {
                batch.push((k, Err(format!("not JSON ({e})"))));
                continue;
            }
        };
        scrubbed.extend(names.list()[scrubbed.len()..].iter().map(|n| SCRUBBED.contains(&&**n)));
        m.members.retain(|(n, _)| !scrubbed[*n as usize]);
        // itx's own lines were read before (see `own_items`).
        if names.find("itx_id").is_some_and(|id| m.has(id)) {
            continue;
        }
        let row = JsonRow {
            line: &m,
            names: names.list(),
        };
        let p = match &chosen {
            Some(p) => p,
            None => {
                let p = plan
                    .take()
                    .unwrap_or_else(|| Plan::for_json_line(|k| names.find(k).is_some_and(|n| m.has(n))));
                // The lines that could not be read go first, then the plan.
                if !send(&mut batch, &names) || tx.send(Sent::Start(Box::new((p.clone(), Header::none())))).is_err() {
                    return;
                }
                chosen.insert(p)
            }
        };
        let date = p.date(&row);
        batch.push((k, Ok((Cells::Json(m), date))));
        if batch.len() == BATCH && !send(&mut batch, &names) {
            return;
        }
    }
    send(&mut batch, &names);
}

/// CSV rows, each dated here; first the header decides the plan, unless
/// one was given.
fn parse_csv<R: Read>(input: BufReader<R>, delimiter: u8, plan: Option<Plan>, tx: &SyncSender<Sent>) {
    let mut csv = csv::ReaderBuilder::new().flexible(true).delimiter(delimiter).from_reader(input);
    let names: Vec<String> = match csv.headers() {
        Ok(h) => h.iter().map(|h| h.trim().trim_start_matches('\u{feff}').to_string()).collect(),
        Err(e) => {
            let _ = tx.send(Sent::Refused(format!("not CSV: {e}")));
            return;
        }
    };
    let Some(plan) = plan.or_else(|| Plan::for_header(&names)) else {
        let _ = tx.send(Sent::Refused(format!(
            "itx does not know this file's columns (its header: {}); \
             say which is the time and which the title with --map time=COLUMN,title=COLUMN",
            crate::text::fit(&crate::store::clean::clean_line(&names.join(", ")), 160)
        )));
        return;
    };
    if let Err(why) = plan.check_header(&names) {
        let _ = tx.send(Sent::Refused(why));
        return;
    }
    let header = Header::new(names, &plan);
    // The builder reads rows by its own copy of the header.
    if tx.send(Sent::Start(Box::new((plan.clone(), header.clone())))).is_err() {
        return;
    }
    let mut batch = Vec::with_capacity(BATCH);
    let mut room = 0;
    loop {
        let at = csv.position().line() as usize;
        // Each record is sent away, so each is new: made as large as the
        // last one was, it seldom grows while read.
        let mut record = csv::StringRecord::with_capacity(room, header.names.len());
        let parsed = match csv.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {
                room = record.as_slice().len() + 64;
                let date = plan.date(&CsvRow {
                    header: &header,
                    record: &record,
                });
                Ok((Cells::Csv(record), date))
            }
            Err(e) => Err(format!("not CSV ({e})")),
        };
        batch.push((at, parsed));
        if batch.len() == BATCH && !flush(&mut batch, tx) {
            return;
        }
    }
    let _ = tx.send(Sent::Lines(batch));
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
    let members = is_plaso_json(&head);
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
        plan: None,
        file_source: None,
        actors: Default::default(),
        ids_by_line,
        column_fields: Vec::new(),
        line_field: None,
        json_names: Vec::new(),
        json_columns: Vec::new(),
        fields: Vec::new(),
    };
    // As many events as the head's lines suggest the file holds.
    if let Some(size) = size_hint {
        let lines_in_head = head.lines().count().max(1);
        r.b.reserve_events((size as f64 / head.len().max(1) as f64 * lines_in_head as f64 * 1.05) as usize);
    }
    // Lines are parsed and dated on a thread of their own while this one
    // builds the dataset from them, a batch at a time: on two cores an
    // import takes about the time of the slower half.
    let mut lines = 0usize;
    std::thread::scope(|scope| -> Result<(), String> {
        // Made here, so that an early return drops the receiver and the
        // parsing thread stops at its next send.
        let (tx, rx) = std::sync::mpsc::sync_channel::<Sent>(8);
        let input = BufReader::with_capacity(1 << 20, open().map_err(io)?);
        scope.spawn(move || {
            if jsonl {
                parse_jsonl(input, plan, members, &tx)
            } else {
                parse_csv(input, sep, plan, &tx)
            }
        });
        let mut header = Header::none();
        for sent in rx.iter() {
            match sent {
                Sent::Start(start) => {
                    let (plan, h) = *start;
                    r.plan = Some(plan);
                    r.column_fields = vec![None; h.names.len()];
                    header = h;
                }
                Sent::Refused(why) => return Err(why),
                Sent::Names(names) => r.json_names.extend(names),
                Sent::Lines(batch) => {
                    for (k, parsed) in batch {
                        lines += 1;
                        match parsed {
                            Ok((cells, date)) => r.line(&header, k, cells, date)?,
                            Err(why) => r.skip(k, why)?,
                        }
                    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_line_of_plaso_json_is_an_event_or_the_closing_brace() {
        let event = |l: &str| plaso_member(l.as_bytes()).map(|m| m.map(|b| String::from_utf8_lossy(b).into_owned()));
        assert_eq!(event("{\"event_0\": {\"a\": 1}\n"), Ok(Some("{\"a\": 1}".into())));
        assert_eq!(event(", \"event_12\" : {\"b\": {}}"), Ok(Some("{\"b\": {}}".into())));
        assert_eq!(event("}"), Ok(None));
        for bad in [
            ", \"event_\": {}",
            ", \"event_1\" {}",
            ", \"evnt_1\": {}",
            ", \"event_1x\": {}",
            "{}",
        ] {
            assert!(event(bad).unwrap_err().contains("plaso's json output"), "{bad}");
        }
        assert!(is_plaso_json("\u{feff} {\"event_0\": {}"));
        assert!(!is_plaso_json("{\"message\": \"event_0\"}"));
    }

    #[test]
    fn a_line_is_named_for_its_tool_and_keeps_every_value_but_empty_ones_and_plasos_own_keys() {
        let line = r#"{"message": "m", "datetime": "2021-01-01T00:00:00Z", "parser": "p", "empty": "", "none": null,
            "__type__": "x", "__half": 1, "half__": 2, "nested": {"__type__": "y", "k": "v"}, "list": [1, "a"]}"#;
        let ds = read(&line.replace('\n', " "), "case/t.jsonl", &Options::default(), None)
            .unwrap()
            .dataset;
        assert_eq!(ds.title, "plaso timeline t.jsonl");
        let fields: Vec<(&str, String)> = ds.fields_of(&ds.events[0]).map(|(k, v)| (k, v.to_string())).collect();
        assert_eq!(
            fields,
            [
                ("parser", "p".to_string()),
                ("__half", "1".into()),
                ("half__", "2".into()),
                ("nested.k", "v".into()),
                ("list", "[1,\"a\"]".into()),
                ("line", "1".into())
            ]
        );
    }

    #[test]
    fn every_line_of_a_long_file_arrives_in_order_and_bad_ones_say_why() {
        // More lines than one batch holds, in both forms.
        let n = 2 * BATCH + 7;
        let jsonl: String = (0..n)
            .map(|i| format!("{{\"message\": \"m{i}\", \"timestamp\": {}}}\n", 1_600_000_000 + i))
            .collect::<String>()
            + "[1, 2]\n{not json\n";
        let csv: String = std::iter::once("message,timestamp\n".to_string())
            .chain((0..n).map(|i| format!("m{i},{}\n", 1_600_000_000 + i)))
            .collect();
        for (text, from) in [(jsonl, "t.jsonl"), (csv, "t.csv")] {
            let imported = read(&text, from, &Options::default(), None).unwrap();
            let ds = imported.dataset;
            assert_eq!(ds.events.len(), n, "{from}");
            assert!(ds.events.iter().enumerate().all(|(i, e)| e.title == format!("m{i}")), "{from}");
            if from == "t.jsonl" {
                let w = &imported.report.warnings;
                assert!(w[0].contains(&format!("line {}: not a JSON object", n + 1)), "{w:?}");
                assert!(w[1].contains(&format!("line {}: not JSON (", n + 2)), "{w:?}");
            }
        }
    }

    #[test]
    fn a_member_first_met_batches_into_the_file_is_a_field_of_its_line() {
        // The builder learns names as the parser sends them: one first
        // written in the third batch must arrive before its line does.
        let late = 2 * BATCH + 3;
        let text: String = (1..=late + 5)
            .map(|i| {
                let extra = if i == late { r#", "Details": {"Late": "here"}"# } else { "" };
                format!("{{\"message\": \"m{i}\", \"timestamp\": {}{extra}}}\n", 1_600_000_000 + i)
            })
            .collect();
        let ds = read(&text, "t.jsonl", &Options::default(), None).unwrap().dataset;
        let e = ds.events.iter().find(|e| e.title == format!("m{late}")).unwrap();
        let fields: Vec<(&str, String)> = ds.fields_of(e).map(|(k, v)| (k, v.to_string())).collect();
        assert_eq!(fields, [("Details.Late", "here".to_string()), ("line", late.to_string())]);
        assert_eq!(
            ds.events.iter().filter(|e| e.fields.len() > 1).count(),
            1,
            "the others have only their line"
        );
    }

    #[test]
    fn utf16_text_is_refused_saying_what_to_save_it_as() {
        for bom in [[0xFF, 0xFE], [0xFE, 0xFF]] {
            let bytes = [&bom[..], b"m\0e\0s\0"].concat();
            let why = read_from(|| Ok(&bytes[..]), "t.csv", &Options::default(), None, None).unwrap_err();
            assert_eq!(why, "is UTF-16 text; save it as UTF-8");
        }
    }

    #[test]
    fn a_csv_cell_is_a_number_only_when_written_as_one() {
        for (cell, n) in [("12", 12), ("-7", -7), ("0", 0)] {
            assert!(matches!(csv_scalar(cell), Scalar::Int(x) if x == n), "{cell}");
        }
        for cell in ["012", "+12", "-0", "1.5", "1e3", "", "-", "99999999999999999999"] {
            assert!(matches!(csv_scalar(cell), Scalar::Text(t) if t == cell), "{cell}");
        }
    }
}
