//! Times the PDF report of a synthetic project (for scale checks and profilers):
//! `cargo run --release --example profile_pdf -- 2850 [--only SECTION_ID,…] [--out FILE.pdf]`.
//! Prints the time to build the document and to lay it out, the page count and the size.

use gep_calc::i18n::Lang;
use gep_calc::registry::Registry;
use gep_calc::report::{chapters, pdf};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let n: usize = args.first().map_or(Ok(2850), |s| s.parse())?;
    let value = |flag: &str| {
        args.iter()
            .position(|a| a == flag)
            .and_then(|i| args.get(i + 1))
    };
    let p = gep_calc::sample::synthetic(n, 42);
    let reg = Registry::builtin();
    let a = gep_calc::engine::compute(&p, reg, &gep_calc::engine::Options::year(2022))?;
    let t = std::time::Instant::now();
    let mut doc = chapters::build(&p, &a, reg, Lang::Zh);
    if let Some(only) = value("--only") {
        let keep: Vec<&str> = only.split(',').collect();
        doc.sections.retain(|s| keep.contains(&s.id.as_str()));
    }
    let built = t.elapsed();
    let t = std::time::Instant::now();
    let out = pdf::render(&doc)?;
    println!(
        "{n} counties: document {:.2} s, PDF {:.2} s, {} pages, {:.1} MB",
        built.as_secs_f64(),
        t.elapsed().as_secs_f64(),
        out.pages,
        out.bytes.len() as f64 / 1e6
    );
    if let Some(path) = value("--out") {
        std::fs::write(path, &out.bytes)?;
    }
    Ok(())
}
