//! Writing a dataset (or the events of a view) out in other formats.

pub mod csv;
pub mod ics;
pub mod inert;
pub mod json;
pub mod markdown;
pub mod stix;
pub mod story;
pub mod table;
pub mod timelinejs;
pub mod timesketch;
pub mod yaml;

use crate::model::Dataset;

/// What `itx export` (and the explorer's export) can write.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ExportFormat {
    /// The format's own keys, as JSON (loads back into itx)
    Json,
    /// The format's own keys, as YAML (an editable copy; loads back into itx)
    Yaml,
    /// A briefing for a ticket or a wiki
    Markdown,
    /// One row per event, every field
    Csv,
    /// iCalendar, for calendar programs
    Ics,
    /// A STIX 2.1 bundle, for threat-intelligence platforms
    Stix,
    /// Timesketch's JSONL import format
    Timesketch,
    /// TimelineJS3 JSON, for a newsroom timeline
    Timelinejs,
    /// The starred events as a new dataset to curate (YAML), each with its file and line
    Story,
}

impl ExportFormat {
    pub const ALL: [ExportFormat; 9] = [
        ExportFormat::Markdown,
        ExportFormat::Csv,
        ExportFormat::Json,
        ExportFormat::Yaml,
        ExportFormat::Ics,
        ExportFormat::Stix,
        ExportFormat::Timesketch,
        ExportFormat::Timelinejs,
        ExportFormat::Story,
    ];

    pub fn name(self) -> &'static str {
        match self {
            ExportFormat::Json => "json",
            ExportFormat::Yaml => "yaml",
            ExportFormat::Markdown => "markdown",
            ExportFormat::Csv => "csv",
            ExportFormat::Ics => "ics",
            ExportFormat::Stix => "stix",
            ExportFormat::Timesketch => "timesketch",
            ExportFormat::Timelinejs => "timelinejs",
            ExportFormat::Story => "story",
        }
    }

    /// What it is for, for the explorer's export overlay.
    pub fn purpose(self) -> &'static str {
        match self {
            ExportFormat::Json => "the format's own keys; loads back into itx",
            ExportFormat::Yaml => "the format's own keys, an editable copy",
            ExportFormat::Markdown => "a briefing for a ticket or a wiki",
            ExportFormat::Csv => "a spreadsheet, one row per event",
            ExportFormat::Ics => "a calendar",
            ExportFormat::Stix => "a STIX 2.1 bundle for a threat-intelligence platform",
            ExportFormat::Timesketch => "Timesketch's JSONL import",
            ExportFormat::Timelinejs => "TimelineJS3, for a newsroom timeline",
            ExportFormat::Story => "the starred events as a dataset to curate",
        }
    }

    /// The usual file extension.
    pub fn extension(self) -> &'static str {
        match self {
            ExportFormat::Json | ExportFormat::Stix | ExportFormat::Timelinejs => "json",
            ExportFormat::Yaml | ExportFormat::Story => "yaml",
            ExportFormat::Markdown => "md",
            ExportFormat::Csv => "csv",
            ExportFormat::Ics => "ics",
            ExportFormat::Timesketch => "jsonl",
        }
    }
}

/// `events` (indices into the dataset, in the order to write) in `format`,
/// with the reader's stars and notes where the format has room for them
/// (markdown and csv; the json export stays a dataset itx loads).
pub fn render(ds: &Dataset, events: &[usize], format: ExportFormat, marks: &crate::store::marks::Marks) -> String {
    match format {
        ExportFormat::Json => serde_json::to_string_pretty(&json::dataset(ds, events)).unwrap_or_default() + "\n",
        ExportFormat::Yaml => yaml::render(ds, events),
        ExportFormat::Markdown => markdown::render(ds, events, marks),
        ExportFormat::Csv => csv::render(ds, events, marks, csv::Cells::Inert),
        ExportFormat::Ics => ics::render(ds, events),
        ExportFormat::Stix => stix::render(ds, events),
        ExportFormat::Timesketch => timesketch::render(ds, events),
        ExportFormat::Timelinejs => timelinejs::render(ds, events),
        ExportFormat::Story => {
            let story = story::starred(ds, events, marks);
            yaml::render(&story, &(0..story.events.len()).collect::<Vec<_>>())
        }
    }
}
