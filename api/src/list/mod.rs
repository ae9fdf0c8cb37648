//! The list toolkit: every list endpoint is a declaration (a sort order and a filter type from
//! `shared`) plus a service function that applies [`ListParams`] to its query.
//!
//! - [`ListParams<S, F>`]: `limit`, `cursor`, `sort` and the filter `F`, parsed in one place
//!   (the extractor in `extract::list`), with one OpenAPI description.
//! - [`keyset`]: keyset pages driven by a [`keyset::SortKey`] (any whitelisted column + id).
//! - [`search`]: case-insensitive text search with escaping, the same on both engines.
//! - [`cursor`]: opaque cursors bound to the sort order they came from.
//! - [`csv`]: the one CSV writer of exports (`GET <list path>/export.csv`), streamed page by page.

pub mod csv;
pub mod cursor;
pub mod keyset;
pub mod search;

use serde::de::DeserializeOwned;
use shared::dto::common::{DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE};

pub use cursor::Cursor;
pub use keyset::{KeyValue, SortKey};

use crate::error::{ApiError, ApiResult};

/// A whitelisted sort order of a list, named on the wire (`sort=-created_at`).
pub trait SortOrder: Copy + Default + 'static {
    /// Every accepted order (empty when the list has one fixed order).
    fn choices() -> &'static [Self];
    /// The wire name.
    fn name(self) -> &'static str;
    /// Parses a wire name.
    fn parse(s: &str) -> Option<Self>;
}

/// The order of a list that has only one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FixedOrder;

impl SortOrder for FixedOrder {
    fn choices() -> &'static [Self] {
        &[]
    }
    fn name(self) -> &'static str {
        "default"
    }
    fn parse(_: &str) -> Option<Self> {
        None
    }
}

/// Implements [`SortOrder`] for a sort enum declared with `shared::string_enum!`.
macro_rules! sort_order {
    ($($t:ty),+ $(,)?) => {$(
        impl $crate::list::SortOrder for $t {
            fn choices() -> &'static [Self] {
                &<$t>::ALL
            }
            fn name(self) -> &'static str {
                self.as_str()
            }
            fn parse(s: &str) -> Option<Self> {
                <$t>::parse(s)
            }
        }
    )+};
}

sort_order!(
    shared::dto::organizations::OrganizationSort,
    shared::dto::flags::FeatureFlagSort,
    shared::dto::users::UserSort,
    shared::dto::automations::AutomationSort,
    shared::dto::automations::TaskSort,
    shared::dto::automations::MessageSort,
);

/// A list without filters.
#[derive(Debug, Clone, Default, serde::Deserialize)]
pub struct NoFilter {}

impl utoipa::IntoParams for NoFilter {
    fn into_params(
        _: impl Fn() -> Option<utoipa::openapi::path::ParameterIn>,
    ) -> Vec<utoipa::openapi::path::Parameter> {
        Vec::new()
    }
}

/// A parsed list request: page size, where to continue, order and filters.
#[derive(Debug, Clone)]
pub struct ListParams<S: SortOrder = FixedOrder, F = NoFilter> {
    /// Items per page (1 to 100).
    pub limit: u64,
    /// Where to continue, if not at the start.
    pub after: Option<Cursor>,
    /// The order.
    pub sort: S,
    /// The filters.
    pub filter: F,
    /// Whether the answer should carry `total` (only lists where counting is cheap honour it).
    pub with_total: bool,
}

impl<S: SortOrder, F: Default> Default for ListParams<S, F> {
    fn default() -> Self {
        ListParams {
            limit: DEFAULT_PAGE_SIZE,
            after: None,
            sort: S::default(),
            filter: F::default(),
            with_total: false,
        }
    }
}

fn invalid_query(detail: impl Into<String>) -> ApiError {
    ApiError::field("query", "invalid", detail)
}

