//! The list-page kit: a list page is a short declaration.
//!
//! - [`ListQuery`]: the filters, the sort and the page, with the filters and the sort in the
//!   address (reload and share keep them; back and forward work) and the page back at the first
//!   one whenever they change.
//! - Filters for a [`FilterBar`]: [`SearchFilter`] (applied as the user types, a moment after
//!   they stop), [`SelectFilter`] (choices from a shared enum), [`TextFilter`] (applied on Enter
//!   or leaving the field), each with the server's field error beside it.
//! - [`ListTable`]: [`Column`]s (with sort keys), the rows of [`ListRows`] (skeleton rows while
//!   loading, the error with a retry, the empty state), links from rows to detail pages, an
//!   optional selection for bulk actions ([`Selection`], [`BulkBar`]), the pager, and an
//!   optional "Export CSV" link carrying the same filters.
//!
//! Only [`ListRows::new`] is generic (over the item type): the table, the filters and the pager
//! are compiled once for every list.

mod filters;
mod query;
mod rows;
mod selection;
mod table;

pub use filters::{FilterBar, SearchFilter, SelectFilter, TextFilter, choices};
pub use query::ListQuery;
pub use rows::{ListRows, Row};
pub use selection::{BulkBar, Selection};
pub use table::{Column, ListTable};
