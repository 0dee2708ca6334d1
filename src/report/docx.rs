//! The GEP accounting report as an editable Word document (DOCX), for the county office that
//! revises and submits it.
//!
//! Owns the Word rendering of a `doc::Doc` (the same content as the HTML and PDF reports):
//! `write_docx(project, accounts, registry, lang)` builds the document (`chapters`) and writes it
//! with `docx-rs`. Chapters are Word "Heading 1" paragraphs, their sections "Heading 2" and
//! sub-sections "Heading 3", an appendix's sections "Heading 3" and trace titles "Heading 4",
//! so the table-of-contents field after the cover (Heading 1–2) updates in Word and WPS
//! (it is marked dirty: Word offers to update it on opening). Tables are Word tables with the
//! header row repeated on every page, numbers right-aligned and tables too wide for the page
//! split into parts that repeat the stub columns (`table`); figures are PNG images rasterised
//! from their SVG (`view::chart::raster`). East Asian text is set in 宋体 (headings 黑体),
//! Latin text in Times New Roman / Arial; the font table names each face's alternative and the
//! bundled font's family, so a computer without them substitutes a Chinese face.
//!
//! Large reports keep the limits of `budget` (as the PDF). Characters no font of this computer
//! has are named on the cover (`glyphs`). No clock: the same accounts give the same document.

mod table;

use std::io::Cursor;

use docx_rs::{
    AbstractNumbering, AlignmentType, Docx, Footer, IndentLevel, Level, LevelJc, LevelText,
    LineSpacing, NumberFormat, Numbering, NumberingId, PageMargin, PageNum, Paragraph, Pic, Run,
    RunFonts, Shading, SpecialIndentType, Start, Style, StyleType, VertAlignType,
};

use crate::engine::Accounts;
use crate::i18n::{Lang, t};
use crate::model::Project;
use crate::registry::Registry;

use super::ReportError;
use super::budget::{self, Paged};
use super::doc::{Block, Doc, Figure, NoteKind, Script, Section, SectionKind, Trace};
use super::glyphs;

/// A4 in twentieths of a point, and the page margins.
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_X: i32 = 1247;
const MARGIN_Y: i32 = 1417;
/// The width text may take (twips).
pub(crate) const TEXT_WIDTH: u32 = PAGE_W - 2 * MARGIN_X as u32;
/// The tallest a figure is printed (twips), leaving room for its caption.
const FIGURE_MAX_H: u32 = 11_000;
/// A figure's image is rasterised at this many pixels per printed inch.
const FIGURE_DPI: u32 = 200;
/// Colours of the house style (as the PDF template).
const INK_HEADING: &str = "1F4E33";
const INK_GREY: &str = "555555";
const INK_NOTICE: &str = "C0392B";
const BULLETS: usize = 1;

/// The report of `accounts` in `lang` as DOCX bytes.
pub fn write_docx(
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    render(&super::chapters::build(project, accounts, registry, lang))
}

/// `doc` as DOCX bytes.
pub fn render(doc: &Doc) -> Result<Vec<u8>, ReportError> {
    let lang = doc.lang;
    let mut w = Writer {
        lang,
        docx: base(lang),
        images: 0,
        section_style: "Heading2",
    };
    let notice = glyphs::check(doc, |_| false).notice(lang);
    if let Some(n) = &notice {
        log::warn!("Word report: {n}");
    }
    for s in &doc.sections {
        match s.kind {
            SectionKind::Cover => {
                w.cover(doc, s, notice.as_deref())?;
                w.contents();
            }
            SectionKind::Chapter | SectionKind::Appendix => w.section(s)?,
        }
    }
    pack(w.docx, &toc_field(&toc_entries(doc)))
}

struct Writer {
    lang: Lang,
    docx: Docx,
    /// Images so far (their ids are numbered per document, not by docx-rs's process counter).
    images: usize,
    /// Word style of a section heading: "Heading2" in a chapter; "Heading3" in an appendix, so
    /// the contents (Heading 1–2) list the chapters' sections, not every county of the traces.
    section_style: &'static str,
}

fn err(e: impl std::fmt::Display) -> ReportError {
    ReportError::Docx(e.to_string())
}

fn fonts(east_asia: &str, latin: &str) -> RunFonts {
    RunFonts::new()
        .east_asia(east_asia)
        .ascii(latin)
        .hi_ansi(latin)
        .cs(latin)
}

/// Paragraph spacing: `before` and `after` in twips, line at `line` / 240 of single.
fn spacing(before: u32, after: u32, line: i32) -> LineSpacing {
    LineSpacing::new()
        .before(before)
        .after(after)
        .line(line)
        .line_rule(docx_rs::LineSpacingType::Auto)
}

