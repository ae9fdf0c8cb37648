//! Keyset pages: a list ordered by a whitelisted column and then the id continues after the last
//! row of the previous page (`(key, id) > (last key, last id)`), so pages are stable and cheap at
//! any depth. An order by id alone is the special case without a key column. A key column that
//! may be empty sorts its empty rows last in either direction, on both engines.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::NullOrdering;
use sea_orm::{ColumnTrait, Condition, Order, QueryFilter, QueryOrder, QuerySelect, Value};
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
    /// An empty (NULL) value of a column that may be empty.
    #[serde(rename = "null")]
    Empty,
    /// An integer column (a board position).
    #[serde(rename = "i")]
    Int(i64),
}

impl KeyValue {
    /// Whether the value can be bound on every engine (no NUL or other control characters).
    pub fn is_clean(&self) -> bool {
        match self {
            KeyValue::Text(s) => !s.chars().any(char::is_control) && s.chars().count() <= 500,
            KeyValue::Time(_) | KeyValue::Empty | KeyValue::Int(_) => true,
        }
    }

    /// A time that may be absent.
    pub fn optional_time(t: Option<DateTime<Utc>>) -> KeyValue {
        t.map_or(KeyValue::Empty, KeyValue::Time)
    }

    fn into_value(self) -> Option<Value> {
        match self {
            KeyValue::Text(s) => Some(s.into()),
            KeyValue::Time(t) => Some(t.into()),
            KeyValue::Empty => None,
            KeyValue::Int(i) => Some(i.into()),
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
    /// A time column that may be empty (its empty rows come last).
    OptionalTime,
    /// An integer column.
    Int,
}

impl KeyValue {
    /// Whether the value may stand in a column of this kind.
    fn fits(&self, kind: KeyKind) -> bool {
        matches!(
            (self, kind),
            (KeyValue::Text(_), KeyKind::Text)
                | (KeyValue::Time(_), KeyKind::Time | KeyKind::OptionalTime)
                | (KeyValue::Empty, KeyKind::OptionalTime)
                | (KeyValue::Int(_), KeyKind::Int)
        )
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

    /// By an integer column, then by id.
    pub fn by_int(column: C, descending: bool) -> Self {
        SortKey { column: Some((column, KeyKind::Int)), descending }
    }

    /// By a time column that may be empty, then by id; empty rows come last either way.
    pub fn by_optional_time(column: C, descending: bool) -> Self {
        SortKey { column: Some((column, KeyKind::OptionalTime)), descending }
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
                if !k.fits(kind) {
                    return Err(Cursor::invalid());
                }
                match k.into_value() {
                    // After an empty key only empty keys follow, by id.
                    None => Condition::all().add(col.is_null()).add(past(id, c.id.into())),
                    Some(k) => {
                        let after = Condition::any()
                            .add(past(col, k.clone()))
                            .add(Condition::all().add(col.eq(k.clone())).add(past(id, c.id.into())));
                        // The leading bound on the key column alone lets the engine seek in its
                        // index instead of stepping over every row before the cursor (deep
                        // pages, exports).
                        let at_or_past = if key.descending { col.lte(k) } else { col.gte(k) };
                        let cond = Condition::all().add(at_or_past).add(after);
                        // Empty keys come after every key.
                        if kind == KeyKind::OptionalTime { Condition::any().add(cond).add(col.is_null()) } else { cond }
                    }
                }
            }
            (Some(_), None) => return Err(Cursor::invalid()),
        };
        query = query.filter(cond);
    }
    let order = if key.descending { Order::Desc } else { Order::Asc };
    match key.column {
        Some((col, KeyKind::OptionalTime)) => query = query.order_by_with_nulls(col, order.clone(), NullOrdering::Last),
        Some((col, _)) => query = query.order_by(col, order.clone()),
        None => {}
    }
    Ok(query.order_by(id, order).limit(fetch_limit))
}
