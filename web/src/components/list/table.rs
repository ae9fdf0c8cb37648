//! The table of a list page: sortable headings, the page's rows or its state, the pager.

use leptos::prelude::*;

use super::rows::Loaded;
use super::{ListQuery, ListRows, Selection};
use crate::components::{EmptyState, ErrorState, Icon, IconName, Pager};

/// The query key of a list's sort.
const SORT: &str = "sort";

/// A column: its heading, and the sort key when the list sorts by it (`key` ascending, `-key`
/// descending, as the API's `sort` takes them).
#[derive(Debug, Clone, Copy)]
pub struct Column {
    label: &'static str,
    sort: Option<&'static str>,
    hidden: bool,
}

impl Column {
    /// A column headed `label`.
    pub const fn new(label: &'static str) -> Column {
        Column { label, sort: None, hidden: false }
    }

    /// Sorted by `key`.
    pub const fn sort(self, key: &'static str) -> Column {
        Column { sort: Some(key), ..self }
    }

    /// The column of a row's actions (its heading is for screen readers only).
    pub const fn actions() -> Column {
        Column { label: "Actions", sort: None, hidden: true }
    }
}

/// The heading of `column`: a button that sorts by it when it sorts.
fn heading(column: Column, query: ListQuery, default_sort: &'static str) -> AnyView {
    let Some(key) = column.sort else {
        return view! { <th scope="col"><span class:sr-only=column.hidden>{column.label}</span></th> }.into_any();
    };
    let current = move || {
        let s = query.get(SORT);
        if s.is_empty() { default_sort.to_owned() } else { s }
    };
    let state = move || {
        let s = current();
        if s == key {
            "ascending"
        } else if s.strip_prefix('-') == Some(key) {
            "descending"
        } else {
            "none"
        }
    };
    let toggle = move |_| {
        let next = if current() == key { format!("-{key}") } else { key.to_owned() };
        query.set(SORT, if next == default_sort { "" } else { &next });
    };
    view! {
        <th scope="col" aria-sort=state>
            <button type="button" class="sort-button" on:click=toggle>
                {column.label}
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
    .into_any()
}

/// Placeholder rows while a page loads.
#[component]
fn SkeletonRows(columns: usize, rows: usize) -> impl IntoView {
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

/// A row spanning the table, for the list's state.
fn spanning(columns: usize, content: AnyView) -> AnyView {
    view! { <tr><td colspan=columns>{content}</td></tr> }.into_any()
}

/// The body of the table.
fn body(rows: ListRows, columns: usize, selection: Option<Selection>, empty: (&'static str, &'static str)) -> AnyView {
    match rows.state.get() {
        Loaded::Loading => view! { <SkeletonRows columns=columns rows=3/> }.into_any(),
        Loaded::Failed(e) => spanning(columns, view! { <ErrorState error=e retry=rows.retry/> }.into_any()),
        Loaded::Empty => {
            if let Some(s) = selection {
                s.page_shows(Vec::new());
            }
            spanning(columns, view! { <EmptyState title=empty.0 text=empty.1/> }.into_any())
        }
        Loaded::Ready => {
            let page = rows.render.with_value(|render| render());
            if let Some(s) = selection {
                s.page_shows(page.iter().filter(|r| r.select.is_some()).map(|r| r.key.clone()).collect());
            }
            page.into_iter()
                .map(|row| {
                    let choose = selection.map(|s| match row.select {
                        Some(label) => {
                            let key = row.key.clone();
                            let k = key.clone();
                            view! {
                                <td class="select-cell">
                                    <input
                                        type="checkbox"
                                        aria-label=label
                                        prop:checked=move || s.is_chosen(&k)
                                        on:change=move |ev| s.choose(&key, event_target_checked(&ev))
                                    />
                                </td>
                            }
                            .into_any()
                        }
                        None => view! { <td class="select-cell"></td> }.into_any(),
                    });
                    view! { <tr data-key=row.key>{choose}{row.cells}</tr> }
                })
                .collect_view()
                .into_any()
        }
    }
}

/// The table of a list page with its pager (and, optionally, a selection column and an export
/// link). `default_sort` is the sort the API applies when the address names none.
#[component]
pub fn ListTable(
    /// What the table lists (its caption, for screen readers).
    caption: &'static str,
    /// The columns, without the selection column.
    columns: &'static [Column],
    /// The rows.
    rows: ListRows,
    /// The list's query (sort and page).
    query: ListQuery,
    /// The API's sort when none is chosen.
    #[prop(optional)]
    default_sort: &'static str,
    /// The rows chosen for bulk actions, when the list has them.
    #[prop(optional)]
    selection: Option<Selection>,
    /// The empty state: a title and a sentence.
    #[prop(default = ("Nothing here yet", ""))]
    empty: (&'static str, &'static str),
    /// The address of the CSV export with the same filters, when the list has one.
    #[prop(optional, into)]
    export: Option<Signal<String>>,
    /// The pager's label (e.g. "Organization pages").
    pager_label: &'static str,
) -> impl IntoView {
    let count = columns.len() + usize::from(selection.is_some());
    let select_all = selection.map(|s| {
        view! {
            <th scope="col" class="select-cell">
                <input
                    type="checkbox"
                    aria-label="Select every row on this page"
                    prop:checked=move || s.all_chosen()
                    on:change=move |ev| s.choose_all(event_target_checked(&ev))
                />
            </th>
        }
    });
    let headings = columns.iter().map(|c| heading(*c, query, default_sort)).collect_view();
    let export = export.map(|href| {
        view! {
            <div class="list-tools">
                <a class="btn btn-secondary btn-small" href=move || href.get() download="" rel="external">
                    <Icon name=IconName::Download/>
                    "Export CSV"
                </a>
            </div>
        }
    });
    view! {
        {export}
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">{caption}</caption>
                <thead>
                    <tr>{select_all}{headings}</tr>
                </thead>
                <tbody>{move || body(rows, count, selection, empty)}</tbody>
            </table>
        </div>
        <Pager state=query.pager label=pager_label/>
    }
}