impl<S: SortOrder, F: DeserializeOwned> ListParams<S, F> {
    /// Parses a query string: `limit`, `cursor`, `sort` and `total` here, every other pair into
    /// the filter type. Unknown pairs are ignored, as everywhere in the API.
    ///
    /// Errors: `Validation` (`query` for a malformed query or filter, `limit`, `cursor`, `sort`).
    pub fn parse(query: &str) -> ApiResult<Self> {
        let pairs: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|e| invalid_query(format!("Invalid query string: {e}")))?;
        let mut limit = None;
        let mut cursor = None;
        let mut sort = None;
        let mut with_total = false;
        let mut rest = Vec::new();
        for (k, v) in pairs {
            match k.as_str() {
                "limit" => limit = Some(v),
                "cursor" => cursor = Some(v),
                "sort" if !S::choices().is_empty() => sort = Some(v),
                "total" => {
                    with_total = match v.as_str() {
                        "true" | "1" => true,
                        "false" | "0" => false,
                        _ => return Err(ApiError::field("total", "invalid", "Use total=true or total=false.")),
                    }
                }
                _ => rest.push((k, v)),
            }
        }
        let limit = match limit.as_deref() {
            None => DEFAULT_PAGE_SIZE,
            Some(l) => l.parse::<u64>().ok().filter(|l| (1..=MAX_PAGE_SIZE).contains(l)).ok_or_else(|| {
                ApiError::field("limit", "out_of_range", format!("Use a limit from 1 to {MAX_PAGE_SIZE}."))
            })?,
        };
        let sort = match sort.as_deref() {
            None => S::default(),
            Some(s) => S::parse(s).ok_or_else(|| {
                let names: Vec<&str> = S::choices().iter().map(|c| c.name()).collect();
                ApiError::field("sort", "invalid", format!("Sort by one of: {}.", names.join(", ")))
            })?,
        };
        let after = match cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => None,
            Some(c) => Some(Cursor::decode(c).filter(|c| c.fits(sort.name())).ok_or_else(Cursor::invalid)?),
        };
        let rest = serde_urlencoded::to_string(&rest).map_err(|e| invalid_query(e.to_string()))?;
        let filter = serde_urlencoded::from_str(&rest).map_err(|e| invalid_query(e.to_string()))?;
        Ok(ListParams { limit, after, sort, filter, with_total })
    }
}

impl<S: SortOrder, F> ListParams<S, F> {
    /// How many rows to fetch: one more than the page, to know whether another page follows.
    pub fn fetch_limit(&self) -> u64 {
        self.limit + 1
    }

    /// Builds the page from up to `fetch_limit` rows in list order; `key_of` gives each row's
    /// position (its sort key, when the order has one, and its id).
    pub fn finish<R, T>(
        &self,
        mut rows: Vec<R>,
        key_of: impl Fn(&R) -> (Option<KeyValue>, uuid::Uuid),
        to_item: impl FnMut(R) -> T,
        total: Option<u64>,
    ) -> shared::dto::common::Page<T> {
        let more = rows.len() as u64 > self.limit;
        rows.truncate(usize::try_from(self.limit).unwrap_or(usize::MAX));
        let next_cursor = if more {
            rows.last().map(|r| {
                let (key, id) = key_of(r);
                Cursor::new(self.sort.name(), key, id).encode()
            })
        } else {
            None
        };
        shared::dto::common::Page { items: rows.into_iter().map(to_item).collect(), next_cursor, total }
    }
}

#[cfg(test)]
mod tests {
    use shared::dto::organizations::{OrganizationSort, OrganizationsFilter};

    use super::*;

    #[test]
    fn parses_limit_sort_cursor_and_filters() {
        let p = ListParams::<OrganizationSort, OrganizationsFilter>::parse("limit=5&sort=name&q=acme&status=active")
            .unwrap_or_default();
        assert_eq!(p.limit, 5);
        assert_eq!(p.sort, OrganizationSort::NameAsc);
        assert_eq!(p.filter.q.as_deref(), Some("acme"));
        assert!(ListParams::<OrganizationSort, OrganizationsFilter>::parse("limit=0").is_err());
        assert!(ListParams::<OrganizationSort, OrganizationsFilter>::parse("limit=101").is_err());
        assert!(ListParams::<OrganizationSort, OrganizationsFilter>::parse("limit=x").is_err());
        assert!(ListParams::<OrganizationSort, OrganizationsFilter>::parse("sort=size").is_err());
        assert!(ListParams::<OrganizationSort, OrganizationsFilter>::parse("status=gone").is_err());
        assert!(ListParams::<OrganizationSort, OrganizationsFilter>::parse("cursor=nope").is_err());
        assert!(ListParams::<FixedOrder, NoFilter>::parse("unknown=1&sort=x").is_ok());
    }

    #[test]
    fn a_cursor_only_fits_its_own_order() {
        let c = Cursor::new("name", Some(KeyValue::Text("Acme".into())), uuid::Uuid::now_v7()).encode();
        assert!(ListParams::<OrganizationSort, NoFilter>::parse(&format!("sort=name&cursor={c}")).is_ok());
        assert!(ListParams::<OrganizationSort, NoFilter>::parse(&format!("sort=-name&cursor={c}")).is_err());
    }
}
