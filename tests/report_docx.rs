//! The Word report and characters outside GB 2312: the sample as DOCX (every chapter a Word
//! heading, the CLI writing the same bytes as the library), and a county named "浉河区" (浉 is
//! not in the bundled GB 2312 subset) printed in the PDF and the DOCX.

use std::io::Read;
use std::process::Command;

use gep_calc::engine::{Accounts, Options, compute};
use gep_calc::i18n::Lang;
use gep_calc::model::Project;
use gep_calc::registry::Registry;
use gep_calc::report::{chapters, docx};

fn accounts(p: &Project) -> Accounts {
    let year = p.latest_year().unwrap_or_else(|| panic!("no period"));
    compute(p, Registry::builtin(), &Options::year(year)).unwrap_or_else(|e| panic!("{e}"))
}

/// The text of one part of a DOCX package.
fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut f = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}

/// The sample with its first county renamed 浉河区 (Shihe District, Xinyang).
fn shihe() -> Project {
    let mut p = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    p.counties[0].name.zh = "浉河区".into();
    p.counties[0].name.en = "Shihe District".into();
    p
}

#[test]
fn sample_docx_has_every_chapter_as_a_word_heading() {
    let p = gep_calc::sample::builtin().unwrap_or_else(|e| panic!("{e}"));
    let a = accounts(&p);
    for lang in [Lang::Zh, Lang::En] {
        let doc = chapters::build(&p, &a, Registry::builtin(), lang);
        let bytes = docx::render(&doc).unwrap_or_else(|e| panic!("{e}"));
        let xml = part(&bytes, "word/document.xml");
        for s in doc.sections.iter().skip(1) {
            let heading = format!(
                r#"<w:pStyle w:val="Heading1" /><w:pageBreakBefore /></w:pPr><w:r><w:rPr /><w:t xml:space="preserve">{}</w:t>"#,
                s.heading
            );
            assert!(
                xml.contains(&heading),
                "{lang:?}: {} is no Heading 1",
                s.heading
            );
        }
        let key_values = doc
            .blocks()
            .filter(|b| matches!(b, gep_calc::report::doc::Block::KeyValues(_)))
            .count();
        assert!(xml.matches("<w:tbl>").count() > 20);
        assert_eq!(
            xml.matches("<w:tblHeader />").count(),
            xml.matches("<w:tbl>").count() - key_values,
            "{lang:?}: every table but the label–value lists repeats its header row"
        );
        for c in &a.counties {
            // Word's XML escapes the apostrophe of "Le'an County".
            let name = c.name_zh_or_en(lang).replace('\'', "&apos;");
            assert!(xml.contains(&name), "{lang:?}: {}", c.name_zh);
        }
    }
}

#[test]
fn cli_writes_the_same_docx_as_the_library() -> Result<(), Box<dyn std::error::Error>> {
    let dir = tempfile::tempdir()?;
    let out = dir.path().join("s.docx");
    let status = Command::new(env!("CARGO_BIN_EXE_gep-calc"))
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .args([
            "report",
            "sample_data/fuzhou_sample.ron",
            "--format",
            "docx",
        ])
        .arg("--out")
        .arg(&out)
        .status()?;
    assert!(status.success());
    let bytes = std::fs::read(&out)?;
    let p = gep_calc::io::load(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_data/fuzhou_sample.ron"),
    )?;
    let lib = docx::write_docx(&p, &accounts(&p), Registry::builtin(), Lang::Zh)?;
    assert!(bytes == lib, "the CLI's DOCX differs from the library's");
    Ok(())
}

#[test]
fn a_county_named_with_a_character_outside_gb2312_prints_in_docx_and_pdf()
-> Result<(), Box<dyn std::error::Error>> {
    let p = shihe();
    let a = accounts(&p);
    let reg = Registry::builtin();
    let dir = tempfile::tempdir()?;

    let docx = docx::write_docx(&p, &a, reg, Lang::Zh)?;
    assert!(part(&docx, "word/document.xml").contains("浉河区"));

    if !gep_calc::report::pdf::BUILT {
        return Ok(());
    }
    let pdf = gep_calc::report::pdf::write_pdf(&p, &a, reg, Lang::Zh)?;
    let path = dir.path().join("shihe.pdf");
    std::fs::write(&path, &pdf)?;
    let fallback = gep_calc::fonts::fallback_for(&std::collections::BTreeSet::from(['浉']));
    let Ok(out) = Command::new("pdftotext")
        .arg("-enc")
        .arg("UTF-8")
        .arg(&path)
        .arg("-")
        .output()
    else {
        eprintln!("skipped the PDF text check: pdftotext (poppler-utils) is not installed");
        return Ok(());
    };
    let text: String = String::from_utf8_lossy(&out.stdout)
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect();
    if fallback.missing.is_empty() {
        assert!(text.contains("浉河区"), "浉河区 not in the PDF's text");
    } else {
        // No font on this computer has 浉: the cover says so.
        eprintln!("no system font has 浉: checking the notice instead");
        assert!(
            text.contains("U+6D49"),
            "the missing character is not named"
        );
    }
    Ok(())
}
