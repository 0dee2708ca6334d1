//! CSV that is safe to open in Excel or WPS: every CSV the program writes goes through
//! [`SafeCsv`], which neutralises cells that a spreadsheet would run as a formula.
//!
//! Following the OWASP guidance on CSV injection, a cell that begins with `=`, `+`, `-`, `@`,
//! a tab or a carriage return is written with a leading `'` (so a county named
//! `=HYPERLINK("http://x","y")` shows as that text, not as a live link). Cells that are numbers
//! (`-12.5`, `+3`, `-1e5`) are written as they are, so figures stay figures.

use std::borrow::Cow;

/// `field` made inert: a leading `'` before a formula-starting character, unless it is a
/// number (or the lone placeholder `-`).
pub fn neutralise(field: &str) -> Cow<'_, str> {
    let risky = field
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '=' | '+' | '-' | '@' | '\t' | '\r'));
    if !risky || field == "-" || field.trim().parse::<f64>().is_ok_and(f64::is_finite) {
        Cow::Borrowed(field)
    } else {
        Cow::Owned(format!("'{field}"))
    }
}

/// A `csv::Writer` whose every field passes through [`neutralise`].
pub struct SafeCsv<W: std::io::Write> {
    inner: csv::Writer<W>,
}

impl<W: std::io::Write> SafeCsv<W> {
    /// A writer with the `csv` crate's defaults.
    pub fn from_writer(w: W) -> Self {
        SafeCsv {
            inner: csv::Writer::from_writer(w),
        }
    }

    /// A writer that allows rows of different lengths (several tables in one file).
    pub fn flexible(w: W) -> Self {
        SafeCsv {
            inner: csv::WriterBuilder::new().flexible(true).from_writer(w),
        }
    }

    /// Writes one row, each field neutralised.
    pub fn write_record<I, T>(&mut self, record: I) -> Result<(), csv::Error>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<str>,
    {
        for f in record {
            self.inner.write_field(neutralise(f.as_ref()).as_bytes())?;
        }
        self.inner.write_record(None::<&[u8]>)
    }

    /// The underlying writer, flushed.
    pub fn into_inner(self) -> Result<W, csv::Error> {
        self.inner
            .into_inner()
            .map_err(|e| csv::Error::from(e.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_become_text_and_numbers_stay_numbers() {
        for (given, written) in [
            (
                "=HYPERLINK(\"http://x\",\"y\")",
                "'=HYPERLINK(\"http://x\",\"y\")",
            ),
            ("+86 10", "'+86 10"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\tx", "'\tx"),
            ("\rx", "'\rx"),
            ("-12.5", "-12.5"),
            ("+3", "+3"),
            ("-1e5", "-1e5"),
            ("-", "-"),
            ("-inf", "'-inf"),
            ("资溪县", "资溪县"),
            ("", ""),
        ] {
            assert_eq!(neutralise(given), written, "{given}");
        }
    }

    #[test]
    fn rows_are_written_neutralised() -> Result<(), csv::Error> {
        let mut w = SafeCsv::from_writer(Vec::new());
        w.write_record(["361028", "=1+2", "-5"])?;
        let text = String::from_utf8(w.into_inner()?).unwrap_or_default();
        assert_eq!(text, "361028,'=1+2,-5\n");
        Ok(())
    }
}
