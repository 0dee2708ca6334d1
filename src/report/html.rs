//! The GEP accounting report as one self-contained HTML document.
//!
//! Owns the HTML rendering of a `doc::Doc` (what the report says is built by `chapters`):
//! `write_report(project, accounts, registry, lang)` builds the document and renders it;
//! `render(doc)` renders any `Doc`. Pure: no I/O, no clock, no scripts, no external resources —
//! CSS and SVG charts are inline. Every section starts a new page when printed (A4). All text is
//! escaped here; the `Doc` holds no markup.

use std::fmt::Write as _;

use crate::engine::Accounts;
use crate::i18n::Lang;
use crate::model::Project;
use crate::registry::Registry;

use super::chapters;
use super::doc::{Align, Block, Doc, Formula, NoteKind, RowStyle, Section, SectionKind, Table};

/// Appends formatted text to a `String` (writing to a `String` cannot fail).
macro_rules! w {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// HTML-escapes text for element content and attribute values.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Region GEP as printed in the overview table (万元, thousands separators, 2 decimals).
pub fn overview_gep_wan(accounts: &Accounts) -> String {
    chapters::overview_gep_wan(accounts)
}

/// The report as one HTML document in `lang`.
pub fn write_report(
    project: &Project,
    accounts: &Accounts,
    registry: &Registry,
    lang: Lang,
) -> String {
    render(&chapters::build(project, accounts, registry, lang))
}

/// `doc` as one HTML document.
pub fn render(doc: &Doc) -> String {
    let mut out = String::with_capacity(256 * 1024);
    let html_lang = match doc.lang {
        Lang::Zh => "zh-CN",
        Lang::En => "en",
    };
    w!(
        out,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{} — {}</title>\n<style>\n{CSS}</style>\n</head>\n<body>\n",
        escape(&doc.title),
        escape(&doc.subject)
    );
    for s in &doc.sections {
        section(&mut out, s, doc.lang);
    }
    out.push_str("</body>\n</html>\n");
    out
}

const CSS: &str = r#"@page { size: A4; margin: 15mm 12mm; }
body { font-family: "Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", SimHei, sans-serif; color: #222; margin: 0 auto; max-width: 1100px; padding: 12px; font-size: 10.5pt; line-height: 1.45; }
h1 { font-size: 22pt; margin: 30mm 0 6mm; }
h2 { font-size: 15pt; border-bottom: 2px solid #3c8c5a; padding-bottom: 3px; margin-top: 0; }
h3 { font-size: 12pt; margin: 14px 0 6px; }
h4 { font-size: 10.5pt; margin: 10px 0 4px; }
section.major { break-before: page; page-break-before: always; padding-top: 8px; }
.wide { overflow-x: auto; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 8.5pt; }
th, td { border: 1px solid #bbb; padding: 2px 5px; vertical-align: top; }
th { background: #eef3ee; text-align: left; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
td.n { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.sub td { background: #f4f4f4; font-weight: bold; }
tr.total td { background: #e2efe6; font-weight: bold; }
tr.memo td { color: #666; font-style: italic; }
tr.u td { background: #fff1dc; }
.tag-u { color: #b35a00; font-weight: bold; }
.notice { border: 2px solid #c0392b; color: #c0392b; padding: 6px 10px; margin: 12px 0; font-weight: bold; }
.note { color: #555; font-size: 9pt; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 4px 16px; font-size: 12pt; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
figure { margin: 8px 0 16px; break-inside: avoid; page-break-inside: avoid; }
figure svg { max-width: 100%; height: auto; }
figcaption { font-size: 9pt; color: #555; }
p.tcap { font-size: 9pt; color: #1f4e33; margin: 10px 0 2px; break-after: avoid; }
.trace { break-inside: avoid; page-break-inside: avoid; margin-bottom: 8px; }
.formula { font-family: "DejaVu Sans Mono", Consolas, monospace; background: #f6f6f6; padding: 2px 6px; display: inline-block; }
@media print { body { max-width: none; padding: 0; } .wide { overflow: visible; } section.cover { min-height: 240mm; } }
td.c { white-space: nowrap; }
.eq { break-inside: avoid; page-break-inside: avoid; margin: 6px 0 10px; }
dl.symbols { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 2px 0 0 12px; font-size: 9pt; }
dl.symbols dt { font-style: italic; }
dl.symbols dd { margin: 0; }
"#;

fn section(out: &mut String, s: &Section, lang: Lang) {
    match s.kind {
        SectionKind::Cover => w!(
            out,
            "<section class=\"cover\">\n<h1>{}</h1>\n",
            escape(&s.heading)
        ),
        SectionKind::Chapter | SectionKind::Appendix => w!(
            out,
            "<section class=\"major\" id=\"{}\">\n<h2>{}</h2>\n",
            escape(&s.id),
            escape(&s.heading)
        ),
    }
    for b in &s.blocks {
        block(out, b, lang);
    }
    out.push_str("</section>\n");
}

fn block(out: &mut String, b: &Block, lang: Lang) {
    match b {
        Block::Heading(h) => w!(out, "<h3>{}</h3>\n", escape(h)),
        Block::Subheading(h) => w!(out, "<h4>{}</h4>\n", escape(h)),
        Block::Para(p) => w!(out, "<p>{}</p>\n", escape(p)),
        Block::TableCaption(c) => w!(out, "<p class=\"tcap\">{}</p>\n", escape(c)),
        Block::Note(kind, text) => w!(
            out,
            "<p class=\"{}\">{}</p>\n",
            match kind {
                NoteKind::Info => "note",
                NoteKind::Warning => "notice",
            },
            escape(text)
        ),
        Block::List(items) => {
            out.push_str("<ul>\n");
            for i in items {
                w!(out, "<li>{}</li>\n", escape(i));
            }
            out.push_str("</ul>\n");
        }
        Block::KeyValues(pairs) => {
            out.push_str("<dl class=\"meta\">\n");
            for (k, v) in pairs {
                w!(out, "<dt>{}</dt><dd>{}</dd>\n", escape(k), escape(v));
            }
            out.push_str("</dl>\n");
        }
        Block::Table(t) => {
            out.push_str("<div class=\"wide\">");
            table(out, t);
            out.push_str("</div>\n");
        }
        Block::Figure(f) => {
            // Inline SVG in HTML needs neither the XML declaration nor the namespace.
            let svg = f
                .svg
                .replace(" xmlns=\"http://www.w3.org/2000/svg\"", "")
                .replace("<?xml version=\"1.0\" encoding=\"UTF-8\"?>", "");
            let svg = match svg.find("<svg") {
                Some(i) => &svg[i..],
                None => svg.as_str(),
            };
            w!(
                out,
                "<figure>\n{}\n<figcaption>{}</figcaption>\n</figure>\n",
                svg.trim(),
                escape(&f.caption)
            );
        }
        Block::Formula(f) => formula(out, f, lang),
        Block::Trace(tr) => {
            w!(
                out,
                "<div class=\"trace\">\n<h4>{}</h4>\n<p><span class=\"formula\">{}</span></p>\n",
                escape(&tr.title),
                escape(&tr.formula)
            );
            table(out, &tr.steps);
            out.push_str("</div>\n");
        }
    }
}

/// The formula in its linear form, then "where:" and each symbol with its meaning.
fn formula(out: &mut String, f: &Formula, lang: Lang) {
    w!(
        out,
        "<div class=\"eq\">\n<p><span class=\"formula\">{}</span></p>\n",
        scripted(&f.text)
    );
    if !f.symbols.is_empty() {
        w!(
            out,
            "<p class=\"note\">{}</p>\n<dl class=\"symbols\">\n",
            escape(crate::i18n::t(lang, "rs_formula_where"))
        );
        for x in &f.symbols {
            w!(
                out,
                "<dt>{}</dt><dd>{}</dd>\n",
                scripted(&x.text),
                escape(&x.meaning)
            );
        }
        out.push_str("</dl>\n");
    }
    out.push_str("</div>\n");
}

/// A linear formula as HTML with `<sub>` and `<sup>` (`doc::scripts`), escaped.
fn scripted(text: &str) -> String {
    let mut s = String::new();
    for (k, part) in crate::report::doc::scripts(text) {
        let e = escape(&part);
        match k {
            crate::report::doc::Script::Base => s.push_str(&e),
            crate::report::doc::Script::Sub => w!(s, "<sub>{e}</sub>"),
            crate::report::doc::Script::Super => w!(s, "<sup>{e}</sup>"),
        }
    }
    s
}

fn table(out: &mut String, t: &Table) {
    out.push_str("<table>\n<thead><tr>");
    for c in &t.columns {
        w!(out, "<th>{}</th>", escape(&c.header));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in &t.rows {
        let class = match r.style {
            RowStyle::Normal => "",
            RowStyle::Subtotal => " class=\"sub\"",
            RowStyle::Total => " class=\"total\"",
            RowStyle::Memo => " class=\"memo\"",
            RowStyle::Unverified => " class=\"u\"",
        };
        w!(out, "<tr{class}>");
        for (i, cell) in r.cells.iter().enumerate() {
            let col = t.columns.get(i);
            let class = if cell.warn {
                " class=\"tag-u\""
            } else {
                match col.map(|c| (c.align, c.nowrap)) {
                    Some((Align::Right, _)) => " class=\"n\"",
                    Some((Align::Left, true)) => " class=\"c\"",
                    _ => "",
                }
            };
            w!(out, "<td{class}>{}</td>", escape(&cell.text));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>");
}
