//! Cursor pagination: remembers the cursors of the pages behind, so "Previous" works.

use leptos::prelude::*;

use super::{Icon, IconName};

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

    /// The number of the current page, from 1 (tracked).
    pub fn page(&self) -> usize {
        self.stack.with(Vec::len)
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
