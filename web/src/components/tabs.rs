//! Tabs whose choice lives in the address (`?tab=…`), so a reload, a shared link and back and
//! forward keep it. The first tab is the page without the parameter.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate, use_query_map};

/// One tab: its key in the address and its label.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tab {
    /// `?tab=<key>`.
    pub key: &'static str,
    /// What the tab says.
    pub label: &'static str,
}

/// The key of the tab on screen (tracked): the address's, or the first tab's.
pub fn current_tab(tabs: &'static [Tab]) -> Memo<&'static str> {
    let query = use_query_map();
    let first = tabs.first().map_or("", |t| t.key);
    Memo::new(move |_| {
        query.with(|q| q.get_str("tab").and_then(|k| tabs.iter().find(|t| t.key == k)).map_or(first, |t| t.key))
    })
}

/// A tab list and the panel of the chosen tab (`panel` draws it from its key). Arrow keys,
/// Home and End move between the tabs, as the ARIA tabs pattern has them.
#[component]
pub fn Tabs(
    /// The tabs, in order.
    tabs: &'static [Tab],
    /// The tab list's name for screen readers.
    label: &'static str,
    /// The panel of a tab.
    panel: fn(&'static str) -> AnyView,
) -> impl IntoView {
    let active = current_tab(tabs);
    let path = use_location().pathname;
    let navigate = use_navigate();
    let href = move |i: usize| {
        let path = path.get();
        if i == 0 { path } else { format!("{path}?tab={}", tabs[i].key) }
    };
    let go = move |i: usize| {
        navigate(&href(i), Default::default());
        if let Some(tab) = document().get_element_by_id(&format!("tab-{}", tabs[i].key))
            && let Ok(tab) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(tab)
        {
            let _ = tab.focus();
        }
    };
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        let at = tabs.iter().position(|t| t.key == active.get_untracked()).unwrap_or(0);
        let last = tabs.len().saturating_sub(1);
        let to = match ev.key().as_str() {
            "ArrowRight" => (at + 1).min(last),
            "ArrowLeft" => at.saturating_sub(1),
            "Home" => 0,
            "End" => last,
            _ => return,
        };
        ev.prevent_default();
        go(to);
    };
    let list = tabs
        .iter()
        .enumerate()
        .map(|(i, tab)| {
            let selected = move || active.get() == tab.key;
            view! {
                <a
                    id=format!("tab-{}", tab.key)
                    role="tab"
                    href=move || href(i)
                    aria-selected=move || selected().to_string()
                    aria-controls="tab-panel"
                    tabindex=move || if selected() { "0" } else { "-1" }
                >
                    {tab.label}
                </a>
            }
        })
        .collect_view();
    view! {
        <div class="tabs" role="tablist" aria-label=label on:keydown=on_key>{list}</div>
        <div id="tab-panel" role="tabpanel" aria-labelledby=move || format!("tab-{}", active.get()) tabindex="0">
            {move || panel(active.get())}
        </div>
    }
}
