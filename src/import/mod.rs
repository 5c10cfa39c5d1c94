//! Other tools' timelines as datasets: STIX 2.0 and 2.1 bundles as
//! threat-intelligence platforms publish them, and Timesketch and plaso
//! timelines as Timesketch's importer accepts them. An importer builds the
//! dataset item by item (`builder`), keeping every rule the loader checks;
//! `itx import` writes it as YAML.

pub mod builder;
pub mod itx_csv;
mod own;
pub mod stix;
pub mod timesketch;
pub mod timestamps;

use crate::model::Dataset;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ImportFormat {
    /// A STIX 2.0 or 2.1 bundle (JSON)
    Stix,
    /// Timesketch or plaso: JSONL (plaso json_line) or CSV (plaso dynamic)
    Timesketch,
    /// itx's own CSV export (read back as the dataset had its texts)
    Csv,
}

impl ImportFormat {
    pub fn name(self) -> &'static str {
        match self {
            ImportFormat::Stix => "STIX",
            ImportFormat::Timesketch => "Timesketch",
            ImportFormat::Csv => "itx CSV",
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

/// Which format `text` is in, from its content: a JSON document of STIX
/// objects, JSON lines, or CSV with Timesketch's columns.
pub fn detect(text: &str) -> Result<ImportFormat, String> {
    let trimmed = text.trim_start();
    let trimmed = trimmed.trim_start_matches('\u{feff}');
    let first_line = trimmed.lines().next().unwrap_or_default().trim();
    if let Some(which) = plaso_output_timesketch_refuses(trimmed, first_line) {
        return Err(format!(
            "is plaso's {which} output, which Timesketch does not import either; \
             write the timeline with `psort.py -o json_line` (or `-o dynamic`) and import that"
        ));
    }
    if first_line.starts_with('{') {
        if let Ok(serde_json::Value::Object(m)) = serde_json::from_str::<serde_json::Value>(first_line) {
            let stixish =
                m.get("type").and_then(|t| t.as_str()).is_some() && m.get("id").and_then(|i| i.as_str()).is_some_and(|i| i.contains("--"));
            return Ok(if stixish { ImportFormat::Stix } else { ImportFormat::Timesketch });
        }
        // A first line longer than what was looked at: its keys tell.
        if ["\"message\"", "\"datetime\"", "\"timestamp\""]
            .iter()
            .any(|k| first_line.contains(k))
            && !first_line.contains("\"objects\"")
        {
            return Ok(ImportFormat::Timesketch);
        }
    }
    if trimmed.starts_with(['{', '[']) {
        // One JSON document over several lines: STIX if it says so.
        let head = &trimmed[..trimmed.len().min(1 << 16)];
        if head.contains("\"type\"") && (head.contains("\"bundle\"") || head.contains("--")) {
            return Ok(ImportFormat::Stix);
        }
        return Err("this JSON is neither a STIX bundle (no \"type\": \"bundle\" or STIX objects) nor JSON lines of a timeline".into());
    }
    if itx_csv::is_itx_csv(first_line) {
        return Ok(ImportFormat::Csv);
    }
    let header = first_line.to_ascii_lowercase();
    if header.contains(',') && header.contains("message") {
        return Ok(ImportFormat::Timesketch);
    }
    Err(format!(
        "cannot tell what this file is: not JSON, and not a CSV whose header names `message` (its first line: {:?}); give --from stix, timesketch or csv",
        crate::text::fit(&crate::store::clean::clean_line(first_line), 80)
    ))
}

/// plaso's outputs that Timesketch's importer does not take (its JSON
/// document, l2tcsv, tln, rawpy), by the way each begins: named, so that
/// the message can say which psort output to write instead.
fn plaso_output_timesketch_refuses(text: &str, first_line: &str) -> Option<&'static str> {
    if text.starts_with("{\"event_0\"") {
        Some("json")
    } else if first_line.starts_with("date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc") {
        Some("l2tcsv")
    } else if first_line.starts_with("Time|Source|Host|User|Description") {
        Some(if first_line.contains("|TZ|") { "l2ttln" } else { "tln" })
    } else if first_line.starts_with("+-+-+-+-") && text.contains("[Timestamp]:") {
        Some("rawpy")
    } else {
        None
    }
}

/// Imports the file at `path` (named `from` in messages) as `format`, or as
/// what its content says it is. A Timesketch or plaso timeline is read as
/// it streams past; a STIX bundle is one JSON document, read whole.
pub fn run_file(format: Option<ImportFormat>, path: &std::path::Path, from: &str, opts: &Options) -> Result<Imported, String> {
    let (mut file, _) = crate::store::open_file(path).map_err(|e| e.diagnostics.first().map_or_else(String::new, |d| d.message.clone()))?;
    let format = match format {
        Some(f) => f,
        None => {
            use std::io::Read;
            let mut head = Vec::with_capacity(1 << 16);
            (&mut file)
                .take(1 << 16)
                .read_to_end(&mut head)
                .map_err(|e| format!("cannot be read: {e}"))?;
            detect(&String::from_utf8_lossy(&head))?
        }
    };
    match format {
        ImportFormat::Timesketch => timesketch::read_from(|| std::fs::File::open(path), from, opts),
        ImportFormat::Stix | ImportFormat::Csv => {
            let text = crate::store::read_file(path).map_err(|e| e.diagnostics.first().map_or_else(String::new, |d| d.message.clone()))?;
            run(Some(format), &text, from, opts)
        }
    }
}

/// Imports `text` (named `from` in messages) as `format`, or as what its
/// content says it is.
pub fn run(format: Option<ImportFormat>, text: &str, from: &str, opts: &Options) -> Result<Imported, String> {
    let format = match format {
        Some(f) => f,
        None => detect(text)?,
    };
    match format {
        ImportFormat::Timesketch => timesketch::read(text, from, opts),
        ImportFormat::Stix => stix::read(text, from, opts),
        ImportFormat::Csv => itx_csv::read(text, from, opts),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plaso_outputs_timesketch_refuses_are_named_with_what_to_write_instead() {
        for (head, which) in [
            ("{\"event_0\": {\"__container_type__\": \"event\"}}", "json"),
            (
                "date,time,timezone,MACB,source,sourcetype,type,user,host,short,desc,version,filename,inode,notes,format,extra\n",
                "l2tcsv",
            ),
            ("Time|Source|Host|User|Description|TZ|Notes\n", "l2ttln"),
            ("Time|Source|Host|User|Description\n", "tln"),
            ("+-+-+-+-+-+-+-+-+-+-+-+-\n[Timestamp]:\n  2012-01-22T07:52:33+00:00\n", "rawpy"),
        ] {
            let why = detect(head).unwrap_err();
            assert!(
                why.contains(&format!("plaso's {which} output")) && why.contains("json_line"),
                "{why}"
            );
        }
        assert_eq!(
            detect("{\"message\": \"m\", \"datetime\": \"2021-01-01T00:00:00Z\"}\n"),
            Ok(ImportFormat::Timesketch)
        );
        assert_eq!(detect(&crate::export::csv::HEADER.join(",")), Ok(ImportFormat::Csv));
    }
}
