//! `eeszt-auth`: the command-line tool for hospital IT staff.
//!
//! Global options: `--json` (one JSON document on stdout) and `--lang hu|en` (default hu).
//! Exit codes: 0 done or valid, 1 a check said no, 2 usage, input or environment error.

mod cli;

fn main() -> std::process::ExitCode {
    cli::run()
}
