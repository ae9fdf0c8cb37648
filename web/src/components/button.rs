//! Buttons with a busy state.

use leptos::prelude::*;

/// A button. While `busy`, it is disabled, shows a spinner and says so to screen readers.
#[component]
pub fn Button(
    /// Visual weight: `primary`, `secondary`, `danger` or `ghost`.
    #[prop(default = "primary")]
    variant: &'static str,
    /// `button` or `submit`.
    #[prop(default = "button")]
    r#type: &'static str,
    /// Whether an action is running.
    #[prop(into, optional)]
    busy: Signal<bool>,
    /// Whether the button is disabled.
    #[prop(into, optional)]
    disabled: Signal<bool>,
    /// Click handler.
    #[prop(optional)]
    on_click: Option<Callback<()>>,
    /// Accessible label when the content is only an icon.
    #[prop(optional)]
    aria_label: Option<&'static str>,
    /// A test hook name.
    #[prop(optional)]
    name: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    view! {
        <button
            type=r#type
            name=name
            class=format!("btn btn-{variant}")
            class:is-busy=move || busy.get()
            disabled=move || busy.get() || disabled.get()
            aria-busy=move || busy.get().then_some("true")
            aria-label=aria_label
            on:click=move |_| {
                if let Some(cb) = on_click {
                    cb.run(());
                }
            }
        >
            <span class="btn-spinner" aria-hidden="true"></span>
            <span class="btn-label">{children()}</span>
        </button>
    }
}
