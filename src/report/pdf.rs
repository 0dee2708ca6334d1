//! The GEP accounting report as an A4 PDF (cargo feature `pdf`).
//!
//! Owns the PDF rendering of a `doc::Doc`: `write_pdf(project, accounts, registry, lang)`
//! builds the document (`chapters`) and lays it out with typst, fully offline — the font is the
//! bundled GB 2312 subset of Noto Sans CJK SC (embedded as a subset), no packages, no clock, so
//! the same accounts give the same bytes. Only when the report has characters outside the
//! subset (a county named "浉河区") are the system fonts that draw them handed to typst as
//! fallbacks (`glyphs`); a character no font has is named on the cover.
//!
//! The document goes to the typst template (`assets/report/report.typ`) as data, never as
//! markup: this module turns the `Doc` into JSON which the template reads with `json()` and
//! places as text, so user text (county names, sources with `#`, `*`, `$`, `<`, …) needs no
//! escaping and cannot change the layout. Decisions that need the font's metrics are made here:
//! column widths, and the split of tables too wide for the page into parts that repeat the
//! row labels. Characters the font lacks (⚠, some super- and subscripts) are drawn from ones it
//! has by rules the template applies. Very large reports keep the limits of `budget`: Appendix B
//! to the traces of the first counties, and tables of more than `budget::TABLE_ROW_BUDGET` rows
//! to their first rows and totals, each cut stated where it happens.
//!
//! Without the `pdf` feature `write_pdf` returns `ReportError::PdfNotBuilt`.

use crate::engine::Accounts;
use crate::i18n::Lang;
use crate::model::Project;
use crate::registry::Registry;

use super::ReportError;
#[cfg(feature = "pdf")]
use super::doc::Doc;

/// Whether this build can write PDF reports (cargo feature `pdf`).
pub const BUILT: bool = cfg!(feature = "pdf");

