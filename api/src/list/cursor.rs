//! Opaque cursors: the position after the last item of a page (its sort key and id), bound to
//! the sort order that produced it, as URL-safe base64 of a small JSON object.

use base64::Engine;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::keyset::KeyValue;
use crate::error::ApiError;

/// The position after the last item of a page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Cursor {
    /// The sort order the cursor belongs to.
    #[serde(rename = "s", default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// The sort key of the last item, when the order is not by id alone.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key: Option<KeyValue>,
    /// The id of the last item.
    pub id: Uuid,
}

impl Cursor {
    /// A cursor after an item.
    pub fn new(sort: &str, key: Option<KeyValue>, id: Uuid) -> Cursor {
        Cursor { sort: Some(sort.to_owned()), key, id }
    }

    /// The wire form.
    pub fn encode(&self) -> String {
        let json = serde_json::to_vec(self).unwrap_or_default();
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(json)
    }

    /// Reads the wire form; `None` when it is not one of ours.
    pub fn decode(s: &str) -> Option<Cursor> {
        if s.len() > 1024 {
            return None;
        }
        let bytes = base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(s.trim()).ok()?;
        let c: Cursor = serde_json::from_slice(&bytes).ok()?;
        c.key.as_ref().is_none_or(KeyValue::is_clean).then_some(c)
    }

    /// Whether the cursor came from a page in this order.
    pub fn fits(&self, sort: &str) -> bool {
        self.sort.as_deref().is_none_or(|s| s == sort)
    }

    /// The error for a cursor that does not fit the list.
    pub fn invalid() -> ApiError {
        ApiError::field("cursor", "invalid", "The cursor is not valid for this list.")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursor_round_trip_and_bad_input() {
        let c = Cursor::new("name", Some(KeyValue::Text("Acme".into())), Uuid::now_v7());
        assert_eq!(Cursor::decode(&c.encode()), Some(c));
        assert_eq!(Cursor::decode("not a cursor"), None);
        let nul = Cursor::new("name", Some(KeyValue::Text("a\0b".into())), Uuid::now_v7());
        assert_eq!(Cursor::decode(&nul.encode()), None);
    }
}
