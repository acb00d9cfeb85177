//! The command line: `vault-raider demo|sim|run|login|logout|status|items|…`.

use std::process::ExitCode;

/// Parses the command line and runs the chosen subcommand.
pub fn main() -> ExitCode {
    ExitCode::SUCCESS
}
