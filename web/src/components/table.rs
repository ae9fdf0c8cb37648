//! Tables: a responsive wrapper, sortable headers, skeleton rows.

use leptos::prelude::*;

/// A table with a caption (visible to screen readers) that scrolls sideways on small screens.
#[component]
pub fn Table(
    /// What the table lists.
    caption: &'static str,
    /// The column headings.
    head: AnyView,
    /// The rows.
    children: Children,
) -> impl IntoView {
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">{caption}</caption>
                <thead>
                    <tr>{head}</tr>
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
