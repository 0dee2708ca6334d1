//! The `gep-calc` binary: subcommands run the CLI; with none, it opens the desktop app on the
//! built-in sample project.

fn main() -> std::process::ExitCode {
    gep_calc::cli::main()
}
