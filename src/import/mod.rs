//! Other tools' timelines as datasets: STIX 2.0 and 2.1 bundles as
//! threat-intelligence platforms publish them, MISP events, and forensic
//! timelines as rows (`rows`, by a `plan` per format): Timesketch and
//! plaso as Timesketch's importer accepts them, plaso's l2tcsv and tln,
//! Hayabusa, DFIR-IRIS, and any CSV or JSON lines by a `--map`. An
//! importer builds the dataset item by item (`builder`), keeping every
//! rule the loader checks; `itx import` writes it as YAML, and `open`
//! lets the explorer open such a file as it opens a dataset.

pub mod builder;
pub mod itx_csv;
mod json_line;
pub mod misp;
pub mod open;
mod own;
pub mod plan;
pub mod rows;
pub mod stix;
pub mod timestamps;

use crate::model::Dataset;
use plan::Plan;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A STIX 2.0 or 2.1 bundle (JSON)
    Stix,
    /// Timesketch JSONL or CSV
    Timesketch,
    /// plaso's json_line, dynamic CSV, l2tcsv, tln or l2ttln
    Plaso,
    /// Hayabusa's CSV or JSONL
    Hayabusa,
    /// A MISP event (JSON)
    Misp,
    /// DFIR-IRIS's timeline CSV
    Iris,
    /// itx's own CSV export (read back as the dataset had its texts)
    Csv,
}

impl ImportFormat {
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Stix => "STIX",
            ImportFormat::Timesketch => "Timesketch",
            ImportFormat::Plaso => "plaso",
            ImportFormat::Hayabusa => "Hayabusa",
            ImportFormat::Misp => "MISP",
            ImportFormat::Iris => "DFIR-IRIS",
            ImportFormat::Csv => "itx CSV",
        }
    }

    /// Whether files of this format are rows read by `rows`, and the plan
    /// they are read by when forced (none: chosen from the header).
    fn rows(self) -> Option<Option<Plan>> {
        match self {
            ImportFormat::Timesketch => Some(Some(Plan::timesketch(false))),
            ImportFormat::Plaso => Some(None),
            ImportFormat::Hayabusa => Some(Some(Plan::hayabusa())),
            ImportFormat::Iris => Some(Some(Plan::iris())),
            ImportFormat::Stix | ImportFormat::Misp | ImportFormat::Csv => None,
        }
    }
}

#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Refuse the file at its first line that cannot be read, instead of
    /// skipping it with a warning.
    pub strict: bool,
}

/// Warnings kept word for word; past this many only counted, so a file of
/// a million bad lines does not keep a million messages.
const KEPT_WARNINGS: usize = 200;

/// What an import had to say besides the dataset.
#[derive(Debug, Clone, Default)]
pub struct Report {
    /// The first `KEPT_WARNINGS` warnings, each naming its line or object.
    pub warnings: Vec<String>,
    pub warning_count: usize,
    /// Lines or objects left out.
    pub skipped: usize,
    /// What was brought in and left out, a sentence each.
    pub notes: Vec<String>,
}

impl Report {
    /// `what` at `place` left out with a warning naming it, or, with
    /// `--strict`, the file refused there.
    pub fn skip(&mut self, place: &str, why: &str, opts: &Options, what: &str) -> Result<(), String> {
        let w = format!("{place}: {why}; skipped");
        if opts.strict {
            return Err(format!("{w} (--strict refuses the file at its first bad {what})"));
        }
        self.warn(w);
        self.skipped += 1;
        Ok(())
    }

    pub fn warn(&mut self, w: String) {
        self.warning_count += 1;
        if self.warnings.len() < KEPT_WARNINGS {
            self.warnings.push(w);
        }
    }
}

#[derive(Debug, Clone)]
pub struct Imported {
    pub dataset: Dataset,
    pub report: Report,
}

