//! Placeholder until the explorer lands: prints the timeline.
use std::process::ExitCode;

pub fn run(datasets: &[String], _mouse: bool) -> ExitCode {
    crate::commands::run(crate::cli::Command::List(crate::cli::ListArgs {
        dataset: datasets.first().cloned(),
        format: crate::export::table::ListFormat::Table,
        count: false,
        search: None,
    }))
}
