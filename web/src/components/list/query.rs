//! A list's filters and sort in the address, and its page.

use leptos::prelude::*;
use leptos_router::NavigateOptions;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};
use leptos_router::params::ParamsMap;

use crate::api::enc;
use crate::components::PagerState;

/// The router's navigation, kept for event handlers.
type Navigate = Box<dyn Fn(&str, NavigateOptions)>;

/// The query of a list page: filter and sort values from the address, and the current page.
/// Setting a value puts it in the address (a new history entry, so back undoes it); any change
/// of the address, including back and forward, starts again from the first page.
#[derive(Clone, Copy)]
pub struct ListQuery {
    params: Memo<ParamsMap>,
    path: Memo<String>,
    navigate: StoredValue<Navigate, LocalStorage>,
    /// Where the list is among its pages.
    pub pager: PagerState,
}

impl ListQuery {
    /// The query of the page on screen.
    pub fn new() -> Self {
        let params = use_query_map();
        let path = use_location().pathname;
        let navigate = use_navigate();
        let pager = PagerState::new();
        Effect::new(move |first: Option<()>| {
            params.track();
            if first.is_some() {
                pager.reset();
            }
        });
        ListQuery { params, path, navigate: StoredValue::new_local(Box::new(navigate)), pager }
    }

    /// The value of `key` (tracked); empty when the address has none.
    pub fn get(&self, key: &str) -> String {
        self.params.with(|p| p.get_str(key).map(str::to_owned)).unwrap_or_default()
    }

    /// The value of `key`, trimmed, when not empty (tracked).
    pub fn text(&self, key: &str) -> Option<String> {
        let v = self.get(key);
        let t = v.trim();
        (!t.is_empty()).then(|| t.to_owned())
    }

    /// The value of `key` read with `parse` (e.g. a shared enum's `parse`); `None` when absent or
    /// not one of its values (tracked).
    pub fn parsed<T>(&self, key: &str, parse: impl Fn(&str) -> Option<T>) -> Option<T> {
        self.params.with(|p| p.get_str(key).and_then(parse))
    }

    /// Puts `value` for `key` in the address (removing the key when `value` is empty), unless it
    /// is there already.
    pub fn set(&self, key: &'static str, value: &str) {
        let mut params = self.params.get_untracked();
        if params.get_str(key).unwrap_or_default() == value {
            return;
        }
        if value.is_empty() {
            params.remove(key);
        } else {
            params.replace(key, enc(value));
        }
        let target = format!("{}{}", self.path.get_untracked(), params.to_query_string());
        self.navigate.with_value(|navigate| navigate(&target, NavigateOptions { scroll: false, ..Default::default() }));
    }

    /// Removes every filter and the sort from the address.
    pub fn clear(&self) {
        if self.params.with_untracked(|p| p.latest_values().next().is_some()) {
            let path = self.path.get_untracked();
            self.navigate
                .with_value(|navigate| navigate(&path, NavigateOptions { scroll: false, ..Default::default() }));
        }
    }

    /// Whether the address holds any filter or sort (tracked).
    pub fn any(&self) -> bool {
        self.params.with(|p| p.latest_values().next().is_some())
    }

    /// The cursor of the page to load (tracked).
    pub fn cursor(&self) -> Option<String> {
        self.pager.cursor()
    }
}

impl Default for ListQuery {
    fn default() -> Self {
        Self::new()
    }
}
