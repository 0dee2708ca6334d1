//! Cells, formats and column widths of one worksheet: `Sheet` (a worksheet being filled, with
//! column widths estimated from the content), `Styles` and `Look` (the cell formats every sheet
//! shares) and the number formats. Knows nothing of accounts or labels.

use rust_xlsxwriter::utility::cell_range;
use rust_xlsxwriter::{
    ColNum, Color, Format, FormatAlign, FormatBorder, Formula, RowNum, Worksheet,
};

use super::Res;

pub(super) const MONEY: &str = "#,##0.00";
pub(super) const INT: &str = "#,##0";
pub(super) const RATIO: &str = "0.00";
pub(super) const PCT: &str = "0.00%";
pub(super) const YEAR: &str = "0";
pub(super) const GREY: u32 = 0x595959;
pub(super) const HEADER_FILL: u32 = 0xDDEBF7;
pub(super) const SECTION_FILL: u32 = 0xF2F2F2;
pub(super) const UNVERIFIED_FILL: u32 = 0xFCE4D6;
pub(super) const RED: u32 = 0xC00000;

/// Number format for parameters, trace values and quantities: thousands separators for large
/// values, enough decimals for small ones.
pub(super) fn general_format(v: f64) -> &'static str {
    let a = v.abs();
    if a == 0.0 || (v.fract() == 0.0 && a < 1e15) {
        INT
    } else if a >= 1000.0 {
        MONEY
    } else if a >= 1.0 {
        "0.00##"
    } else if a >= 1e-4 {
        "0.0000##"
    } else {
        "0.00E+00"
    }
}

/// One number format for a row of values (quantities): integers without decimals, else two
/// decimals, more for small values.
pub(super) fn row_format(vals: &[f64]) -> &'static str {
    let max = vals.iter().fold(0.0_f64, |m, v| m.max(v.abs()));
    if vals.iter().all(|v| v.fract() == 0.0) {
        INT
    } else if max >= 1.0 {
        MONEY
    } else {
        general_format(max)
    }
}

/// The header row of a sheet made by `Sheet::titled`.
pub(super) const TITLED_HEADER: RowNum = 2;

pub(super) struct Styles {
    pub(super) title: Format,
    pub(super) banner: Format,
    pub(super) note: Format,
    pub(super) header: Format,
    pub(super) section: Format,
    pub(super) text: Format,
    pub(super) bold: Format,
    pub(super) indent: Format,
    pub(super) memo_text: Format,
    pub(super) error_text: Format,
}

impl Styles {
    pub(super) fn new() -> Styles {
        Styles {
            title: Format::new().set_bold().set_font_size(14),
            banner: Format::new().set_bold().set_font_color(Color::RGB(RED)),
            note: Format::new().set_italic().set_font_color(Color::RGB(GREY)),
            header: Format::new()
                .set_bold()
                .set_text_wrap()
                .set_align(FormatAlign::Center)
                .set_align(FormatAlign::VerticalCenter)
                .set_background_color(Color::RGB(HEADER_FILL))
                .set_border(FormatBorder::Thin),
            section: Format::new()
                .set_bold()
                .set_background_color(Color::RGB(SECTION_FILL)),
            text: Format::new(),
            bold: Format::new().set_bold(),
            indent: Format::new().set_indent(1),
            memo_text: Format::new().set_italic().set_font_color(Color::RGB(GREY)),
            error_text: Format::new().set_font_color(Color::RGB(RED)),
        }
    }

    /// "—" (nothing entered) in a number column: right-aligned, grey italics for memo items.
    pub(super) fn dash(&self, counted: bool) -> Format {
        let f = Format::new().set_align(FormatAlign::Right);
        if counted {
            f
        } else {
            f.set_italic().set_font_color(Color::RGB(GREY))
        }
    }

