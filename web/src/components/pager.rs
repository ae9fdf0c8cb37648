//! Cursor pagination: remembers the cursors of the pages behind, so "Previous" works.

use leptos::prelude::*;
use shared::dto::common::Page;

use super::{Icon, IconName};
use crate::state::remote::Remote;

/// Where a list is: the cursor of the current page, and the ones before it.
#[derive(Debug, Clone, Copy)]
pub struct PagerState {
    stack: RwSignal<Vec<Option<String>>>,
    /// The next page's cursor, as the last load reported it.
    pub next: RwSignal<Option<String>>,
}

impl PagerState {
    /// At the first page.
    pub fn new() -> Self {
        PagerState { stack: RwSignal::new(vec![None]), next: RwSignal::new(None) }
    }

    /// The cursor of the current page (tracked).
    pub fn cursor(&self) -> Option<String> {
        self.stack.with(|s| s.last().cloned().flatten())
    }

    /// Back to the first page (after a filter changes).
    pub fn reset(&self) {
        self.stack.set(vec![None]);
    }

    /// Loads the first page again (after a change to the list): going back to it, or reloading
    /// it when it is on screen.
    pub fn reload_first<T: Clone + Send + Sync + 'static>(&self, list: Remote<T>) {
        if self.stack.with_untracked(Vec::len) > 1 {
            self.reset();
        } else {
            list.refetch();
        }
    }

    /// The number of the current page, from 1 (tracked).
    pub fn page(&self) -> usize {
        self.stack.with(Vec::len)
    }

    /// Remembers the next page's cursor each time `list` loads a page.
    pub fn follow<T: Clone + Send + Sync + 'static>(&self, list: Remote<Page<T>>) {
        let next = self.next;
        Effect::new(move |_| {
            if let Some(cursor) =
                list.with(|answer| answer.and_then(|a| a.as_ref().ok()).map(|p| p.next_cursor.clone()))
            {
                next.set(cursor);
            }
        });
    }

    fn forward(&self) {
        if let Some(c) = self.next.get_untracked() {
            self.stack.update(|s| s.push(Some(c)));
        }
    }

    fn back(&self) {
        self.stack.update(|s| {
            if s.len() > 1 {
                s.pop();
            }
        });
    }
}

impl Default for PagerState {
    fn default() -> Self {
        Self::new()
    }
}

/// Previous / next buttons for a cursor-paged list.
#[component]
pub fn Pager(state: PagerState, label: &'static str) -> impl IntoView {
    view! {
        <nav class="pager" aria-label=label>
            <button type="button" class="btn btn-secondary" disabled=move || state.page() <= 1 on:click=move |_| state.back()>
                <Icon name=IconName::ChevronLeft/>
                "Previous"
            </button>
            <span class="muted" aria-live="polite">{move || format!("Page {}", state.page())}</span>
            <button
                type="button"
                class="btn btn-secondary"
                disabled=move || state.next.get().is_none()
                on:click=move |_| state.forward()
            >
                "Next"
                <Icon name=IconName::ChevronRight/>
            </button>
        </nav>
    }
}
