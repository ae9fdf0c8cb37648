//! The one cursor-pagination helper: keyset pages over `(sort key, id)`, opaque cursors.

use base64::Engine;
use serde::{Deserialize, Serialize};
use shared::dto::common::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, Page};
use uuid::Uuid;

use crate::error::{ApiError, ApiResult};

/// The position after the last item of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort key of the last item, when the order is not by id alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<String>,
    /// The id of the last item.
    pub id: Uuid,
}

impl Cursor {
    fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    fn decode(s: &str) -> Option<Cursor> {
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim()).ok()?;
        serde_json::from_slice(&bytes).ok()
    }
}

/// A validated page request.
#[derive(Debug, Clone)]
pub struct PageRequest {
    /// Items per page.
    pub limit: u64,
    /// Where to continue, if not at the start.
    pub after: Option<Cursor>,
}

impl PageRequest {
    /// Validates `limit` (1 to 100, default 20) and decodes `cursor`.
    pub fn parse(limit: Option<u64>, cursor: Option<&str>) -> ApiResult<PageRequest> {
        let limit = limit.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE_SIZE).contains(&limit) {
            return Err(ApiError::field("limit", "out_of_range", format!("Use a limit from 1 to {MAX_PAGE_SIZE}.")));
        }
        let after = match cursor.filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(
                Cursor::decode(c)
                    .ok_or_else(|| ApiError::field("cursor", "invalid", "The cursor is not valid for this list."))?,
            ),
        };
        Ok(PageRequest { limit, after })
    }

    /// How many rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch_limit(&self) -> u64 {
        self.limit + 1
    }

    /// The sort key of the cursor, required when the order has one.
    pub fn after_key(&self) -> ApiResult<Option<(String, Uuid)>> {
        match &self.after {
            None => Ok(None),
            Some(Cursor { key: Some(k), id }) => Ok(Some((k.clone(), *id))),
            Some(Cursor { key: None, .. }) => {
                Err(ApiError::field("cursor", "invalid", "The cursor is not valid for this list."))
            }
        }
    }

    /// Builds the page from up to `fetch_limit` rows in list order; `position` gives each
    /// row's cursor position (sort key, id).
    pub fn finish<R, T>(
        &self,
        mut rows: Vec<R>,
        position: impl Fn(&R) -> (Option<String>, Uuid),
        to_item: impl FnMut(R) -> T,
    ) -> Page<T> {
        let more = rows.len() as u64 > self.limit;
        rows.truncate(self.limit as usize);
        let next_cursor = if more {
            rows.last().map(|r| {
                let (key, id) = position(r);
                Cursor { key, id }.encode()
            })
        } else {
            None
        };
        Page { items: rows.into_iter().map(to_item).collect(), next_cursor }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_bad_input() {
        let c = Cursor { key: Some("Acme".into()), id: Uuid::now_v7() };
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert!(PageRequest::parse(Some(0), None).is_err());
        assert!(PageRequest::parse(Some(101), None).is_err());
        assert!(PageRequest::parse(None, Some("not a cursor")).is_err());
        assert_eq!(PageRequest::parse(None, None).map(|p| p.limit).ok(), Some(20));
    }
}