/// Which format `text` is in, from its content: a JSON document (STIX,
/// MISP), JSON lines, or a header whose columns itx knows.
pub fn detect(text: &str) -> Result<ImportFormat, String> {
    let trimmed = text.trim_start();
    let trimmed = trimmed.trim_start_matches('\u{feff}');
    let first_line = trimmed.lines().next().unwrap_or_default().trim();
    if let Some(which) = plaso_output_itx_refuses(trimmed, first_line) {
        return Err(format!(
            "is plaso's {which} output, which itx does not read; \
             write the timeline with `psort.py -o json_line` (or `-o dynamic`) and open that"
        ));
    }
    if first_line.starts_with('{') {
        if let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(first_line) {
            let stixish =
                m.get("type").and_then(|t| t.as_str()).is_some() && m.get("id").and_then(|i| i.as_str()).is_some_and(|i| i.contains("--"));
            return Ok(if stixish {
                ImportFormat::Stix
            } else if m.contains_key("Event") || m.contains_key("response") {
                ImportFormat::Misp
            } else if m.contains_key("RuleTitle") {
                ImportFormat::Hayabusa
            } else {
                ImportFormat::Timesketch
            });
        }
        // A first line longer than what was looked at: its keys tell.
        if ["\"message\"", "\"datetime\"", "\"timestamp\"", "\"Timestamp\""]
            .iter()
            .any(|k| first_line.contains(k))
            && !first_line.contains("\"objects\"")
            && !first_line.contains("\"Event\"")
        {
            return Ok(ImportFormat::Timesketch);
        }
    }
    if trimmed.starts_with(['{', '[']) {
        // One JSON document over several lines: STIX or MISP if it says so.
        let head = &trimmed[..trimmed.len().min(1 << 16)];
        let head = &head[..(0..=head.len()).rev().find(|&i| head.is_char_boundary(i)).unwrap_or(0)];
        if misp::looks_like(head) {
            return Ok(ImportFormat::Misp);
        }
        if head.contains("\"type\"") && (head.contains("\"bundle\"") || head.contains("--")) {
            return Ok(ImportFormat::Stix);
        }
        return Err("this JSON is neither a STIX bundle, a MISP event, nor JSON lines of a timeline".into());
    }
    if itx_csv::is_itx_csv(first_line) {
        return Ok(ImportFormat::Csv);
    }
    let sep = if first_line.contains(',') { ',' } else { '|' };
    let header: Vec<String> = first_line.split(sep).map(|h| h.trim().trim_matches('"').to_string()).collect();
    match Plan::for_header(&header).map(|p| p.tool) {
        Some("plaso") => Ok(ImportFormat::Plaso),
        Some("Hayabusa") => Ok(ImportFormat::Hayabusa),
        Some("DFIR-IRIS") => Ok(ImportFormat::Iris),
        Some(_) => Ok(ImportFormat::Timesketch),
        None => Err(format!(
            "itx does not know this file's columns (its first line: {:?}); \
             say which is the time and which the title with --map time=COLUMN,title=COLUMN, \
             or give --as with one of stix, timesketch, plaso, hayabusa, misp, iris, csv",
            crate::text::fit(&crate::store::clean::clean_line(first_line), 80)
        )),
    }
}

/// plaso's outputs that itx does not read (its JSON document and rawpy),
/// by the way each begins: named, so that the message can say which psort
/// output to write instead.
fn plaso_output_itx_refuses(text: &str, first_line: &str) -> Option<&'static str> {
    (first_line.starts_with("+-+-+-+-") && text.contains("[Timestamp]:")).then_some("rawpy")
}

/// Imports the file at `path` (named `from` in messages) as `format`, or as
/// what its content says it is; `map` says which column is what instead
/// (any CSV or JSON lines). Rows are read as they stream past; a STIX
/// bundle or a MISP event is one JSON document, read whole.
pub fn run_file(
    format: Option<ImportFormat>,
    map: Option<Plan>,
    path: &std::path::Path,
    from: &str,
    opts: &Options,
) -> Result<Imported, String> {
    run_reader(format, map, || std::fs::File::open(path), path, from, opts)
}

