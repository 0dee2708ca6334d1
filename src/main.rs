//! The `gep-calc` binary: subcommands run the CLI; with none, it shows the built-in sample
//! project's accounts (the desktop app will take this place).

fn main() -> std::process::ExitCode {
    gep_calc::cli::main()
}