/// The document with page set-up, styles, bullets and the page-number footer.
fn base(lang: Lang) -> Docx {
    let heading = |id: &str, name: &str, level: usize, size: usize, before: u32| {
        Style::new(id, StyleType::Paragraph)
            .name(name)
            .based_on("Normal")
            .next("Normal")
            .q_format(true)
            .outline_lvl(level)
            .fonts(fonts("黑体", "Arial"))
            .size(size)
            .bold()
            .color(INK_HEADING)
            .line_spacing(spacing(before, 120, 240))
    };
    let footer = {
        let page = t(lang, "dx_page");
        let (before, after) = page.split_once("{n}").unwrap_or(("", ""));
        Footer::new().add_paragraph(
            Paragraph::new()
                .align(AlignmentType::Center)
                .add_run(Run::new().add_text(before).size(18).color(INK_GREY))
                .add_page_num(PageNum::new())
                .add_run(Run::new().add_text(after).size(18).color(INK_GREY)),
        )
    };
    Docx::new()
        .page_size(PAGE_W, PAGE_H)
        .page_margin(
            PageMargin::new()
                .top(MARGIN_Y)
                .bottom(MARGIN_Y)
                .left(MARGIN_X)
                .right(MARGIN_X)
                .header(851)
                .footer(850),
        )
        .default_fonts(fonts("宋体", "Times New Roman"))
        .default_size(21)
        .add_style(
            Style::new("Normal", StyleType::Paragraph)
                .name("Normal")
                .q_format(true)
                .line_spacing(spacing(0, 100, 300)),
        )
        .add_style(
            Style::new("Title", StyleType::Paragraph)
                .name("Title")
                .based_on("Normal")
                .q_format(true)
                .fonts(fonts("黑体", "Arial"))
                .size(44)
                .bold()
                .color(INK_HEADING)
                .align(AlignmentType::Center),
        )
        .add_style(heading("Heading1", "heading 1", 0, 32, 240))
        .add_style(heading("Heading2", "heading 2", 1, 28, 240))
        .add_style(heading("Heading3", "heading 3", 2, 22, 160))
        .add_style(heading("Heading4", "heading 4", 3, 21, 120))
        .add_style(
            Style::new("TOC1", StyleType::Paragraph)
                .name("toc 1")
                .based_on("Normal")
                .next("Normal")
                .line_spacing(spacing(60, 60, 276)),
        )
        .add_style(
            Style::new("TOC2", StyleType::Paragraph)
                .name("toc 2")
                .based_on("Normal")
                .next("Normal")
                .indent(Some(420), None, None, None)
                .line_spacing(spacing(0, 40, 276)),
        )
        .add_style(
            Style::new("Caption", StyleType::Paragraph)
                .name("caption")
                .based_on("Normal")
                .q_format(true)
                .size(18)
                .color(INK_GREY)
                .align(AlignmentType::Center)
                .line_spacing(spacing(60, 200, 240)),
        )
        .add_style(
            Style::new("Note", StyleType::Paragraph)
                .name("Note")
                .based_on("Normal")
                .size(18)
                .color(INK_GREY),
        )
        .add_style(
            Style::new("TableText", StyleType::Paragraph)
                .name("Table Text")
                .based_on("Normal")
                .size(table::FONT_HALF_PT)
                .line_spacing(spacing(0, 0, 240)),
        )
        .add_style(
            Style::new("Formula", StyleType::Paragraph)
                .name("Formula")
                .based_on("Normal")
                .fonts(fonts("宋体", "Cambria Math"))
                .size(19),
        )
        .add_abstract_numbering(
            AbstractNumbering::new(BULLETS).add_level(
                Level::new(
                    0,
                    Start::new(1),
                    NumberFormat::new("bullet"),
                    LevelText::new("•"),
                    LevelJc::new("left"),
                )
                .indent(
                    Some(420),
                    Some(SpecialIndentType::Hanging(280)),
                    None,
                    None,
                ),
            ),
        )
        .add_numbering(Numbering::new(BULLETS, BULLETS))
        .footer(footer)
}

impl Writer {
    fn push(&mut self, p: Paragraph) {
        let d = std::mem::take(&mut self.docx);
        self.docx = d.add_paragraph(p);
    }

    fn push_table(&mut self, tb: docx_rs::Table) {
        let d = std::mem::take(&mut self.docx);
        self.docx = d.add_table(tb);
    }

    fn text(&mut self, style: &str, s: &str) {
        self.push(
            Paragraph::new()
                .style(style)
                .add_run(Run::new().add_text(s)),
        );
    }

