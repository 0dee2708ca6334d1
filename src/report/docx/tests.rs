//! Tests of the Word report: the package opens as a zip with the parts Word needs, the
//! headings carry Word's heading styles, tables are Word tables with a repeating header row,
//! figures are PNG images.

use std::io::Read;

use super::*;
use crate::report::doc::{Column, Row, Table};

/// The text of one part of a DOCX package.
pub(crate) fn part(docx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("zip");
    let mut f = zip.by_name(name).unwrap_or_else(|e| panic!("{name}: {e}"));
    let mut s = String::new();
    f.read_to_string(&mut s).expect("utf-8");
    s
}

fn small_doc() -> Doc {
    let mut cover = Section::new("cover", SectionKind::Cover, "生态产品总值（GEP）核算报告");
    cover.push(Block::KeyValues(vec![("核算区域".into(), "信阳市".into())]));
    let mut ch = Section::new("overview", SectionKind::Chapter, "一、核算总览");
    ch.push(Block::Heading("各县区".into()));
    ch.push(Block::Para("正文".into()));
    ch.push(Block::List(vec!["甲".into(), "乙".into()]));
    ch.push(Block::Table(Table {
        columns: vec![Column::nowrap("县区"), Column::number("GEP（万元）")],
        rows: vec![
            Row::plain(["浉河区", "1,234.56"]),
            Row::new(RowStyle::Total, ["合计", "1,234.56"]),
        ],
        stub: 1,
    }));
    ch.push(Block::Figure(Figure {
        svg: r##"<svg xmlns="http://www.w3.org/2000/svg" width="400" height="200"><rect width="200" height="200" fill="#3c8c5a"/><text x="210" y="100" font-size="20">浉河区</text></svg>"##.into(),
        width: 400,
        height: 200,
        caption: "图 1 各县区 GEP".into(),
    }));
    Doc {
        lang: Lang::Zh,
        title: "生态产品总值（GEP）核算报告".into(),
        subject: "信阳市".into(),
        sections: vec![cover, ch],
    }
}

use crate::report::doc::RowStyle;

#[test]
fn headings_tables_and_figures_are_real_word_objects() {
    let bytes = render(&small_doc()).expect("docx");
    let doc = part(&bytes, "word/document.xml");
    assert!(
        doc.contains(r#"<w:pStyle w:val="Heading1" />"#),
        "no Heading 1"
    );
    assert!(
        doc.contains(r#"<w:pStyle w:val="Heading2" />"#),
        "no Heading 2"
    );
    assert!(
        doc.contains("TOC \\o &quot;1-2&quot;") || doc.contains("TOC \\o \"1-2\""),
        "no TOC field"
    );
    assert!(doc.contains("<w:tbl>"), "no table");
    assert!(
        doc.contains("<w:tblHeader />"),
        "header row does not repeat"
    );
    assert!(
        doc.contains(r#"<w:jc w:val="right" />"#),
        "numbers not right-aligned"
    );
    assert!(doc.contains("浉河区"));
    assert!(doc.contains("<w:numPr>"), "list is not a Word list");
    let styles = part(&bytes, "word/styles.xml");
    assert!(styles.contains(r#"<w:name w:val="heading 1" />"#));
    assert!(
        styles.contains(r#"w:eastAsia="宋体""#),
        "no East Asian font"
    );
    let settings = part(&bytes, "word/settings.xml");
    assert!(settings.contains("<w:updateFields w:val=\"true\" />"));
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(&bytes)).expect("zip");
    let media: Vec<String> = zip
        .file_names()
        .filter(|n| n.starts_with("word/media/") && n.ends_with(".png"))
        .map(String::from)
        .collect();
    assert_eq!(media.len(), 1, "{media:?}");
    let mut png = Vec::new();
    zip.by_name(&media[0])
        .expect("image")
        .read_to_end(&mut png)
        .expect("read");
    assert!(png.starts_with(b"\x89PNG"));
}

#[test]
fn the_same_doc_gives_the_same_bytes() {
    let one = render(&small_doc()).expect("docx");
    // Another document in between moves docx-rs's counters.
    render(&small_doc()).expect("docx");
    let two = render(&small_doc()).expect("docx");
    assert!(one == two, "two renderings differ");
    assert!(!part(&one, "word/document.xml").contains("paraId"));
}

#[test]
fn para_ids_are_removed_and_nothing_else() {
    let xml = br#"<w:p w14:paraId="0000000a"><w:t>a</w:t></w:p><w:p w14:paraId="b">"#;
    assert_eq!(
        String::from_utf8_lossy(&without_para_ids(xml)),
        "<w:p><w:t>a</w:t></w:p><w:p>"
    );
}

/// The style of the last paragraph whose text is `text` (the body after the contents).
fn style_of<'a>(doc: &'a str, text: &str) -> &'a str {
    let at = doc
        .rfind(&format!(">{text}<"))
        .unwrap_or_else(|| panic!("no {text}"));
    let open = doc[..at].rfind("<w:p>").unwrap_or(0);
    let style = doc[open..at]
        .split(r#"<w:pStyle w:val=""#)
        .nth(1)
        .unwrap_or_else(|| panic!("{text} has no style"));
    &style[..style.find('"').unwrap_or(0)]
}

#[test]
fn heading_levels_follow_the_doc_and_the_contents_lists_chapter_sections() {
    let mut d = small_doc();
    d.sections[1].push(Block::Subheading("1. 农业产品".into()));
    let mut appx = Section::new("appendix-traces", SectionKind::Appendix, "附表 1 计算过程");
    appx.push(Block::Heading("临川区".into()));
    d.sections.push(appx);
    let doc = part(&render(&d).expect("docx"), "word/document.xml");
    assert_eq!(style_of(&doc, "一、核算总览"), "Heading1");
    assert_eq!(style_of(&doc, "各县区"), "Heading2");
    assert_eq!(style_of(&doc, "1. 农业产品"), "Heading3");
    assert_eq!(style_of(&doc, "临川区"), "Heading3");
    // The contents as written (before Word updates it): chapters, their sections, appendices.
    let toc: Vec<&str> = doc
        .split(r#"<w:pStyle w:val="TOC"#)
        .skip(1)
        .map(|p| {
            let t = p.split("<w:t xml:space=\"preserve\">").nth(1).unwrap_or("");
            &t[..t.find('<').unwrap_or(0)]
        })
        .collect();
    assert_eq!(toc, ["一、核算总览", "各县区", "附表 1 计算过程"]);
}
