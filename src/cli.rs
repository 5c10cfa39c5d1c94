//! The command line: clap definitions only; `main` dispatches.

use crate::export::table::ListFormat;
pub use crate::export::ExportFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "DATASET is a path to a YAML or JSON dataset, or the name of a bundled dataset \
(see `itx datasets`), or a forensic timeline: a STIX bundle, a MISP event, Timesketch, plaso \
(json_line, dynamic, l2tcsv, tln), Hayabusa or DFIR-IRIS output, told from its content; any other \
CSV or JSON lines with --map. With no DATASET, the bundled uk-electoral-commission dataset is used.

Exit codes: 0 success, 1 a dataset failed to load or validate, 2 usage error.";

/// itx, the incident timeline explorer: read, check and share the story of a
/// cyber incident in the terminal.
#[derive(Debug, Parser)]
#[command(name = "itx", version, about, after_help = AFTER_HELP, args_conflicts_with_subcommands = true)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Datasets to open in the explorer (paths or bundled names)
    #[arg(value_name = "DATASET")]
    pub datasets: Vec<String>,

    /// Leave the mouse to the terminal (its own text selection keeps working)
    #[arg(long)]
    pub no_mouse: bool,

    #[command(flatten)]
    pub reading: Reading,
}

/// How to read a file that is not an itx dataset, when its content cannot
/// say; remembered in the user's data folder (see `store::sidecar`).
#[derive(Debug, Args, Default, Clone)]
pub struct Reading {
    /// Read the file as this format instead of telling from its content
    #[arg(long = "as", value_enum, value_name = "FORMAT")]
    pub read_as: Option<crate::import::ImportFormat>,
    /// Which columns of a CSV or JSON lines file are what: time=COL,title=COL[,summary=COL,tags=COL,actors=COL,tz=ZONE]
    #[arg(long, value_name = "MAP")]
    pub map: Option<String>,
}

