//! `broadsheet-ingest PATH... -o FILE [--keep-going]`: see `--help`.

use broadsheet_ingest::args::{self, Command};
use broadsheet_ingest::{run, Outcome};
use std::process::ExitCode;

fn main() -> ExitCode {
    // Chinese, Japanese, Thai, … are indexed as dictionary words (the
    // page loads the same segmenter for a sharded archive that says so).
    broadsheet_core::search::tokenize::install_word_segmenter(
        broadsheet_core::search::tokenize::dictionary_words,
    );
    let outcome = match args::parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => Outcome::message(args::HELP),
        Ok(Command::Version) => Outcome::message(&format!(
            "broadsheet-ingest {}\n",
            env!("CARGO_PKG_VERSION")
        )),
        Ok(Command::Run(options)) => run(&options),
        Err(error) => Outcome::usage(&[error.to_string()]),
    };
    outcome.emit()
}
