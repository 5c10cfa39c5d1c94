//! The command line: clap definitions only; `main` dispatches.

use crate::export::table::ListFormat;
pub use crate::export::ExportFormat;
use clap::{Args, Parser, Subcommand, ValueEnum};

const AFTER_HELP: &str = "DATASET is a path to a YAML or JSON dataset, or the name of a bundled dataset \
(see `itx datasets`). With no DATASET, the bundled uk-electoral-commission dataset is used.

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
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Check datasets and report every problem (exit 1 if any is invalid)
    Validate {
        #[arg(value_name = "DATASET", required = true)]
        datasets: Vec<String>,
    },
    /// Print the events in timeline order
    List(ListArgs),
    /// Print the milestone figures: dwell time, time to disclose, time to attribute
    Metrics {
        #[arg(value_name = "DATASET")]
        dataset: Option<String>,
        #[arg(long, value_enum, default_value_t = MetricsFormat::Text)]
        format: MetricsFormat,
    },
    /// Write the whole dataset in another format
    Export {
        #[arg(value_name = "DATASET")]
        dataset: Option<String>,
        #[arg(long, value_enum)]
        format: ExportFormat,
        /// Write to this file (atomically) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// Turn another tool's timeline into a dataset (YAML on standard output)
    Import {
        /// What FILE is
        #[arg(long, value_enum)]
        from: crate::import::ImportFormat,
        #[arg(value_name = "FILE")]
        file: std::path::PathBuf,
        /// Write to this file (atomically) instead of standard output
        #[arg(short, long, value_name = "FILE")]
        output: Option<std::path::PathBuf>,
    },
    /// List the bundled datasets
    Datasets,
    /// Print the JSON Schema of the dataset format (for editors and other tools)
    Schema,
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
    #[arg(value_name = "DATASET")]
    pub dataset: Option<String>,
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
    /// Print only the number of events
    #[arg(long)]
    pub count: bool,
    /// Only events matching this query (the explorer's search syntax)
    #[arg(long, short, value_name = "QUERY")]
    pub search: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum MetricsFormat {
    Text,
    Json,
}