    fn cover(&mut self, doc: &Doc, s: &Section, notice: Option<&str>) -> Result<(), ReportError> {
        self.push(Paragraph::new().line_spacing(spacing(2400, 0, 240)));
        self.text("Title", &s.heading);
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .line_spacing(spacing(240, 600, 240))
                .add_run(Run::new().add_text(&doc.subject).size(30).color(INK_GREY)),
        );
        if let Some(n) = notice {
            self.note(NoteKind::Warning, n);
        }
        for b in &s.blocks {
            self.block(b)?;
        }
        Ok(())
    }

    /// The table of contents on its own page after the cover: a TOC field over Heading 1–2.
    fn contents(&mut self) {
        self.push(
            Paragraph::new()
                .page_break_before(true)
                .align(AlignmentType::Center)
                .line_spacing(spacing(0, 240, 240))
                .add_run(
                    Run::new()
                        .add_text(t(self.lang, "dx_contents"))
                        .fonts(fonts("黑体", "Arial"))
                        .size(32)
                        .bold()
                        .color(INK_HEADING),
                ),
        );
        // docx-rs's own field nests content controls that LibreOffice shows as field code:
        // a placeholder paragraph here becomes the field in `pack`.
        self.push(Paragraph::new().add_run(Run::new().add_text(TOC_PLACEHOLDER)));
        self.push(
            Paragraph::new()
                .style("Note")
                .add_run(Run::new().add_text(t(self.lang, "dx_toc_hint"))),
        );
    }

    fn section(&mut self, s: &Section) -> Result<(), ReportError> {
        self.section_style = if s.kind == SectionKind::Appendix {
            "Heading3"
        } else {
            "Heading2"
        };
        self.push(
            Paragraph::new()
                .style("Heading1")
                .page_break_before(true)
                .add_run(Run::new().add_text(&s.heading)),
        );
        let cut = if s.id == "appendix-traces" {
            budget::trace_cut(&s.blocks, budget::TRACE_STEP_BUDGET)
        } else {
            None
        };
        match cut {
            None => {
                for b in &s.blocks {
                    self.block(b)?;
                }
            }
            Some(c) => {
                for b in &s.blocks[..c.lead] {
                    self.block(b)?;
                }
                self.note(NoteKind::Warning, &c.notice(self.lang, Paged::Docx));
                for b in &s.blocks[c.lead..c.cut] {
                    self.block(b)?;
                }
            }
        }
        Ok(())
    }

    fn note(&mut self, kind: NoteKind, s: &str) {
        let p = match kind {
            NoteKind::Info => Paragraph::new()
                .style("Note")
                .add_run(Run::new().add_text(s)),
            NoteKind::Warning => Paragraph::new()
                .line_spacing(spacing(120, 120, 276))
                .add_run(
                    Run::new()
                        .add_text(s)
                        .bold()
                        .color(INK_NOTICE)
                        .shading(Shading::new().fill("FDEDEC")),
                ),
        };
        self.push(p);
    }

    fn block(&mut self, b: &Block) -> Result<(), ReportError> {
        match b {
            Block::Heading(h) => self.push(
                Paragraph::new()
                    .style(self.section_style)
                    .keep_next(true)
                    .add_run(Run::new().add_text(h)),
            ),
            Block::Subheading(h) => self.push(
                Paragraph::new()
                    .style("Heading3")
                    .keep_next(true)
                    .add_run(Run::new().add_text(h)),
            ),
            Block::Para(p) => self.text("Normal", p),
            Block::TableCaption(c) => self.push(
                Paragraph::new()
                    .style("Caption")
                    .keep_next(true)
                    .add_run(Run::new().add_text(c)),
            ),
            Block::Note(kind, text) => self.note(*kind, text),
            Block::List(items) => {
                for i in items {
                    self.push(
                        Paragraph::new()
                            .numbering(NumberingId::new(BULLETS), IndentLevel::new(0))
                            .add_run(Run::new().add_text(i)),
                    );
                }
            }
            Block::KeyValues(pairs) => self.push_table(table::key_values(pairs)),
            Block::Table(tb) => self.table(tb),
            Block::Figure(f) => self.figure(f)?,
            Block::Trace(tr) => self.trace(tr),
            Block::Formula(f) => self.formula(f),
        }
        Ok(())
    }

    /// The formula in its linear form, centred, then "式中：" and each symbol with its meaning
    /// (Word's equation objects would not survive every WPS version; the text always does).
    fn formula(&mut self, f: &super::doc::Formula) {
        self.push(
            formula_runs(&f.text, true, Paragraph::new())
                .align(AlignmentType::Center)
                .keep_next(!f.symbols.is_empty()),
        );
        if f.symbols.is_empty() {
            return;
        }
        self.text("Normal", crate::i18n::t(self.lang, "rs_formula_where"));
        for s in &f.symbols {
            self.push(
                formula_runs(&s.text, true, Paragraph::new())
                    .indent(Some(420), None, None, None)
                    .add_run(Run::new().add_text(format!(" — {}", s.meaning))),
            );
        }
    }

    fn table(&mut self, tb: &super::doc::Table) {
        let cut = budget::table_cut(tb, self.lang, Paged::Docx);
        if let Some(n) = &cut.notice {
            self.note(NoteKind::Info, n);
        }
        let parts = table::parts(tb, &cut.rows, &cut.cols, self.lang);
        for part in parts {
            if let Some(label) = &part.label {
                self.note(NoteKind::Info, label);
            }
            self.push_table(part.table);
            // Word merges adjacent tables: a small empty paragraph keeps them apart.
            self.push(
                Paragraph::new()
                    .style("TableText")
                    .add_run(Run::new().add_text("")),
            );
        }
    }

    fn figure(&mut self, f: &Figure) -> Result<(), ReportError> {
        let (w, h) = (f64::from(f.width.max(1)), f64::from(f.height.max(1)));
        let width_tw = f64::from(TEXT_WIDTH).min(f64::from(FIGURE_MAX_H) * w / h);
        let height_tw = width_tw * h / w;
        let px = (width_tw / 1440.0 * f64::from(FIGURE_DPI)).round() as u32;
        let png =
            crate::view::chart::raster::svg_to_png(&f.svg, px.clamp(200, 3000)).map_err(err)?;
        // 1 twip = 635 EMU.
        self.images += 1;
        let pic = Pic::new_with_dimensions(png, px, (px as f64 * h / w).round() as u32)
            .id(format!("rIdImage{}", self.images))
            .size((width_tw * 635.0) as u32, (height_tw * 635.0) as u32);
        self.push(
            Paragraph::new()
                .align(AlignmentType::Center)
                .keep_next(true)
                .line_spacing(spacing(120, 0, 240))
                .add_run(Run::new().add_image(pic)),
        );
        self.text("Caption", &f.caption);
        Ok(())
    }

    fn trace(&mut self, tr: &Trace) {
        self.push(
            Paragraph::new()
                .style("Heading4")
                .keep_next(true)
                .add_run(Run::new().add_text(&tr.title)),
        );
        self.push(
            Paragraph::new().style("Formula").keep_next(true).add_run(
                Run::new()
                    .add_text(&tr.formula)
                    .shading(Shading::new().fill("F4F4F4")),
            ),
        );
        self.table(&tr.steps);
    }
}

