//! Choosing rows of a list for a bulk action.

use std::future::Future;

use leptos::prelude::*;
use uuid::Uuid;

use crate::api::{ApiError, ApiResult};
use crate::state::toast::Toasts;

/// The keys of the rows chosen on the page on screen. Rows that leave the page (another page,
/// another filter, a reload) leave the selection.
#[derive(Clone, Copy)]
pub struct Selection {
    chosen: RwSignal<Vec<String>>,
    pub(super) on_page: RwSignal<Vec<String>>,
}

impl Selection {
    /// Nothing chosen.
    pub fn new() -> Self {
        Selection { chosen: RwSignal::new(Vec::new()), on_page: RwSignal::new(Vec::new()) }
    }

    /// How many rows are chosen (tracked).
    pub fn count(&self) -> usize {
        self.chosen.with(Vec::len)
    }

    /// Chooses none.
    pub fn clear(&self) {
        self.chosen.set(Vec::new());
    }

    /// The bulk action: runs `act` on each chosen row (its key read as an id), one after the
    /// other, says in a toast how it went (`done(n)` names what succeeded, e.g. "3 key(s)
    /// revoked"; a refusal adds its message), then chooses none.
    pub async fn apply<Fu>(self, toasts: Toasts, done: impl Fn(usize) -> String, act: impl Fn(Uuid) -> Fu)
    where
        Fu: Future<Output = ApiResult<()>>,
    {
        let ids: Vec<Uuid> = self.chosen.get_untracked().iter().filter_map(|k| Uuid::parse_str(k).ok()).collect();
        let mut succeeded = 0;
        let mut failed: Option<ApiError> = None;
        for id in ids {
            match act(id).await {
                Ok(()) => succeeded += 1,
                Err(e) => failed = Some(e),
            }
        }
        match failed {
            None => toasts.success(format!("{}.", done(succeeded))),
            Some(e) => toasts.error(format!("{}; the others failed: {}", done(succeeded), e.message())),
        }
        self.clear();
    }

    pub(super) fn is_chosen(&self, key: &str) -> bool {
        self.chosen.with(|c| c.iter().any(|k| k == key))
    }

    pub(super) fn choose(&self, key: &str, on: bool) {
        self.chosen.update(|c| {
            c.retain(|k| k != key);
            if on {
                c.push(key.to_owned());
            }
        });
    }

    /// Whether every selectable row of the page is chosen (tracked).
    pub(super) fn all_chosen(&self) -> bool {
        self.on_page.with(|page| !page.is_empty() && page.iter().all(|k| self.is_chosen(k)))
    }

    pub(super) fn choose_all(&self, on: bool) {
        self.chosen.set(if on { self.on_page.get_untracked() } else { Vec::new() });
    }

    /// The page now holds `keys`: drops the chosen rows that left it.
    pub(super) fn page_shows(&self, keys: Vec<String>) {
        self.chosen.update(|c| c.retain(|k| keys.contains(k)));
        self.on_page.set(keys);
    }
}

impl Default for Selection {
    fn default() -> Self {
        Self::new()
    }
}

/// The bar of bulk actions (`children`: their buttons), shown while rows are chosen.
#[component]
pub fn BulkBar(selection: Selection, children: ChildrenFn) -> impl IntoView {
    view! {
        <Show when=move || selection.count() != 0>
            <div class="bulk-bar">
                <span aria-live="polite">{move || format!("{} selected", selection.count())}</span>
                {children()}
                <button type="button" class="btn btn-ghost btn-small" on:click=move |_| selection.clear()>"Clear selection"</button>
            </div>
        </Show>
    }
}