    /// A number format, optionally bold with a top border (total rows), italic grey (memo
    /// items) or shaded (unverified).
    pub(super) fn num(&self, code: &str, look: Look) -> Format {
        let f = Format::new().set_num_format(code);
        match look {
            Look::Plain => f,
            Look::Total => f.set_bold().set_border_top(FormatBorder::Thin),
            Look::Memo => f.set_italic().set_font_color(Color::RGB(GREY)),
            Look::Unverified => f.set_background_color(Color::RGB(UNVERIFIED_FILL)),
            Look::MemoUnverified => f
                .set_italic()
                .set_font_color(Color::RGB(GREY))
                .set_background_color(Color::RGB(UNVERIFIED_FILL)),
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
pub(super) enum Look {
    Plain,
    Total,
    Memo,
    Unverified,
    MemoUnverified,
}

pub(super) struct Sheet {
    pub(super) ws: Worksheet,
    pub(super) widths: Vec<f64>,
}

/// Display width of a string in Excel character units (CJK and full-width characters count 2).
pub(super) fn text_width(s: &str) -> f64 {
    let w: f64 = s
        .chars()
        .map(|c| if (c as u32) >= 0x2E80 { 2.0 } else { 1.0 })
        .sum();
    w * 1.05 + 2.0
}

pub(super) fn num_width(v: f64) -> f64 {
    let digits = format!("{:.0}", v.abs()).len() as f64;
    digits + (digits / 3.0).floor() + 5.0
}

impl Sheet {
    pub(super) fn new(name: &str) -> Res<Sheet> {
        let mut ws = Worksheet::new();
        ws.set_name(name)?;
        Ok(Sheet {
            ws,
            widths: Vec::new(),
        })
    }

    pub(super) fn fit(&mut self, col: ColNum, w: f64) {
        let i = usize::from(col);
        if self.widths.len() <= i {
            self.widths.resize(i + 1, 0.0);
        }
        self.widths[i] = self.widths[i].max(w);
    }

    /// Text that does not widen its column (titles, notes, banners).
    pub(super) fn label(&mut self, r: RowNum, c: ColNum, s: &str, f: &Format) -> Res {
        self.ws.write_string_with_format(r, c, s, f)?;
        Ok(())
    }

    pub(super) fn text(&mut self, r: RowNum, c: ColNum, s: &str, f: &Format) -> Res {
        self.ws.write_string_with_format(r, c, s, f)?;
        self.fit(c, text_width(s).min(60.0));
        Ok(())
    }

    pub(super) fn num(&mut self, r: RowNum, c: ColNum, v: f64, f: &Format) -> Res {
        if v.is_finite() {
            self.ws.write_number_with_format(r, c, v, f)?;
            self.fit(c, num_width(v));
        } else {
            self.ws.write_string_with_format(
                r,
                c,
                "—",
                &f.clone().set_align(FormatAlign::Right),
            )?;
        }
        Ok(())
    }

    /// A number, or "—" when absent.
    pub(super) fn opt_num(&mut self, r: RowNum, c: ColNum, v: Option<f64>, f: &Format) -> Res {
        match v {
            Some(v) => self.num(r, c, v, f),
            None => {
                self.ws.write_string_with_format(
                    r,
                    c,
                    "—",
                    &f.clone().set_align(FormatAlign::Right),
                )?;
                Ok(())
            }
        }
    }

    /// `=SUM(range)` with its cached result.
    pub(super) fn sum(
        &mut self,
        r: RowNum,
        c: ColNum,
        range: &str,
        result: f64,
        f: &Format,
    ) -> Res {
        let formula = Formula::new(format!("=SUM({range})")).set_result(format!("{result}"));
        self.ws.write_formula_with_format(r, c, formula, f)?;
        self.fit(c, num_width(result));
        Ok(())
    }

    /// `=SUM(first:last)` of one column with the sum of `cells` as cached result.
    pub(super) fn sum_column(
        &mut self,
        r: RowNum,
        c: ColNum,
        first: RowNum,
        last: RowNum,
        cells: &[f64],
        f: &Format,
    ) -> Res {
        let total: f64 = cells.iter().sum();
        self.sum(r, c, &cell_range(first, c, last, c), total, f)
    }

    /// A header row; headers widen their columns up to 24 characters and wrap beyond.
    pub(super) fn header(&mut self, r: RowNum, c0: ColNum, cols: &[&str], f: &Format) -> Res {
        for (c, h) in (c0..).zip(cols) {
            self.ws.write_string_with_format(r, c, *h, f)?;
            self.fit(c, text_width(h).min(24.0));
        }
        Ok(())
    }

    /// A sheet with the preamble every table sheet shares: the title in row 0, a note in row 1,
    /// the header in row `TITLED_HEADER` and the panes frozen below it (and right of
    /// `freeze_cols` columns).
    pub(super) fn titled(
        name: &str,
        title: &str,
        note: &str,
        header: &[&str],
        st: &Styles,
        freeze_cols: ColNum,
    ) -> Res<Sheet> {
        let mut s = Sheet::new(name)?;
        s.label(0, 0, title, &st.title)?;
        s.label(1, 0, note, &st.note)?;
        s.header(TITLED_HEADER, 0, header, &st.header)?;
        s.ws.set_freeze_panes(TITLED_HEADER + 1, freeze_cols)?;
        Ok(s)
    }

    /// Applies the column widths and print setup (landscape, one page wide, header rows
    /// repeated on every page when `header_row` is given).
    pub(super) fn finish(mut self, header_row: Option<RowNum>) -> Res<Worksheet> {
        for (c, w) in (0..).zip(&self.widths) {
            self.ws.set_column_width(c, w.max(6.0))?;
        }
        self.ws.set_landscape();
        self.ws.set_paper_size(9); // A4
        self.ws.set_print_fit_to_pages(1, 0);
        if let Some(r) = header_row {
            self.ws.set_repeat_rows(r, r)?;
        }
        Ok(self.ws)
    }
}

pub(super) fn col(i: usize) -> ColNum {
    ColNum::try_from(i).unwrap_or(ColNum::MAX)
}
