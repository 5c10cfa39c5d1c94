use clap::Parser;
use itx::cli::Cli;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(cmd) => itx::commands::run(cmd),
        None => itx::runtime::run(&cli.datasets, !cli.no_mouse, &cli.reading.choice()),
    }
}
