//! Case-insensitive text search over a few columns, the same on SQLite and PostgreSQL:
//! `lower(column) LIKE '%text%' ESCAPE '\'`, with `%`, `_` and `\` in the text escaped. The text
//! is a `shared::validation::SearchText` (checked and lower-cased once).

use sea_orm::sea_query::{Expr, ExprTrait, Func, IntoColumnRef, LikeExpr};
use sea_orm::{Condition, IntoSimpleExpr};
use shared::validation::SearchText;

/// `%text%` with the text's own `\`, `%` and `_` escaped by `\`.
fn contains_pattern(text: &str) -> String {
    let escaped = text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_");
    format!("%{escaped}%")
}

/// Rows where any of `columns` contains `text`, ignoring case.
pub fn contains<C: IntoColumnRef + Copy>(columns: &[C], text: &SearchText) -> Condition {
    let pattern = contains_pattern(text.as_str());
    let mut any = Condition::any();
    for col in columns {
        let lowered = Func::lower(Expr::col(*col)).into_simple_expr();
        any = any.add(Expr::expr(lowered).like(LikeExpr::new(pattern.clone()).escape('\\')));
    }
    any
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(contains_pattern("100%_a\\b"), "%100\\%\\_a\\\\b%");
    }
}