impl Reading {
    pub fn choice(&self) -> crate::import::open::Choice {
        crate::import::open::Choice {
            from: self.read_as,
            map: self.map.clone(),
        }
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check datasets and report every problem (exit 1 if any is invalid)
    Validate {
        /// Dataset files (YAML or JSON) or bundled names
        #[arg(value_name = "DATASET", required = true)]
        datasets: Vec<String>,
        #[command(flatten)]
        reading: Reading,
    },
    /// Print the events in timeline order
    List(ListArgs),
    /// Print the milestone figures: dwell time, time to disclose, time to attribute
    Metrics {
        /// A dataset file or bundled name (default: uk-electoral-commission)
        #[arg(value_name = "DATASET")]
        dataset: Option<String>,
        #[arg(long, value_enum, default_value_t = MetricsFormat::Text)]
        format: MetricsFormat,
        #[command(flatten)]
        reading: Reading,
    },
    /// Write the dataset (or the events --search and the filters select) in another format
    Export {
        /// A dataset file or bundled name (default: uk-electoral-commission)
        #[arg(value_name = "DATASET")]
        dataset: Option<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file (atomically) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// csv: write cells as they are, even one a spreadsheet would run as a formula
        /// (by default such a cell starts with ', as OWASP advises)
        #[arg(long)]
        raw_cells: bool,
        /// Only the starred events, as a story to write: each keeps its fields and its file and line
        #[arg(long)]
        starred: bool,
        #[command(flatten)]
        select: Select,
        #[command(flatten)]
        reading: Reading,
    },
    /// Turn another tool's timeline into a dataset (YAML on standard output; JSON for -o x.json)
    Import {
        /// What FILE is (default: told from its content)
        #[arg(long, value_enum, alias = "as")]
        from: Option<crate::import::ImportFormat>,
        /// Which columns of a CSV or JSON lines file are what: time=COL,title=COL[,summary=COL,tags=COL,actors=COL,tz=ZONE]
        #[arg(long, value_name = "MAP")]
        map: Option<String>,
        /// A STIX 2.x bundle or MISP event (JSON); a Timesketch, plaso (json_line, dynamic, l2tcsv, tln),
        /// Hayabusa or DFIR-IRIS timeline; any CSV or JSON lines with --map; or itx's own CSV or authoring sheet
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
        /// Write to this file (atomically) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// Refuse the file at its first line that cannot be read, instead of skipping it with a warning
        #[arg(long)]
        strict: bool,
    },
    /// Start a dataset: a commented skeleton that validates as it is, or a spreadsheet to fill in
    New {
        /// Write to this file (never replacing one) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
        /// The incident's title
        #[arg(long, default_value = "Untitled incident")]
        title: String,
        /// yaml: the dataset skeleton; csv: the authoring spreadsheet (itx import makes it a dataset)
        #[arg(long, value_enum, default_value_t = NewFormat::Yaml)]
        format: NewFormat,
    },
    /// List the indicators of compromise of the events (--search and the filters select), with their events
    Iocs {
        /// A dataset file or bundled name (default: uk-electoral-commission)
        #[arg(value_name = "DATASET")]
        dataset: Option<String>,
        #[arg(long, value_enum, default_value_t = IocFormat::Csv)]
        format: IocFormat,
        #[command(flatten)]
        select: Select,
        #[command(flatten)]
        reading: Reading,
    },
    /// List the bundled datasets, and the ATT&CK release itx knows
    Datasets,
    /// Print the JSON Schema of the dataset format (for editors and other tools)
    Schema {
        /// Write to this file (as `itx new`'s schema line expects: dataset.schema.json beside the dataset)
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Print a shell completion script (e.g. `itx completions bash > ~/.local/share/bash-completion/completions/itx`)
    Completions {
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page in roff (e.g. `itx man | man -l -`)
    Man,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// A dataset file or bundled name (default: uk-electoral-commission)
    #[arg(value_name = "DATASET")]
    pub dataset: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Print only the number of events
    #[arg(long)]
    pub count: bool,
    /// Cut the table to this many columns (default: the terminal's width; no limit on a pipe or file)
    #[arg(long, value_name = "COLUMNS")]
    pub width: Option<usize>,
    /// Instants as written, in UTC, or in local time (days, months and years stay as written)
    #[arg(long, value_enum, default_value_t = crate::model::Zone::Written)]
    pub tz: crate::model::Zone,
    #[command(flatten)]
    pub select: Select,
    #[command(flatten)]
    pub reading: Reading,
}

/// Which events: the explorer's search and filters, as flags.
#[derive(Debug, Args, Default)]
pub struct Select {
    /// Only events matching this query (the explorer's search syntax)
    #[arg(long, short, value_name = "QUERY")]
    pub search: Option<String>,
    /// Only events with an actor whose id, name or alias contains this (repeat: all of them)
    #[arg(long, value_name = "ACTOR")]
    pub actor: Vec<String>,
    /// Only events with a tag containing this (repeat: all of them)
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,
    /// Only events of this phase (compromise, discovery, disclosure, attribution, response, context)
    #[arg(long, value_name = "PHASE")]
    pub phase: Option<String>,
    /// Only events dated on or after this date (2021, 2021-08, 2021-08-14)
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only events dated before the end of this date
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// Only events at least this likely (remote-chance ... almost-certain)
    #[arg(long, value_name = "WORD")]
    pub min_confidence: Option<String>,
    /// Only events with a source at least this reliable (A best ... F)
    #[arg(long, value_name = "LETTER")]
    pub min_reliability: Option<String>,
    /// Only events that were public by the end of this date
    #[arg(long, value_name = "DATE")]
    pub as_of: Option<String>,
    /// Only events with this ATT&CK technique (T1566 takes its sub-techniques) or one whose name has these words
    #[arg(long, value_name = "TECHNIQUE")]
    pub technique: Vec<String>,
    /// Only events with a technique of this ATT&CK tactic (initial-access, ...)
    #[arg(long, value_name = "TACTIC")]
    pub tactic: Vec<String>,
    /// Only events with an indicator containing this value (defanged or not), or of this type (type=sha256)
    #[arg(long, value_name = "IOC")]
    pub ioc: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricsFormat {
    Text,
    Json,
}

/// What `itx new` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NewFormat {
    Yaml,
    Csv,
}

/// How `itx iocs` writes the indicators.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum IocFormat {
    /// A row per indicator: type, value, defanged, note, event, date, title
    Csv,
    /// A list of objects (value as it is, and defanged)
    Json,
    /// A STIX 2.1 bundle of the events with indicators
    Stix,
}
