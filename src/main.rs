//! The `storydiff` command: parses arguments, runs one command, maps failures to exit codes.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let args = cli::Args::parse();
    match cli::run(args) {
        Ok(cli::Status::Ok) => ExitCode::SUCCESS,
        Ok(cli::Status::ProblemsFound) => ExitCode::from(1),
        Err(err) => {
            // One line: the chain of contexts, outermost first.
            eprintln!("storydiff: error: {err:#}");
            ExitCode::from(2)
        }
    }
}