/// `p` with the linear formula `text` added as runs, sub- and superscripts set as such
/// (`doc::scripts`), in italics when `italic`.
fn formula_runs(text: &str, italic: bool, mut p: Paragraph) -> Paragraph {
    for (k, s) in super::doc::scripts(text) {
        let mut r = Run::new().add_text(s);
        if italic {
            r = r.italic();
        }
        r.run_property = match k {
            Script::Base => r.run_property,
            Script::Sub => r.run_property.vert_align(VertAlignType::SubScript),
            Script::Super => r.run_property.vert_align(VertAlignType::SuperScript),
        };
        p = p.add_run(r);
    }
    p
}

/// Text of the paragraph `pack` replaces with the table-of-contents field.
const TOC_PLACEHOLDER: &str = "\u{E000}TOC\u{E000}";

/// The headings the table of contents lists: (level 1 or 2, text).
fn toc_entries(doc: &Doc) -> Vec<(u8, &str)> {
    let mut out = Vec::new();
    for s in doc.sections.iter().filter(|s| s.kind != SectionKind::Cover) {
        out.push((1, s.heading.as_str()));
        if s.kind != SectionKind::Chapter {
            continue;
        }
        for b in &s.blocks {
            if let Block::Heading(h) = b {
                out.push((2, h.as_str()));
            }
        }
    }
    out
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The table-of-contents field over Heading 1–2, marked dirty so Word and WPS rebuild it with
/// page numbers; until then it lists the headings.
fn toc_field(entries: &[(u8, &str)]) -> String {
    let tab =
        format!(r#"<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{TEXT_WIDTH}" /></w:tabs>"#);
    let para = |level: u8, runs: &str| {
        format!(r#"<w:p><w:pPr><w:pStyle w:val="TOC{level}" />{tab}</w:pPr>{runs}</w:p>"#)
    };
    let text = |s: &str| {
        format!(
            r#"<w:r><w:t xml:space="preserve">{}</w:t></w:r>"#,
            xml_escape(s)
        )
    };
    let begin = r#"<w:r><w:fldChar w:fldCharType="begin" w:dirty="true" /></w:r><w:r><w:instrText xml:space="preserve"> TOC \o "1-2" \h \z \u </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate" /></w:r>"#;
    let end = r#"<w:r><w:fldChar w:fldCharType="end" /></w:r>"#;
    let mut out = String::new();
    let n = entries.len();
    for (k, (level, s)) in entries.iter().enumerate() {
        let mut runs = String::new();
        if k == 0 {
            runs.push_str(begin);
        }
        runs.push_str(&text(s));
        if k + 1 == n {
            runs.push_str(end);
        }
        out.push_str(&para(*level, &runs));
    }
    if n == 0 {
        out = para(1, &format!("{begin}{end}"));
    }
    out
}

/// `document` with the placeholder paragraph replaced by `field`.
fn put_toc(document: &[u8], field: &str) -> Vec<u8> {
    let s = String::from_utf8_lossy(document);
    let Some(at) = s.find(TOC_PLACEHOLDER) else {
        return document.to_vec();
    };
    let start = s[..at].rfind("<w:p ").or_else(|| s[..at].rfind("<w:p>"));
    let end = s[at..].find("</w:p>").map(|k| at + k + "</w:p>".len());
    match (start, end) {
        (Some(a), Some(b)) => format!("{}{field}{}", &s[..a], &s[b..]).into_bytes(),
        _ => document.to_vec(),
    }
}

/// Writes the package: docx-rs's parts with the table of contents, the header rows marked to
/// repeat, the fields set to update on opening and a font table that names Chinese
/// alternatives.
fn pack(docx: Docx, toc: &str) -> Result<Vec<u8>, ReportError> {
    let mut xml = docx.build();
    xml.document = without_para_ids(&put_toc(&table::mark_header_rows(&xml.document), toc));
    xml.settings = update_fields(&xml.settings);
    xml.font_table = FONT_TABLE.as_bytes().to_vec();
    let mut out = Cursor::new(Vec::new());
    xml.pack(&mut out).map_err(err)?;
    Ok(out.into_inner())
}

/// `document` without the optional `w14:paraId` attributes, which docx-rs numbers from a
/// thread-wide counter: the same report gives the same bytes.
fn without_para_ids(document: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(document);
    let mut out = String::with_capacity(s.len());
    let mut rest: &str = &s;
    const ATTR: &str = " w14:paraId=\"";
    while let Some(i) = rest.find(ATTR) {
        out.push_str(&rest[..i]);
        let after = &rest[i + ATTR.len()..];
        rest = after.find('"').map_or("", |k| &after[k + 1..]);
    }
    out.push_str(rest);
    out.into_bytes()
}

/// `settings.xml` with `<w:updateFields>` (before `<w:compat>`, where the schema puts it), so
/// Word refreshes the table of contents when the file is opened.
fn update_fields(settings: &[u8]) -> Vec<u8> {
    let s = String::from_utf8_lossy(settings);
    match s.find("<w:compat>") {
        Some(i) => format!("{}<w:updateFields w:val=\"true\" />{}", &s[..i], &s[i..]).into_bytes(),
        None => settings.to_vec(),
    }
}

/// The fonts the document names, with the names Word matches on other systems and the
/// bundled font's family as the next choice for Chinese text.
const FONT_TABLE: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304" /><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font><w:font w:name="Arial"><w:panose1 w:val="020B0604020202020204" /><w:charset w:val="00" /><w:family w:val="swiss" /><w:pitch w:val="variable" /></w:font><w:font w:name="宋体"><w:altName w:val="SimSun" /><w:panose1 w:val="02010600030101010101" /><w:charset w:val="86" /><w:family w:val="auto" /><w:pitch w:val="variable" /></w:font><w:font w:name="黑体"><w:altName w:val="SimHei" /><w:panose1 w:val="02010609060101010101" /><w:charset w:val="86" /><w:family w:val="modern" /><w:pitch w:val="fixed" /></w:font><w:font w:name="Cambria Math"><w:panose1 w:val="02040503050406030204" /><w:charset w:val="00" /><w:family w:val="roman" /><w:pitch w:val="variable" /></w:font><w:font w:name="Noto Sans CJK SC"><w:altName w:val="Noto Sans SC" /><w:charset w:val="86" /><w:family w:val="swiss" /><w:pitch w:val="variable" /></w:font></w:fonts>"#;

#[cfg(test)]
mod tests;
