//! Keyset pages: a list ordered by a whitelisted column and then the id continues after the last
//! row of the previous page (`(key, id) > (last key, last id)`), so pages are stable and cheap at
//! any depth. An order by id alone is the special case without a key column.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, Condition, QueryFilter, QueryOrder, QuerySelect, Value};
use serde::{Deserialize, Serialize};

use super::cursor::Cursor;
use crate::error::ApiResult;

/// The sort key of the last row of a page, as the cursor carries it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum KeyValue {
    /// A text column.
    #[serde(rename = "t")]
    Text(String),
    /// A time column.
    #[serde(rename = "ts")]
    Time(DateTime<Utc>),
}

impl KeyValue {
    /// Whether the value can be bound on every engine (no NUL or other control characters).
    pub fn is_clean(&self) -> bool {
        match self {
            KeyValue::Text(s) => !s.chars().any(char::is_control) && s.chars().count() <= 500,
            KeyValue::Time(_) => true,
        }
    }

    fn into_value(self) -> Value {
        match self {
            KeyValue::Text(s) => s.into(),
            KeyValue::Time(t) => t.into(),
        }
    }
}

/// The type of a sort key column, which a cursor's key must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyKind {
    /// A text column.
    Text,
    /// A time column.
    Time,
}

impl KeyValue {
    fn kind(&self) -> KeyKind {
        match self {
            KeyValue::Text(_) => KeyKind::Text,
            KeyValue::Time(_) => KeyKind::Time,
        }
    }
}

/// How a list is ordered: by `column` (when set) then by the id, ascending or descending.
#[derive(Debug, Clone, Copy)]
pub struct SortKey<C> {
    /// The key column and its type; `None` orders by id alone.
    pub column: Option<(C, KeyKind)>,
    /// Newest or largest first.
    pub descending: bool,
}

impl<C> SortKey<C> {
    /// By id alone (time order, as ids are UUID v7).
    pub fn by_id(descending: bool) -> Self {
        SortKey { column: None, descending }
    }

    /// By a text column, then by id.
    pub fn by_text(column: C, descending: bool) -> Self {
        SortKey { column: Some((column, KeyKind::Text)), descending }
    }

    /// By a time column, then by id.
    pub fn by_time(column: C, descending: bool) -> Self {
        SortKey { column: Some((column, KeyKind::Time)), descending }
    }
}

/// Orders `query` by `key` then `id`, continues after `after`, and fetches `fetch_limit` rows.
///
/// Errors: `Validation` (`cursor`) when the cursor lacks the key this order needs.
pub fn page_query<Q, C>(mut query: Q, key: SortKey<C>, id: C, after: Option<&Cursor>, fetch_limit: u64) -> ApiResult<Q>
where
    Q: QueryFilter + QueryOrder + QuerySelect,
    C: ColumnTrait,
{
    let past = |col: C, v: Value| if key.descending { col.lt(v) } else { col.gt(v) };
    if let Some(c) = after {
        let cond = match (key.column, c.key.clone()) {
            (None, _) => Condition::all().add(past(id, c.id.into())),
            (Some((col, kind)), Some(k)) => {
                if k.kind() != kind {
                    return Err(Cursor::invalid());
                }
                let k = k.into_value();
                // The leading bound on the key column alone lets the engine seek in its index
                // instead of stepping over every row before the cursor (deep pages, exports).
                let at_or_past = if key.descending { col.lte(k.clone()) } else { col.gte(k.clone()) };
                Condition::all().add(at_or_past).add(
                    Condition::any()
                        .add(past(col, k.clone()))
                        .add(Condition::all().add(col.eq(k)).add(past(id, c.id.into()))),
                )
            }
            (Some(_), None) => return Err(Cursor::invalid()),
        };
        query = query.filter(cond);
    }
    if let Some((col, _)) = key.column {
        query = if key.descending { query.order_by_desc(col) } else { query.order_by_asc(col) };
    }
    query = if key.descending { query.order_by_desc(id) } else { query.order_by_asc(id) };
    Ok(query.limit(fetch_limit))
}
