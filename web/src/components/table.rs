//! Tables: a responsive wrapper, sortable headers, skeleton rows, and the body of a paged list.

use leptos::prelude::*;
use shared::dto::common::Page;

use super::{EmptyState, ErrorState};
use crate::api::ApiError;
use crate::state::remote::Remote;

/// A table with a caption (visible to screen readers) that scrolls sideways on small screens.
#[component]
pub fn Table(
    /// What the table lists.
    caption: &'static str,
    /// The column headings; `""` is a column of actions (its heading is for screen readers).
    #[prop(optional)]
    columns: &'static [&'static str],
    /// Headings of another kind (e.g. [`SortHeader`]s), when `columns` is empty.
    #[prop(optional)]
    head: Option<AnyView>,
    /// The rows.
    children: Children,
) -> impl IntoView {
    let headings = columns
        .iter()
        .map(|&c| {
            let actions = c.is_empty();
            view! { <th scope="col"><span class:sr-only=actions>{if actions { "Actions" } else { c }}</span></th> }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">{caption}</caption>
                <thead>
                    <tr>{headings}{head}</tr>
                </thead>
                <tbody>{children()}</tbody>
            </table>
        </div>
    }
}

/// A column heading that sorts the list by `key`: clicking toggles ascending (`key`) and
/// descending (`-key`).
#[component]
pub fn SortHeader(label: &'static str, key: &'static str, sort: RwSignal<String>) -> impl IntoView {
    let state = move || {
        let s = sort.get();
        if s == key {
            "ascending"
        } else if s.strip_prefix('-') == Some(key) {
            "descending"
        } else {
            "none"
        }
    };
    view! {
        <th scope="col" aria-sort=state>
            <button
                type="button"
                class="sort-button"
                on:click=move |_| sort.set(if sort.get_untracked() == key { format!("-{key}") } else { key.to_owned() })
            >
                {label}
                <span class="sort-mark" aria-hidden="true">
                    {move || match state() {
                        "ascending" => "▲",
                        "descending" => "▼",
                        _ => "↕",
                    }}
                </span>
            </button>
        </th>
    }
}

/// Placeholder rows while a page loads.
#[component]
pub fn SkeletonRows(columns: usize, #[prop(default = 5)] rows: usize) -> impl IntoView {
    (0..rows)
        .map(|_| {
            view! {
                <tr class="skeleton-row" aria-hidden="true">
                    {(0..columns).map(|_| view! { <td><span class="skeleton"></span></td> }).collect_view()}
                </tr>
            }
        })
        .collect_view()
}

/// What a table shows instead of rows.
enum Placeholder {
    /// Skeleton rows while the page loads.
    Loading,
    /// The page could not be loaded: the error and a retry.
    Failed(ApiError, Callback<()>),
    /// The page has no items: a title and an optional sentence.
    Empty(&'static str, &'static str),
}

/// A placeholder's rows. Not generic, so every list shares one copy of it.
fn placeholder_rows(columns: usize, placeholder: Placeholder) -> AnyView {
    let cell = move |content: AnyView| view! { <tr><td colspan=columns>{content}</td></tr> }.into_any();
    match placeholder {
        Placeholder::Loading => view! { <SkeletonRows columns=columns rows=3/> }.into_any(),
        Placeholder::Failed(e, retry) => cell(view! { <ErrorState error=e retry=retry/> }.into_any()),
        Placeholder::Empty(title, text) => cell(view! { <EmptyState title=title text=text/> }.into_any()),
    }
}

/// The body of a table listing one page of `list`: skeleton rows while it loads, the error with a
/// retry, `empty` (a title and an optional sentence) when the page has no items, or a `row` per item.
pub fn page_rows<T, V>(
    list: Remote<Page<T>>,
    columns: usize,
    empty: (&'static str, &'static str),
    row: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match list.get() {
        None => placeholder_rows(columns, Placeholder::Loading),
        Some(Err(e)) => placeholder_rows(columns, Placeholder::Failed(e, Callback::new(move |_| list.refetch()))),
        Some(Ok(page)) if page.items.is_empty() => placeholder_rows(columns, Placeholder::Empty(empty.0, empty.1)),
        Some(Ok(page)) => page.items.into_iter().map(&row).collect_view().into_any(),
    }
}
