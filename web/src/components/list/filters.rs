//! Filter fields whose values live in the address.

use leptos::prelude::*;

use super::ListQuery;
use crate::components::{Icon, IconName};

/// The filters above a list (a search landmark). "Clear filters" shows while any is set.
#[component]
pub fn FilterBar(query: ListQuery, children: Children) -> impl IntoView {
    view! {
        <form class="filters" role="search" on:submit=|ev| ev.prevent_default()>
            {children()}
            <Show when=move || query.any()>
                <div class="filters-actions">
                    <button type="button" class="btn btn-ghost" on:click=move |_| query.clear()>"Clear filters"</button>
                </div>
            </Show>
        </form>
    }
}

/// `("", "All")` and then `(value, label)` for each of `values`: the choices of a
/// [`SelectFilter`] from a shared enum.
pub fn choices<E: Copy>(
    values: impl IntoIterator<Item = E>,
    name: fn(E) -> &'static str,
    label: fn(E) -> &'static str,
) -> Vec<(&'static str, &'static str)> {
    std::iter::once(("", "All")).chain(values.into_iter().map(|v| (name(v), label(v)))).collect()
}

/// Attributes every filter field shares: its error message and the ids that describe it.
fn described(id: &'static str, error: Signal<Option<String>>) -> impl Fn() -> Option<String> + Copy {
    move || error.with(Option::is_some).then(|| format!("{id}-error"))
}

fn field_error(id: &'static str, error: Signal<Option<String>>) -> impl IntoView {
    move || error.get().map(|e| view! { <p class="field-error" id=format!("{id}-error")>{e}</p> })
}

/// A search box: applied as the user types, 300 ms after they stop, or at once on Enter.
#[component]
pub fn SearchFilter(
    query: ListQuery,
    /// The query key (e.g. `q`).
    key: &'static str,
    /// The field's id.
    id: &'static str,
    /// The visible label.
    #[prop(default = "Search")]
    label: &'static str,
    /// What can be searched for.
    #[prop(optional)]
    placeholder: &'static str,
    /// The server's message for this field, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let typed = RwSignal::new(query.get(key));
    // Back, forward and "Clear filters" change the address: the box follows it.
    Effect::new(move |_| {
        let applied = query.get(key);
        if typed.get_untracked().trim() != applied {
            typed.set(applied);
        }
    });
    let on_input = move |ev| {
        let value = event_target_value(&ev);
        typed.set(value.clone());
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(300).await;
            if typed.try_get_untracked().as_ref() == Some(&value) {
                query.set(key, value.trim());
            }
        });
    };
    view! {
        <div class="field search-field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            <div class="input-icon">
                <Icon name=IconName::Search/>
                <input
                    id=id
                    type="search"
                    placeholder=placeholder
                    aria-describedby=described(id, error)
                    aria-invalid=move || error.with(Option::is_some).then_some("true")
                    prop:value=move || typed.get()
                    on:input=on_input
                    on:keydown=move |ev| {
                        if ev.key() == "Enter" {
                            query.set(key, typed.get_untracked().trim());
                        }
                    }
                />
            </div>
            {field_error(id, error)}
        </div>
    }
}

/// A choice among values (e.g. a status), the first meaning "any"; applied on change.
#[component]
pub fn SelectFilter(
    query: ListQuery,
    /// The query key.
    key: &'static str,
    /// The field's id.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// `(value, label)` pairs, see [`choices`].
    options: Vec<(&'static str, &'static str)>,
) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{label}</label>
            <select id=id on:change=move |ev| query.set(key, &event_target_value(&ev)) prop:value=move || query.get(key)>
                {options
                    .into_iter()
                    .map(|(v, l)| view! { <option value=v selected=move || query.get(key) == v>{l}</option> })
                    .collect_view()}
            </select>
        </div>
    }
}

/// A typed filter value (an id, an action, a date): applied on Enter or when the field is left.
#[component]
pub fn TextFilter(
    query: ListQuery,
    /// The query key.
    key: &'static str,
    /// The field's id.
    id: &'static str,
    /// The visible label.
    label: &'static str,
    /// The input type (`text`, `datetime-local`, `date`).
    #[prop(default = "text")]
    r#type: &'static str,
    /// A hint under the label.
    #[prop(optional)]
    hint: Option<&'static str>,
    /// The server's message for this field, if any.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    let describe = described(id, error);
    let describedby = move || {
        let ids: Vec<String> = hint.map(|_| hint_id.clone()).into_iter().chain(describe()).collect();
        (!ids.is_empty()).then(|| ids.join(" "))
    };
    view! {
        <div class="field" class:has-error=move || error.with(Option::is_some)>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{h}</p> })}
            <input
                id=id
                type=r#type
                aria-describedby=describedby
                aria-invalid=move || error.with(Option::is_some).then_some("true")
                prop:value=move || query.get(key)
                on:change=move |ev| query.set(key, event_target_value(&ev).trim())
            />
            {field_error(id, error)}
        </div>
    }
}
