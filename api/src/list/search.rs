//! Case-insensitive text search over a few columns, the same on SQLite and PostgreSQL:
//! `lower(column) LIKE '%text%' ESCAPE '\'`, with `%`, `_` and `\` in the text escaped.

use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr};
use sea_orm::{Condition, IntoSimpleExpr};

use crate::error::{ApiError, ApiResult};

/// Longest accepted search text, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;

/// Checks a search parameter: trimmed, at most 100 characters, no control characters. Blank
/// means no search.
///
/// Errors: `Validation` on `field`.
pub fn search_text(field: &str, raw: Option<&str>) -> ApiResult<Option<String>> {
    let Some(text) = raw.map(str::trim).filter(|t| !t.is_empty()) else { return Ok(None) };
    if text.chars().count() > MAX_SEARCH_CHARS {
        return Err(ApiError::field(field, "too_long", format!("Search with at most {MAX_SEARCH_CHARS} characters.")));
    }
    if text.chars().any(char::is_control) {
        return Err(ApiError::field(field, "invalid_format", "Control characters are not allowed in a search."));
    }
    Ok(Some(text.to_lowercase()))
}

fn like_pattern(text: &str) -> LikeExpr {
    let escaped = text.to_lowercase().replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    LikeExpr::new(format!("%{escaped}%")).escape('\\')
}

/// Rows where any of `columns` contains `text`, ignoring case.
pub fn contains<C: IntoColumnRef + Copy>(columns: &[C], text: &str) -> Condition {
    let mut any = Condition::any();
    for col in columns {
        let lowered = Func::lower(Expr::col(*col)).into_simple_expr();
        any = any.add(Expr::expr(lowered).like(like_pattern(text)));
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_text_is_checked() {
        assert_eq!(search_text("q", Some("  ")).ok().flatten(), None);
        assert_eq!(search_text("q", Some(" Acme ")).ok().flatten().as_deref(), Some("acme"));
        assert!(search_text("q", Some("a\0b")).is_err());
        assert!(search_text("q", Some(&"x".repeat(101))).is_err());
    }
}