/// The report of `accounts` in `lang` as PDF bytes.
pub fn write_pdf(
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> Result<Vec<u8>, ReportError> {
    #[cfg(feature = "pdf")]
    {
        render(&super::chapters::build(project, accounts, registry, lang)).map(|p| p.bytes)
    }
    #[cfg(not(feature = "pdf"))]
    {
        let _ = (project, accounts, registry, lang);
        Err(ReportError::PdfNotBuilt)
    }
}

pub use super::budget::TRACE_STEP_BUDGET;
#[cfg(feature = "pdf")]
pub use imp::{FONT, Pdf, missing_glyphs, page_texts, render, typst_source};

#[cfg(feature = "pdf")]
mod imp {
    use std::sync::OnceLock;

    use serde::Serialize;
    use typst::layout::{Frame, FrameItem};
    use typst_as_lib::TypstEngine;
    use typst_layout::PagedDocument;

    use super::{Doc, ReportError};
    use crate::i18n::Lang;
    use crate::report::budget::{self, Paged};
    use crate::report::doc::{Align, Block, NoteKind, RowStyle, SectionKind, Table};
    use crate::report::glyphs;

    /// The bundled font (family "Noto Sans CJK SC", GB 2312 subset, SIL OFL 1.1).
    pub const FONT: &[u8] = crate::fonts::CJK_FONT;
    const TEMPLATE: &str = include_str!("../../assets/report/report.typ");

    /// The typst template the PDF is laid out with.
    pub fn typst_source() -> &'static str {
        TEMPLATE
    }

    // Page geometry of the template: A4, 15 mm side margins.
    const TEXT_WIDTH_PT: f64 = 595.28 - 2.0 * 42.52;
    /// The tallest a figure may be, leaving room for its caption and the section heading.
    const FIGURE_MAX_HEIGHT_PT: f64 = 600.0;
    /// Table text size and cell padding (left + right + rule) in the template.
    const TABLE_FONT_PT: f64 = 7.5;
    const CELL_PAD_PT: f64 = 6.6;
    /// A wrapping text column is not planned wider than this.
    const WRAP_CAP_PT: f64 = 150.0;
    /// A header may wrap; it is not planned wider than this.
    const HEADER_CAP_PT: f64 = 44.0;
    /// Traces with more steps than this may break across pages.
    const LONG_TRACE_ROWS: usize = 30;

    fn face() -> Option<&'static ttf_parser::Face<'static>> {
        static F: OnceLock<Option<ttf_parser::Face<'static>>> = OnceLock::new();
        F.get_or_init(|| ttf_parser::Face::parse(FONT, 0).ok())
            .as_ref()
    }

    /// Width of `s` in em (advance widths, no kerning); unknown glyphs count as 1 em.
    fn width_em(s: &str) -> f64 {
        let Some(ttf) = face() else {
            return s.chars().count() as f64;
        };
        let upem = f64::from(ttf.units_per_em());
        s.chars()
            .map(|c| {
                ttf.glyph_index(c)
                    .and_then(|g| ttf.glyph_hor_advance(g))
                    .map_or(1.0, |a| f64::from(a) / upem)
            })
            .sum()
    }

    /// How the template draws a character the font lacks: (kind, replacement).
    fn substitute(c: char) -> Option<(&'static str, &'static str)> {
        const SUP: [&str; 10] = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
        Some(match c {
            '⁰' => ("super", SUP[0]),
            '¹' => ("super", SUP[1]),
            '²' => ("super", SUP[2]),
            '³' => ("super", SUP[3]),
            '⁴'..='⁹' => ("super", SUP[c as usize - '⁰' as usize]),
            '⁺' => ("super", "+"),
            '⁻' => ("super", "−"),
            '₀'..='₉' => ("sub", SUP[c as usize - '₀' as usize]),
            '₊' => ("sub", "+"),
            '₋' => ("sub", "−"),
            '⚠' => ("symbol", "▲"),
            '✓' => ("symbol", "√"),
            '⋅' => ("symbol", "·"),
            _ => return None,
        })
    }

    /// Characters of `doc` the bundled font cannot draw and the template does not substitute:
    /// without a system font that has them they would print as empty boxes.
    pub fn missing_glyphs(doc: &Doc) -> Vec<char> {
        let mut out = std::collections::BTreeSet::new();
        glyphs::for_each_text(doc, |_, s| {
            out.extend(
                s.chars()
                    .filter(|c| !crate::fonts::bundled_has(*c) && substitute(*c).is_none()),
            );
        });
        out.into_iter().collect()
    }

    // ---- What the template reads (doc.json) --------------------------------------------

    #[derive(Serialize)]
    struct PDoc<'a> {
        lang: &'static str,
        title: &'a str,
        subject: &'a str,
        labels: Labels,
        fixes: Vec<Fix>,
        /// System fonts were added for characters the bundled font lacks.
        fallback: bool,
        sections: Vec<PSection<'a>>,
    }

    #[derive(Serialize)]
    struct Labels {
        contents: &'static str,
        /// "式中：" before a formula's symbols.
        r#where: &'static str,
        /// Footer, with `{n}` and `{total}`.
        page: &'static str,
    }

    #[derive(Serialize)]
    struct Fix {
        char: String,
        kind: &'static str,
        with: &'static str,
    }

    #[derive(Serialize)]
    struct PSection<'a> {
        kind: &'static str,
        heading: &'a str,
        blocks: Vec<PBlock<'a>>,
    }

    #[derive(Serialize)]
    #[serde(tag = "t")]
    enum PBlock<'a> {
        #[serde(rename = "h")]
        Heading { text: &'a str },
        #[serde(rename = "h3")]
        Subheading { text: &'a str },
        #[serde(rename = "p")]
        Para { text: &'a str },
        #[serde(rename = "tcap")]
        TableCaption { text: &'a str },
        #[serde(rename = "note")]
        Note { warn: bool, text: &'a str },
        #[serde(rename = "note")]
        OwnedNote { warn: bool, text: String },
        #[serde(rename = "list")]
        List { items: &'a [String] },
        #[serde(rename = "kv")]
        KeyValues { pairs: &'a [(String, String)] },
        #[serde(rename = "table")]
        Table(PTable<'a>),
        #[serde(rename = "fig")]
        Figure {
            svg: &'a str,
            /// Printed width in pt.
            width: f64,
            caption: &'a str,
        },
        #[serde(rename = "formula")]
        Formula {
            /// Typst math source (the engine's fixed formula text, never user text).
            math: &'a str,
            /// (math, meaning) per symbol.
            symbols: Vec<(&'a str, &'a str)>,
        },
        #[serde(rename = "trace")]
        Trace {
            title: &'a str,
            formula: &'a str,
            long: bool,
            table: PTable<'a>,
        },
    }

    #[derive(Serialize)]
    struct PTable<'a> {
        /// "part i of n" when a wide table is split.
        part: Option<String>,
        /// Per column: 0 = auto, else a fraction weight of the free width.
        cols: Vec<f64>,
        right: Vec<bool>,
        header: Vec<&'a str>,
        rows: Vec<PRow<'a>>,
    }

    #[derive(Serialize)]
    struct PRow<'a> {
        /// n, sub, tot, memo, u.
        s: &'static str,
        c: Vec<&'a str>,
        /// Indices of warning cells.
        #[serde(skip_serializing_if = "Vec::is_empty")]
        w: Vec<usize>,
    }

    fn row_style(s: RowStyle) -> &'static str {
        match s {
            RowStyle::Normal => "n",
            RowStyle::Subtotal => "sub",
            RowStyle::Total => "tot",
            RowStyle::Memo => "memo",
            RowStyle::Unverified => "u",
        }
    }

    /// The widths (pt, padding included) a column asks for, and whether it may wrap.
    fn column_need(t: &Table, rows: &[usize], i: usize) -> (f64, bool) {
        let col = &t.columns[i];
        let wraps = col.align == Align::Left && !col.nowrap;
        let cells = rows
            .iter()
            .filter_map(|&r| t.rows[r].cells.get(i))
            .map(|c| width_em(&c.text))
            .fold(0.0_f64, f64::max)
            * TABLE_FONT_PT;
        let cells = if wraps { cells.min(WRAP_CAP_PT) } else { cells };
        let header = (width_em(&col.header) * TABLE_FONT_PT).min(HEADER_CAP_PT.max(cells));
        (cells.max(header) + CELL_PAD_PT, wraps)
    }

    /// A table of the report: a notice when it is cut to the budgets of `budget::table_cut`,
    /// then its parts.
    fn table<'a>(out: &mut Vec<PBlock<'a>>, t: &'a Table, lang: Lang) {
        let cut = budget::table_cut(t, lang, Paged::Pdf);
        if let Some(text) = cut.notice {
            out.push(PBlock::OwnedNote { warn: false, text });
        }
        out.extend(
            split(t, &cut.rows, &cut.cols, lang)
                .into_iter()
                .map(PBlock::Table),
        );
    }

    /// Rows `rows` and data columns `cols` of the table as one or more parts that fit the text
    /// width; each part repeats the stub columns.
    fn split<'a>(t: &'a Table, rows: &[usize], cols: &[usize], lang: Lang) -> Vec<PTable<'a>> {
        let n = t.columns.len();
        let stub = t.stub.min(n);
        let needs: Vec<(f64, bool)> = (0..n)
            .map(|i| {
                if i < stub || cols.contains(&i) {
                    column_need(t, rows, i)
                } else {
                    (0.0, false)
                }
            })
            .collect();
        let stub_width: f64 = needs[..stub].iter().map(|x| x.0).sum();
        let room = (TEXT_WIDTH_PT - stub_width).max(TEXT_WIDTH_PT * 0.3);
        let mut parts: Vec<Vec<usize>> = Vec::new();
        let mut current: Vec<usize> = Vec::new();
        let mut used = 0.0;
        for &i in cols {
            let need = needs[i];
            // A wrapping column can give up width; plan it at a third of its need at least.
            let w = if need.1 {
                need.0.min(WRAP_CAP_PT / 3.0)
            } else {
                need.0
            };
            if !current.is_empty() && used + w > room {
                parts.push(std::mem::take(&mut current));
                used = 0.0;
            }
            current.push(i);
            used += w;
        }
        if !current.is_empty() || parts.is_empty() {
            parts.push(current);
        }
        let count = parts.len();
        parts
            .into_iter()
            .enumerate()
            .map(|(k, cols)| {
                let idx: Vec<usize> = (0..stub).chain(cols).collect();
                let natural: f64 = idx.iter().map(|&i| needs[i].0).sum();
                let squeeze = natural > TEXT_WIDTH_PT;
                PTable {
                    part: (count > 1).then(|| match lang {
                        Lang::Zh => format!("表格较宽，分 {count} 部分排列：第 {} 部分", k + 1),
                        Lang::En => format!("Wide table in {count} parts: part {}", k + 1),
                    }),
                    cols: idx
                        .iter()
                        .map(|&i| {
                            let (w, wraps) = needs[i];
                            if squeeze && wraps { w.max(1.0) } else { 0.0 }
                        })
                        .collect(),
                    right: idx
                        .iter()
                        .map(|&i| t.columns[i].align == Align::Right)
                        .collect(),
                    header: idx.iter().map(|&i| t.columns[i].header.as_str()).collect(),
                    rows: rows
                        .iter()
                        .map(|&r| {
                            let r = &t.rows[r];
                            let cell = |i: usize| r.cells.get(i);
                            PRow {
                                s: row_style(r.style),
                                c: idx
                                    .iter()
                                    .map(|&i| cell(i).map_or("", |c| c.text.as_str()))
                                    .collect(),
                                w: idx
                                    .iter()
                                    .enumerate()
                                    .filter(|(_, i)| cell(**i).is_some_and(|c| c.warn))
                                    .map(|(k, _)| k)
                                    .collect(),
                            }
                        })
                        .collect(),
                }
            })
            .collect()
    }

    fn section_kind(k: SectionKind) -> &'static str {
        match k {
            SectionKind::Cover => "cover",
            SectionKind::Chapter => "chapter",
            SectionKind::Appendix => "appendix",
        }
    }

    fn blocks<'a>(bs: &'a [Block], lang: Lang) -> Vec<PBlock<'a>> {
        let mut out = Vec::with_capacity(bs.len());
        for b in bs {
            match b {
                Block::Heading(text) => out.push(PBlock::Heading { text }),
                Block::Subheading(text) => out.push(PBlock::Subheading { text }),
                Block::Para(text) => out.push(PBlock::Para { text }),
                Block::TableCaption(text) => out.push(PBlock::TableCaption { text }),
                Block::Note(kind, text) => out.push(PBlock::Note {
                    warn: *kind == NoteKind::Warning,
                    text,
                }),
                Block::List(items) => out.push(PBlock::List { items }),
                Block::KeyValues(pairs) => out.push(PBlock::KeyValues { pairs }),
                Block::Table(t) => table(&mut out, t, lang),
                Block::Figure(f) => {
                    let (w, h) = (f64::from(f.width.max(1)), f64::from(f.height.max(1)));
                    out.push(PBlock::Figure {
                        svg: &f.svg,
                        width: TEXT_WIDTH_PT.min(FIGURE_MAX_HEIGHT_PT * w / h),
                        caption: &f.caption,
                    });
                }
                Block::Formula(f) => out.push(PBlock::Formula {
                    math: &f.math,
                    symbols: f
                        .symbols
                        .iter()
                        .map(|x| (x.math.as_str(), x.meaning.as_str()))
                        .collect(),
                }),
                Block::Trace(tr) => {
                    let rows: Vec<usize> = (0..tr.steps.rows.len()).collect();
                    let stub = tr.steps.stub.min(tr.steps.columns.len());
                    let cols: Vec<usize> = (stub..tr.steps.columns.len()).collect();
                    let mut parts = split(&tr.steps, &rows, &cols, lang).into_iter();
                    let first = parts.next().unwrap_or_else(|| PTable {
                        part: None,
                        cols: Vec::new(),
                        right: Vec::new(),
                        header: Vec::new(),
                        rows: Vec::new(),
                    });
                    out.push(PBlock::Trace {
                        title: &tr.title,
                        formula: &tr.formula,
                        long: tr.steps.rows.len() > LONG_TRACE_ROWS,
                        table: first,
                    });
                    out.extend(parts.map(PBlock::Table));
                }
            }
        }
        out
    }

    /// The blocks of Appendix B with the counties whose traces fit `budget::TRACE_STEP_BUDGET`
    /// steps; when some are left out, a notice after the leading notes says how many and where
    /// the complete traces are.
    fn traces_within_budget(bs: &[Block], lang: Lang) -> Vec<PBlock<'_>> {
        let Some(cut) = budget::trace_cut(bs, budget::TRACE_STEP_BUDGET) else {
            return blocks(bs, lang);
        };
        let mut out = blocks(&bs[..cut.lead], lang);
        out.push(PBlock::OwnedNote {
            warn: true,
            text: cut.notice(lang, Paged::Pdf),
        });
        out.extend(blocks(&bs[cut.lead..cut.cut], lang));
        out
    }

    /// The JSON the template reads, for `doc` whose characters `cov` checked.
    fn doc_json(doc: &Doc, cov: &glyphs::Coverage) -> Result<Vec<u8>, ReportError> {
        let notice = cov.notice(doc.lang);
        if let Some(n) = &notice {
            log::warn!("PDF report: {n}");
        }
        let p = PDoc {
            lang: match doc.lang {
                Lang::Zh => "zh",
                Lang::En => "en",
            },
            title: &doc.title,
            subject: &doc.subject,
            labels: match doc.lang {
                Lang::Zh => Labels {
                    r#where: crate::i18n::t(Lang::Zh, "rs_formula_where"),
                    contents: "目录",
                    page: "第 {n} 页 / 共 {total} 页",
                },
                Lang::En => Labels {
                    r#where: crate::i18n::t(Lang::En, "rs_formula_where"),
                    contents: "Contents",
                    page: "Page {n} of {total}",
                },
            },
            fixes: cov
                .substituted
                .iter()
                .filter_map(|&c| {
                    substitute(c).map(|(kind, with)| Fix {
                        char: c.to_string(),
                        kind,
                        with,
                    })
                })
                .collect(),
            fallback: !cov.fallback.fonts.is_empty(),
            sections: doc
                .sections
                .iter()
                .map(|s| {
                    let mut bs = if s.id == "appendix-traces" {
                        traces_within_budget(&s.blocks, doc.lang)
                    } else {
                        blocks(&s.blocks, doc.lang)
                    };
                    if let (SectionKind::Cover, Some(text)) = (s.kind, &notice) {
                        bs.insert(
                            0,
                            PBlock::OwnedNote {
                                warn: true,
                                text: text.clone(),
                            },
                        );
                    }
                    PSection {
                        kind: section_kind(s.kind),
                        heading: &s.heading,
                        blocks: bs,
                    }
                })
                .collect(),
        };
        serde_json::to_vec(&p).map_err(|e| ReportError::Pdf(e.to_string()))
    }

    /// A laid-out report.
    #[derive(Debug)]
    pub struct Pdf {
        pub bytes: Vec<u8>,
        pub pages: usize,
    }

    fn layout(doc: &Doc) -> Result<PagedDocument, ReportError> {
        let cov = glyphs::check(doc, |c| substitute(c).is_some());
        let json = doc_json(doc, &cov)?;
        let mut fonts = vec![FONT.to_vec()];
        fonts.extend(cov.fallback.fonts.iter().map(|f| f.data.as_ref().clone()));
        let engine = TypstEngine::builder()
            .main_file(TEMPLATE)
            .fonts(fonts)
            .with_static_file_resolver([("doc.json", json)])
            .build();
        let compiled = engine.compile::<PagedDocument>();
        for w in &compiled.warnings {
            log::warn!("PDF report: typst: {}", w.message);
        }
        compiled.output.map_err(|e| {
            ReportError::Pdf(match e {
                typst_as_lib::TypstAsLibError::TypstSource(diags) => diags
                    .iter()
                    .map(|d| d.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; "),
                other => other.to_string(),
            })
        })
    }

    /// `doc` as PDF bytes and its page count.
    pub fn render(doc: &Doc) -> Result<Pdf, ReportError> {
        let document = layout(doc)?;
        // Untagged: the structure tree of a tagged PDF (one element per table cell) made the
        // sample report 8× larger (3.5 MB instead of 0.4 MB) and grows with every trace row.
        let options = typst_pdf::PdfOptions {
            tagged: false,
            ..Default::default()
        };
        let bytes = typst_pdf::pdf(&document, &options).map_err(|errors| {
            ReportError::Pdf(format!(
                "PDF export failed: {}",
                errors
                    .iter()
                    .map(|e| e.message.as_str())
                    .collect::<Vec<_>>()
                    .join("; ")
            ))
        })?;
        Ok(Pdf {
            bytes,
            pages: document.pages().len(),
        })
    }

    /// The text typst laid out on each page of `doc`, runs in layout order (for checks: the
    /// PDF's own text is subset-encoded).
    pub fn page_texts(doc: &Doc) -> Result<Vec<String>, ReportError> {
        fn collect(frame: &Frame, out: &mut String) {
            for (_, item) in frame.items() {
                match item {
                    FrameItem::Group(g) => collect(&g.frame, out),
                    FrameItem::Text(t) => out.push_str(&t.text),
                    _ => {}
                }
            }
        }
        let document = layout(doc)?;
        Ok(document
            .pages()
            .iter()
            .map(|p| {
                let mut s = String::new();
                collect(&p.frame, &mut s);
                s
            })
            .collect())
    }
}
