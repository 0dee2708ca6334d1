//! The `gep-calc` binary: subcommands run the CLI; with none, it opens the desktop app on the
//! built-in sample project. This is the one place where the CLI and the desktop app meet: the
//! CLI knows no GUI and the app knows no CLI, so a build without the `gui` feature is the same
//! CLI with no window to open.

fn main() -> std::process::ExitCode {
    #[cfg(feature = "gui")]
    let opener: Option<gep_calc::cli::AppOpener> = Some(open_app);
    #[cfg(not(feature = "gui"))]
    let opener: Option<gep_calc::cli::AppOpener> = None;
    gep_calc::cli::main(opener)
}

/// Opens the desktop window for `gep-calc app [PROJECT] [--page SLUG]`.
#[cfg(feature = "gui")]
fn open_app(req: gep_calc::cli::AppRequest) -> Result<(), String> {
    use gep_calc::app::{Launch, nav::Page, run};
    let lang = req.lang.unwrap_or_default();
    let page = match req.page.as_deref() {
        None => None,
        Some(s) => Some(Page::from_slug(s).ok_or_else(|| {
            let pages: Vec<&str> = Page::ALL.iter().map(|p| p.slug()).collect();
            gep_calc::i18n::tf(
                lang,
                "cli_unknown_page",
                &[("page", s), ("pages", &pages.join(", "))],
            )
        })?),
    };
    run(Launch {
        open: req.project,
        lang: req.lang,
        page,
    })
    .map_err(|e| e.to_string())
}
