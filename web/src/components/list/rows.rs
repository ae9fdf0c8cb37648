//! The rows of one page of a list, made once per item type and then type-erased.

use leptos::prelude::*;
use shared::dto::common::Page;

use crate::api::ApiError;
use crate::components::PagerState;
use crate::state::remote::Remote;

/// One row: its key (`data-key` on the `<tr>`), the label its selection box reads when it can be
/// selected, and its cells.
pub struct Row {
    pub(super) key: String,
    pub(super) select: Option<String>,
    pub(super) cells: AnyView,
}

impl Row {
    /// A row with `cells` (its `<td>`s), told apart by `key`. A link in a cell with the class
    /// `row-link` makes the whole row a link to it.
    pub fn new(key: impl ToString, cells: impl IntoView + 'static) -> Row {
        Row { key: key.to_string(), select: None, cells: cells.into_any() }
    }

    /// The row can be selected for bulk actions; `label` names it for its selection box (e.g.
    /// "Select Warehouse sync").
    pub fn selectable(mut self, label: impl Into<String>) -> Row {
        self.select = Some(label.into());
        self
    }
}

/// Builds the rows of the page on screen.
type Render = Box<dyn Fn() -> Vec<Row>>;

/// Where a page of the list is.
#[derive(Clone, PartialEq)]
pub(super) enum Loaded {
    Loading,
    Failed(ApiError),
    Empty,
    Ready,
}

/// The rows of the page on screen, for a [`super::ListTable`].
#[derive(Clone, Copy)]
pub struct ListRows {
    pub(super) state: Memo<Loaded>,
    pub(super) render: StoredValue<Render, LocalStorage>,
    pub(super) retry: Callback<()>,
}

impl ListRows {
    /// The rows of `list`, one `row` per item; `pager` follows its pages.
    pub fn new<T>(list: Remote<Page<T>>, pager: PagerState, row: impl Fn(&T) -> Row + 'static) -> ListRows
    where
        T: Clone + Send + Sync + 'static,
    {
        pager.follow(list);
        let state = Memo::new(move |_| {
            list.with(|answer| match answer {
                None => Loaded::Loading,
                Some(Err(e)) => Loaded::Failed(e.clone()),
                Some(Ok(page)) if page.items.is_empty() => Loaded::Empty,
                Some(Ok(_)) => Loaded::Ready,
            })
        });
        let render = move || {
            list.with(|answer| match answer {
                Some(Ok(page)) => page.items.iter().map(&row).collect(),
                _ => Vec::new(),
            })
        };
        ListRows {
            state,
            render: StoredValue::new_local(Box::new(render)),
            retry: Callback::new(move |_| list.refetch()),
        }
    }

    /// The server's message for the filter `field`, when it refused the list's query.
    pub fn field_error(&self, field: &'static str) -> Signal<Option<String>> {
        let state = self.state;
        Signal::derive(move || state.with(|s| if let Loaded::Failed(e) = s { e.field(field) } else { None }))
    }
}