/// `run_file`, the file opened by `open` (which may count what is read).
pub fn run_reader<R: std::io::Read + Send>(
    format: Option<ImportFormat>,
    map: Option<Plan>,
    open: impl Fn() -> std::io::Result<R>,
    path: &std::path::Path,
    from: &str,
    opts: &Options,
) -> Result<Imported, String> {
    let message = |e: crate::store::LoadError| e.diagnostics.first().map_or_else(String::new, |d| d.message.clone());
    let (file, size) = crate::store::open_stream(path).map_err(message)?;
    if map.is_some() {
        return rows::read_from(open, from, opts, map, Some(size));
    }
    let (format, plan) = match format {
        Some(f) => (f, f.rows()),
        None => {
            use std::io::Read;
            let mut head = Vec::with_capacity(1 << 16);
            file.take(1 << 16)
                .read_to_end(&mut head)
                .map_err(|e| format!("cannot be read: {e}"))?;
            let f = detect(&String::from_utf8_lossy(&head))?;
            (f, f.rows().map(|_| None))
        }
    };
    match plan {
        Some(plan) => rows::read_from(open, from, opts, plan, Some(size)),
        None => {
            let text = crate::store::read_file(path).map_err(message)?;
            run(Some(format), &text, from, opts)
        }
    }
}

/// Imports `text` (named `from` in messages) as `format`, or as what its
/// content says it is.
pub fn run(format: Option<ImportFormat>, text: &str, from: &str, opts: &Options) -> Result<Imported, String> {
    let (format, plan) = match format {
        Some(f) => (f, f.rows()),
        // Rows told from their content: each plan chosen from the header.
        None => detect(text).map(|f| (f, f.rows().map(|_| None)))?,
    };
    match (format, plan) {
        (_, Some(plan)) => rows::read(text, from, opts, plan),
        (ImportFormat::Stix, _) => stix::read(text, from, opts),
        (ImportFormat::Misp, _) => misp::read(text, from, opts),
        (_, None) => itx_csv::read(text, from, opts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaso_rawpy_output_is_refused_naming_what_to_write_instead() {
        let why = detect("+-+-+-+-+-+-+-+-+-+-+-+-\n[Timestamp]:\n  2012-01-22T07:52:33+00:00\n").unwrap_err();
        assert!(why.contains("plaso's rawpy output") && why.contains("json_line"), "{why}");
        assert_eq!(
            detect("{\"message\": \"m\", \"datetime\": \"2021-01-01T00:00:00Z\"}\n"),
            Ok(ImportFormat::Timesketch)
        );
        assert_eq!(
            detect("{\"event_0\": {\"__container_type__\": \"event\", \"message\": \"m\", \"timestamp\": 1}\n}"),
            Ok(ImportFormat::Timesketch),
            "plaso's json output is read as its json_line"
        );
        assert_eq!(detect(&crate::export::csv::HEADER.join(",")), Ok(ImportFormat::Csv));
        assert_eq!(detect(&format!("{}\n", plan::L2TCSV)), Ok(ImportFormat::Plaso));
        assert_eq!(detect("Time|Source|Host|User|Description|TZ|Notes\n"), Ok(ImportFormat::Plaso));
        assert_eq!(
            detect("{\"Timestamp\": \"2021-12-12 16:16:04.000 +09:00\", \"RuleTitle\": \"x\"}\n"),
            Ok(ImportFormat::Hayabusa)
        );
        assert_eq!(
            detect("{\n  \"Event\": {\"info\": \"x\", \"Attribute\": []}}"),
            Ok(ImportFormat::Misp)
        );
        assert!(detect("when,what\n").unwrap_err().contains("--map time=COLUMN,title=COLUMN"));
    }
}
