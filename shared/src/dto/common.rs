//! Types used by every area: pages of a list.

use serde::{Deserialize, Serialize};

/// Largest page a list endpoint returns.
pub const MAX_PAGE_SIZE: u64 = 100;
/// Page size when `limit` is not given.
pub const DEFAULT_PAGE_SIZE: u64 = 20;

/// One page of a list, in the list's order. Pass `next_cursor` as `cursor` for the next page;
/// it is absent on the last page.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Opaque cursor of the next page; absent on the last page.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_cursor: Option<String>,
    /// How many items match in all, when asked for with `total=true` on a list that counts cheaply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub total: Option<u64>,
}
