//! itx's own CSV export read back (what `itx export --format csv` writes,
//! perhaps after a spreadsheet): the events with their texts as the
//! dataset had them (the `'` a formula-like cell was given comes off), the
//! actors and sources they name (by id; the CSV has no more of a source
//! than its id), tags, confidence, quotes and fields.

use super::builder::{Builder, Scalar};
use super::{Imported, Options, Report};
use crate::export::csv::HEADER;
use crate::export::inert::csv_cell_back;
use crate::model::{ActorKind, Confidence, Origin, PartialDate, Phase, Quote};
use foldhash::HashMap;

/// Whether a CSV's first line is itx's header.
pub fn is_itx_csv(first_line: &str) -> bool {
    first_line.trim_start_matches('\u{feff}').trim_end().starts_with(&HEADER.join(","))
}

fn column(header: &[String], name: &str) -> Option<usize> {
    header.iter().position(|h| h == name)
}

/// A cell as a field's value: numbers and booleans as the export wrote
/// them (it writes each back the same way), else text.
fn scalar(s: &str) -> Scalar<'_> {
    match s {
        "true" => Scalar::Bool(true),
        "false" => Scalar::Bool(false),
        _ => match (s.parse::<i64>(), s.parse::<f64>()) {
            (Ok(n), _) if n.to_string() == s => Scalar::Int(n),
            (_, Ok(x)) if x.is_finite() && x.to_string() == s => Scalar::Float(x),
            _ => Scalar::Text(s),
        },
    }
}

pub fn read(text: &str, from: &str, opts: &Options) -> Result<Imported, String> {
    let mut rd = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let header: Vec<String> = rd
        .headers()
        .map_err(|e| format!("its header cannot be read: {e}"))?
        .iter()
        .map(String::from)
        .collect();
    let col = |name: &str| column(&header, name);
    let (Some(id_col), Some(date_col), Some(title_col)) = (col("id"), col("date"), col("title")) else {
        return Err("is not itx's CSV: its header has no id, date and title".into());
    };
    let fields: Vec<(usize, &str)> = header
        .iter()
        .enumerate()
        .filter_map(|(k, h)| h.strip_prefix("fields.").map(|n| (k, n)))
        .collect();
    let mut b = Builder::default();
    let mut out = Report::default();
    let mut actors: HashMap<String, u32> = HashMap::default();
    let mut sources: HashMap<String, u32> = HashMap::default();
    let mut marks = 0usize;
    for (k, row) in rd.records().enumerate() {
        let line = k + 2;
        let row = match row {
            Ok(r) => r,
            Err(e) if opts.strict => return Err(format!("line {line}: {e}")),
            Err(e) => {
                out.skipped += 1;
                out.warn(format!("line {line}: left out: {e}"));
                continue;
            }
        };
        let cell = |c: Option<usize>| c.and_then(|c| row.get(c)).map(csv_cell_back).unwrap_or_default();
        let list = |c: Option<usize>| -> Vec<&str> { cell(c).split("; ").map(str::trim).filter(|s| !s.is_empty()).collect() };
        let date = match PartialDate::parse(cell(Some(date_col))) {
            Ok(d) => d,
            Err(e) if opts.strict => return Err(format!("line {line}: {}", e.0)),
            Err(e) => {
                out.skipped += 1;
                out.warn(format!("line {line}: left out: {}", e.0));
                continue;
            }
        };
        let actor_ids = list(col("actors"));
        let actor_names = list(col("actor_names"));
        let mut event_actors = Vec::new();
        for (n, id) in actor_ids.iter().enumerate() {
            let a = match actors.get(*id) {
                Some(&a) => a,
                None => {
                    let name = actor_names.get(n).copied().unwrap_or(id);
                    let a = b.actor(id, name, ActorKind::Other);
                    actors.insert(id.to_string(), a);
                    a
                }
            };
            event_actors.push(a);
        }
        let event_sources: Vec<u32> = list(col("sources"))
            .into_iter()
            .map(|id| *sources.entry(id.to_string()).or_insert_with(|| b.source(id, id)))
            .collect();
        let tags: Vec<u32> = list(col("tags")).into_iter().filter_map(|t| b.tag(t)).collect();
        let event_fields: Vec<_> = fields
            .iter()
            .filter_map(|&(c, name)| row.get(c).map(csv_cell_back).filter(|v| !v.is_empty()).map(|v| (name, v)))
            .map(|(name, v)| b.field(name, scalar(v)))
            .collect();
        let quotes = cell(col("quotes"));
        if !cell(col("starred")).is_empty() || !cell(col("note")).is_empty() {
            marks += 1;
        }
        let e = b.event(cell(Some(id_col)), date, cell(Some(title_col)));
        e.end = PartialDate::parse(cell(col("end"))).ok();
        e.circa = cell(col("circa")) == "true";
        e.summary = Some(cell(col("summary")).to_string()).filter(|s| !s.is_empty());
        e.phase = Phase::parse(cell(col("phase")));
        e.confidence = Confidence::parse(cell(col("confidence")));
        e.actors = event_actors;
        e.sources = event_sources;
        e.tags = tags;
        e.fields = event_fields;
        // The export writes "text (actor name)" joined with " | ": read as
        // one quote each, the speaker's name left in the text.
        e.quotes = quotes
            .split(" | ")
            .filter(|q| !q.trim().is_empty())
            .map(|q| Quote {
                text: q.to_string(),
                by: None,
                source: None,
            })
            .collect();
    }
    if b.event_count() == 0 {
        return Err("has no event that could be read".into());
    }
    if marks > 0 {
        out.notes.push(format!(
            "{} starred or with a note: stars and notes live beside a dataset, not in it, and are not brought in",
            crate::text::count(marks, "event is", "events are")
        ));
    }
    b.title = format!(
        "itx CSV {}",
        std::path::Path::new(from).file_name().map_or(from.into(), |f| f.to_string_lossy())
    );
    Ok(Imported {
        dataset: b.finish(Origin::File(from.into())),
        report: out,
    })
}
