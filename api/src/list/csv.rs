//! The one CSV writer of list exports (`GET <list path>/export.csv`): RFC 4180 (comma-separated,
//! fields quoted when they hold a comma, a quote or a line break, quotes doubled, CRLF line
//! ends), UTF-8, a header row; streamed page by page, so an export of a million rows holds one
//! page in memory.
//!
//! Spreadsheet formulas are neutralised: a text cell starting with `=`, `+`, `-`, `@`, a tab or
//! a carriage return is prefixed with `'`. Numbers are not text: `-12.50` stays a number.

use std::future::Future;
use std::rc::Rc;

use actix_web::HttpResponse;
use actix_web::http::header;
use actix_web::web::Bytes;
use futures_util::stream::{self, StreamExt};

use crate::error::ApiResult;

/// Rows an export reads and writes at a time.
pub const EXPORT_PAGE_ROWS: u64 = 1_000;

/// One cell of a row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cell {
    /// Text, neutralised and quoted as needed.
    Text(String),
    /// A number written as is (`-12.50`, `3`): never neutralised.
    Number(String),
    /// Nothing.
    Empty,
}

impl Cell {
    /// A text cell.
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// A number cell from anything that displays as a number.
    pub fn number(n: impl std::fmt::Display) -> Cell {
        Cell::Number(n.to_string())
    }
}

/// Whether a text cell could start a spreadsheet formula.
fn looks_like_formula(s: &str) -> bool {
    s.starts_with(['=', '+', '-', '@', '\t', '\r'])
}

fn write_text(out: &mut String, s: &str) {
    let prefix = if looks_like_formula(s) { "'" } else { "" };
    if s.contains([',', '"', '\r', '\n']) {
        out.push('"');
        out.push_str(prefix);
        out.push_str(&s.replace('"', "\"\""));
        out.push('"');
    } else {
        out.push_str(prefix);
        out.push_str(s);
    }
}

/// Appends one row (with its CRLF) to `out`.
pub fn write_row(out: &mut String, cells: &[Cell]) {
    for (i, cell) in cells.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        match cell {
            Cell::Text(s) => write_text(out, s),
            Cell::Number(n) => out.push_str(n),
            Cell::Empty => {}
        }
    }
    out.push_str("\r\n");
}

fn rows_bytes(rows: &[Vec<Cell>]) -> Bytes {
    let mut out = String::new();
    for row in rows {
        write_row(&mut out, row);
    }
    Bytes::from(out)
}

/// A streamed CSV answer (`200`, `text/csv`, as an attachment named `file_name`): the header row,
/// then the rows of each page `next` reads. `next` takes where to continue (`first` to begin)
/// and gives a page of rows and where the next page starts (`None` after the last). A failure
/// after the answer began ends it early (the client sees a cut-off download); it is logged.
pub fn streamed<S, F, Fut>(file_name: &str, header: &[&str], first: S, next: F) -> HttpResponse
where
    S: 'static,
    F: Fn(S) -> Fut + 'static,
    Fut: Future<Output = ApiResult<(Vec<Vec<Cell>>, Option<S>)>> + 'static,
{
    let head = rows_bytes(&[header.iter().map(|h| Cell::text(*h)).collect()]);
    let next = Rc::new(next);
    let pages = stream::unfold(Some(first), move |at| {
        let next = next.clone();
        async move {
            let page = next(at?).await;
            Some(match page {
                Ok((rows, then)) => (Ok(rows_bytes(&rows)), then),
                Err(e) => {
                    tracing::error!(error = ?e, "a CSV export failed part way");
                    (Err(actix_web::error::ErrorInternalServerError("export failed")), None)
                }
            })
        }
    });
    let body = stream::once(async move { Ok::<_, actix_web::Error>(head) }).chain(pages);
    HttpResponse::Ok()
        .insert_header((header::CONTENT_TYPE, "text/csv; charset=utf-8"))
        .insert_header((header::CONTENT_DISPOSITION, format!("attachment; filename=\"{file_name}\"")))
        .streaming(body)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(cells: &[Cell]) -> String {
        let mut out = String::new();
        write_row(&mut out, cells);
        out
    }

    #[test]
    fn fields_are_quoted_as_rfc_4180_says() {
        assert_eq!(row(&[Cell::text("a"), Cell::text("b c"), Cell::Empty]), "a,b c,\r\n");
        assert_eq!(
            row(&[Cell::text("a,b"), Cell::text("say \"hi\""), Cell::text("two\nlines")]),
            "\"a,b\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n"
        );
        assert_eq!(row(&[Cell::text("héllo ✓")]), "héllo ✓\r\n");
    }

    #[test]
    fn formulas_are_neutralised_and_numbers_are_not() {
        for (text, written) in [
            ("=SUM(A1)", "'=SUM(A1)"),
            ("+1", "'+1"),
            ("-1", "'-1"),
            ("@cmd", "'@cmd"),
            ("\tx", "'\tx"),
            ("\rx", "\"'\rx\""),
            ("=1,2", "\"'=1,2\""),
            ("a=b", "a=b"),
        ] {
            assert_eq!(row(&[Cell::text(text)]), format!("{written}\r\n"), "{text:?}");
        }
        assert_eq!(row(&[Cell::number("-12.50"), Cell::number(3)]), "-12.50,3\r\n");
    }
}
