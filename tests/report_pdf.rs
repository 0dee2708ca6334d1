//! The PDF report (cargo feature `pdf`): the sample project in both languages, the font embedded
//! as a subset, user text with typst-special characters, and the CLI writing a PDF.
#![cfg(feature = "pdf")]

use std::process::Command;

use gep_calc::engine::{Accounts, Options, compute};
use gep_calc::i18n::Lang;
use gep_calc::model::Project;
use gep_calc::registry::Registry;
use gep_calc::report::chapters;
use gep_calc::report::doc::{Block, RowStyle};
use gep_calc::report::html::overview_gep_wan;
use gep_calc::report::pdf;

fn sample() -> (Project, Accounts) {
    let project = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let year = project.latest_year().unwrap_or_else(|| panic!("no period"));
    let accounts = compute(&project, Registry::builtin(), &Options::year(year))
        .unwrap_or_else(|e| panic!("{e}"));
    (project, accounts)
}

/// Text with whitespace removed (typst splits runs at line breaks).
fn squash(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Positions of `needle` in `hay`.
fn find_all(hay: &[u8], needle: &[u8]) -> Vec<usize> {
    hay.windows(needle.len())
        .enumerate()
        .filter(|(_, w)| *w == needle)
        .map(|(i, _)| i)
        .collect()
}

#[test]
fn sample_pdf_has_pages_an_embedded_font_subset_and_the_overview_gep() {
    let (p, a) = sample();
    for lang in [Lang::Zh, Lang::En] {
        let doc = chapters::build(&p, &a, Registry::builtin(), lang);
        // The Doc carries the region GEP exactly as the HTML value chapter prints it.
        let gep = overview_gep_wan(&a);
        let overview = doc
            .section("values")
            .unwrap_or_else(|| panic!("no value chapter"));
        let first = overview
            .tables()
            .next()
            .unwrap_or_else(|| panic!("no table"));
        let row = first
            .rows
            .iter()
            .find(|r| r.cells[0].text == "GEP")
            .unwrap_or_else(|| panic!("no GEP row"));
        assert_eq!(row.style, RowStyle::Total);
        assert_eq!(row.cells[1].text, gep);
        assert_eq!(gep, gep_calc::format::num(a.region.totals.gep / 1e4, 2));
        // Every character the report prints is in the bundled font (or drawn by a substitute).
        assert_eq!(pdf::missing_glyphs(&doc), Vec::<char>::new(), "{lang:?}");

        let out = pdf::render(&doc).unwrap_or_else(|e| panic!("{lang:?}: {e}"));
        let bytes = &out.bytes;
        assert!(bytes.starts_with(b"%PDF-"), "{lang:?}");
        assert!(bytes.ends_with(b"%%EOF\n") || bytes.ends_with(b"%%EOF"));
        // Cover, contents and 10 chapters each starting a page; the traces take many more.
        assert!(
            (15..=400).contains(&out.pages),
            "{lang:?}: {} pages",
            out.pages
        );
        // The font is embedded (a CFF program) and subset: its name has a 6-letter tag.
        assert!(
            !find_all(bytes, b"/FontFile3").is_empty(),
            "{lang:?}: no CFF font program"
        );
        let subset = find_all(bytes, b"+NotoSansCJK")
            .into_iter()
            .any(|i| i >= 6 && bytes[i - 6..i].iter().all(|b| b.is_ascii_uppercase()));
        assert!(subset, "{lang:?}: no subset font name");
        // Much smaller than the 3 MB font: only the glyphs used are embedded.
        assert!(bytes.len() < 2_000_000, "{lang:?}: {} bytes", bytes.len());

        let pages = pdf::page_texts(&doc).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(pages.len(), out.pages);
        let all = squash(&pages.concat());
        assert!(all.contains(&gep), "{lang:?}: GEP {gep} not printed");
        for c in &a.counties {
            assert!(
                all.contains(&squash(c.name_zh_or_en(lang))),
                "{lang:?}: {}",
                c.name_zh
            );
        }
        // Page numbers in the footer, the title in the header of page 2 on.
        let last = pages.last().map(String::as_str).unwrap_or_default();
        let n = out.pages.to_string();
        assert!(
            squash(last).contains(&n),
            "{lang:?}: last page lacks its number"
        );
        assert!(squash(&pages[1]).contains(&squash(&doc.title)));
        let headings = ["一、总则", "1Generalprovisions"];
        assert!(squash(&pages[1]).contains(headings[usize::from(lang == Lang::En)]));
    }
}

#[test]
fn pdf_is_deterministic() {
    let (p, a) = sample();
    let doc = chapters::build(&p, &a, Registry::builtin(), Lang::En);
    let one = pdf::render(&doc).unwrap_or_else(|e| panic!("{e}"));
    let two = pdf::render(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert!(one.bytes == two.bytes, "two renderings differ");
}

#[test]
fn typst_special_characters_in_user_text_are_printed_as_text() {
    let (mut p, _) = sample();
    let name = "A#*_$@<b>[c]\\d `e` =f= -g ~h //i 甲县";
    p.counties[0].name.zh = name.into();
    p.counties[0].name.en = name.into();
    p.meta.name = "#set page(width: 1pt) #{panic()} <x> @y $z$".into();
    p.price_overrides.insert(
        "reservoir_cost".into(),
        gep_calc::model::ParamOverride {
            value: 7.5,
            unit: None,
            price_year: None,
            source: "#pagebreak() *bold* _em_ [link](x) \\ }{ \"q\"".into(),
            tag: gep_calc::registry::Tag::U,
            note: String::new(),
        },
    );
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    let a =
        compute(&p, Registry::builtin(), &Options::year(year)).unwrap_or_else(|e| panic!("{e}"));
    let doc = chapters::build(&p, &a, Registry::builtin(), Lang::Zh);
    // The unverified parameter is marked with ⚠, which the template draws from another glyph.
    assert!(doc.blocks().any(
        |b| matches!(b, Block::Table(t) if t.rows.iter().any(|r| r.style == RowStyle::Unverified))
    ));
    let out = pdf::render(&doc).unwrap_or_else(|e| panic!("{e}"));
    assert!(out.bytes.starts_with(b"%PDF-"));
    let pages = pdf::page_texts(&doc).unwrap_or_else(|e| panic!("{e}"));
    let all = squash(&pages.concat());
    assert!(
        all.contains(&squash(name)),
        "county name not printed verbatim"
    );
    assert!(
        all.contains(&squash(&p.meta.name)),
        "project name not printed verbatim"
    );
    assert!(
        all.contains(&squash("#pagebreak() *bold* _em_ [link](x) \\ }{ \"q\"")),
        "source not printed verbatim"
    );
    assert!(all.contains("▲U"), "the U tag is not marked");
}

#[test]
fn cli_writes_a_pdf_report() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("s.pdf");
    let status = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["report", "sample_data/fuzhou_sample.ron", "--format", "pdf"])
        .arg("--out")
        .arg(&out)
        .args(["--lang", "en"])
        .status()?;
    assert!(status.success());
    let bytes = std::fs::read(&out)?;
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(!find_all(&bytes, b"/FontFile3").is_empty());
    // The same bytes as the library writes for the same accounts.
    let p = gep_calc::io::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/fuzhou_sample.ron"),
    )?;
    let year = p.latest_year().ok_or("no period")?;
    let a = compute(&p, Registry::builtin(), &Options::year(year))?;
    let lib = pdf::write_pdf(&p, &a, Registry::builtin(), Lang::En)?;
    assert!(bytes == lib, "the CLI's PDF differs from the library's");
    Ok(())
}
