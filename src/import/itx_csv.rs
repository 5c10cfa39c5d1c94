//! itx's own CSVs read as datasets. The export (`itx export --format
//! csv`, perhaps after a spreadsheet): the events with their texts as the
//! dataset had them (the `'` a formula-like cell was given comes off), the
//! actors and sources they name (by id; the CSV has no more of a source
//! than its id), tags, confidence, quotes and fields. The authoring sheet
//! (`itx new --format csv`): a row per event, its actors by name and its
//! source by title and address, each made an item with a readable id.

use super::builder::{Builder, Scalar};
use super::{Imported, Options, Report};
use crate::export::csv::HEADER;
use crate::export::inert::csv_cell_back;
use crate::model::{ActorKind, Confidence, Origin, PartialDate, Phase, Quote, Text};
use crate::store::suggest::closest;
use crate::template::SHEET_COLUMNS;
use foldhash::HashMap;

/// Whether a CSV's first line is the header of itx's export or of its
/// authoring sheet.
pub fn is_itx_csv(first_line: &str) -> bool {
    let line = first_line.trim_start_matches('\u{feff}').trim_end();
    line.starts_with(&HEADER.join(",")) || is_sheet(line)
}

/// The authoring sheet's header: `date` and `title`, and no `id` (the
/// export's), in any order, with any of the other columns.
fn is_sheet(header: &str) -> bool {
    let cols: Vec<String> = header.split(',').map(|c| c.trim().trim_matches('"').to_ascii_lowercase()).collect();
    let has = |c: &str| cols.iter().any(|x| x == c);
    has("date") && has("title") && !has("id") && cols.iter().all(|c| SHEET_COLUMNS.contains(&c.as_str()))
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
    let body = text.trim_start_matches('\u{feff}');
    if is_sheet(body.lines().next().unwrap_or_default()) {
        return read_sheet(body, from, opts);
    }
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
        let techniques: Vec<crate::model::TechniqueIx> =
            list(col("techniques")).into_iter().filter_map(crate::model::attack::find).collect();
        let indicators: Vec<crate::model::Indicator> = list(col("indicators"))
            .into_iter()
            .filter_map(|i| {
                let (kind, value) = i.split_once(':')?;
                let kind = crate::model::IndicatorKind::parse(kind)?;
                let value = crate::model::indicator::check(kind, value).ok()?;
                Some(crate::model::Indicator { kind, value, note: None })
            })
            .collect();
        let e = b.event(cell(Some(id_col)), date, cell(Some(title_col)));
        e.set_techniques(techniques.into());
        e.set_indicators(indicators.into());
        e.set_end(PartialDate::parse(cell(col("end"))).ok());
        e.circa = cell(col("circa")) == "true";
        e.set_summary(Some(cell(col("summary"))).filter(|s| !s.is_empty()).map(Text::from));
        e.phase = Phase::parse(cell(col("phase")));
        e.confidence = Confidence::parse(cell(col("confidence")));
        e.set_actors(event_actors.into());
        e.sources = event_sources.into();
        e.tags = tags.into();
        e.fields = event_fields.into();
        // The export writes "text (actor name)" joined with " | ": read as
        // one quote each, the speaker's name left in the text.
        e.set_quotes(
            quotes
                .split(" | ")
                .filter(|q| !q.trim().is_empty())
                .map(|q| Quote {
                    text: q.to_string(),
                    by: None,
                    source: None,
                })
                .collect(),
        );
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

/// A vocabulary word from the sheet, or a warning naming the row, the
/// column and the closest word.
fn word<T>(cell: &str, parse: fn(&str) -> Option<T>, words: &[&str], at: &str, out: &mut Report) -> Option<T> {
    let w = cell.trim().to_lowercase();
    if w.is_empty() {
        return None;
    }
    let found = parse(&w);
    if found.is_none() {
        let hint = closest(&w, words.iter().copied()).map_or(String::new(), |c| format!("did you mean `{c}`? "));
        out.warn(format!(
            "{at}: `{}` is not a word this column takes; {hint}allowed: {}; left empty",
            cell.trim(),
            words.join(", ")
        ));
    }
    found
}

/// The authoring sheet: a row per event. Actors are named (`; ` between
/// them) and made actors of kind `other` with ids from their names; a
/// row's source is its `source_title`, `source_url`, `source_publisher`
/// and `source_date`, one source per address (or title). A row whose date
/// or title cannot be read is left out with a warning naming its row and
/// column; a wrong word in `phase` or `confidence` leaves that cell empty.
fn read_sheet(text: &str, from: &str, opts: &Options) -> Result<Imported, String> {
    let mut rd = csv::ReaderBuilder::new().flexible(true).from_reader(text.as_bytes());
    let header: Vec<String> = rd
        .headers()
        .map_err(|e| format!("its header cannot be read: {e}"))?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    let col = |name: &str| column(&header, name);
    let mut b = Builder::default();
    let mut out = Report::default();
    let mut actors: HashMap<String, u32> = HashMap::default();
    let mut sources: HashMap<String, u32> = HashMap::default();
    for (k, row) in rd.records().enumerate() {
        let n = k + 2;
        let row = row.map_err(|e| format!("row {n}: {e}"))?;
        let cell = |name: &str| col(name).and_then(|c| row.get(c)).map(csv_cell_back).unwrap_or_default().trim();
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let mut refuse = |why: String| -> Result<(), String> {
            if opts.strict {
                return Err(why);
            }
            out.skipped += 1;
            out.warn(format!("{why}; row left out"));
            Ok(())
        };
        let date = match PartialDate::parse(cell("date")) {
            Ok(d) => d,
            Err(e) => {
                refuse(format!("row {n}, column date: {}", e.0))?;
                continue;
            }
        };
        if cell("title").is_empty() {
            refuse(format!("row {n}, column title: empty; every event needs a title"))?;
            continue;
        }
        let end = match cell("end") {
            "" => None,
            s => match PartialDate::parse(s) {
                Ok(d) if d.start_nanos() >= date.start_nanos() => Some(d),
                Ok(_) => {
                    out.warn(format!("row {n}, column end: {s} is before the date; left empty"));
                    None
                }
                Err(e) => {
                    out.warn(format!("row {n}, column end: {}; left empty", e.0));
                    None
                }
            },
        };
        let phase = word(
            cell("phase"),
            Phase::parse,
            Phase::WORDS,
            &format!("row {n}, column phase"),
            &mut out,
        );
        let confidence = word(
            cell("confidence"),
            Confidence::parse,
            Confidence::WORDS,
            &format!("row {n}, column confidence"),
            &mut out,
        );
        let event_actors: Vec<u32> = cell("actors")
            .split(';')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(|name| {
                *actors
                    .entry(name.to_string())
                    .or_insert_with(|| b.actor(name, name, ActorKind::Other))
            })
            .collect();
        let (title, url) = (cell("source_title"), cell("source_url"));
        let event_sources: Vec<u32> = if title.is_empty() && url.is_empty() {
            Vec::new()
        } else {
            let key = if url.is_empty() { title } else { url };
            let s = match sources.get(key) {
                Some(&s) => s,
                None => {
                    let s = b.source(
                        if title.is_empty() { url } else { title },
                        if title.is_empty() { url } else { title },
                    );
                    let src = b.source_mut(s);
                    src.url = Some(url.to_string()).filter(|u| !u.is_empty());
                    src.publisher = Some(cell("source_publisher").to_string()).filter(|p| !p.is_empty());
                    src.published = match cell("source_date") {
                        "" => None,
                        d => PartialDate::parse(d)
                            .inspect_err(|e| out.warn(format!("row {n}, column source_date: {}; left empty", e.0)))
                            .ok(),
                    };
                    sources.insert(key.to_string(), s);
                    s
                }
            };
            vec![s]
        };
        let tags: Vec<u32> = cell("tags").split([';', ',']).filter_map(|t| b.tag(t)).collect();
        let summary = Some(cell("summary").to_string()).filter(|s| !s.is_empty());
        let e = b.event(cell("title"), date, cell("title"));
        e.set_end(end);
        e.set_summary(summary.map(Text::from));
        e.phase = phase;
        e.confidence = confidence;
        e.set_actors(event_actors.into());
        e.sources = event_sources.into();
        e.tags = tags.into();
    }
    if b.event_count() == 0 {
        return Err(format!(
            "has no row that could be read; {}",
            out.warnings.first().cloned().unwrap_or_else(|| "the sheet is empty".into())
        ));
    }
    b.title = format!(
        "Incident from {}",
        std::path::Path::new(from).file_name().map_or(from.into(), |f| f.to_string_lossy())
    );
    Ok(Imported {
        dataset: b.finish(Origin::File(from.into())),
        report: out,
    })
}
