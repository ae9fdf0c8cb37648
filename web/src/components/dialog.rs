//! A modal confirmation dialog on the native `<dialog>`: it traps focus, closes on Escape, and
//! gives focus back to what opened it. For what cannot be undone lightly, it can ask the person
//! to type a name first.

use leptos::html::Dialog;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::Button;

/// Asks before doing something that matters.
#[component]
pub fn ConfirmDialog(
    /// Whether the dialog is open.
    open: RwSignal<bool>,
    /// The question.
    #[prop(into)]
    title: String,
    /// What will happen.
    #[prop(into)]
    message: Signal<String>,
    /// The confirm button's text.
    #[prop(into)]
    confirm_label: String,
    /// Whether the action is destructive.
    #[prop(optional)]
    danger: bool,
    /// Whether the action is running.
    #[prop(into, optional)]
    busy: Signal<bool>,
    /// Called on confirm.
    on_confirm: Callback<()>,
    /// Text the person types before the confirm button works (e.g. the organization's name).
    #[prop(default = None)]
    confirm_text: Option<String>,
    /// Extra content (e.g. a reason field).
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage> = StoredValue::new_local(None);
    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if open.get() {
            if !el.open() {
                let active = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
                opener.set_value(active);
                let _ = el.show_modal();
            }
        } else if el.open() {
            el.close();
            if let Some(o) = opener.get_value() {
                let _ = o.focus();
            }
        }
    });
    let title_id = "dialog-title";
    let typed = RwSignal::new(String::new());
    Effect::new(move |_| {
        if open.get() {
            typed.set(String::new());
        }
    });
    let expected = StoredValue::new(confirm_text.clone());
    let matches = move || expected.with_value(|e| e.as_ref().is_none_or(|e| typed.with(|t| t.trim() == e)));
    let confirm = Callback::new(move |_| {
        if matches() {
            on_confirm.run(());
        }
    });
    let typing = confirm_text.map(|text| {
        view! {
            <div class="field">
                <label for="confirm-text">"Type " <strong>{text.clone()}</strong> " to confirm"</label>
                <input
                    id="confirm-text"
                    type="text"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || typed.get()
                    on:input=move |ev| typed.set(event_target_value(&ev))
                />
            </div>
        }
    });
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby=title_id on:close=move |_| open.set(false)>
            <form method="dialog" class="dialog-body" on:submit=move |ev| ev.prevent_default()>
                <h2 id=title_id>{title}</h2>
                <p>{move || message.get()}</p>
                {children.map(|c| c())}
                {typing}
                <div class="dialog-actions">
                    <Button variant="secondary" on_click=Callback::new(move |_| open.set(false))>
                        "Cancel"
                    </Button>
                    <Button
                        variant=if danger { "danger" } else { "primary" }
                        busy=busy
                        disabled=Signal::derive(move || !matches())
                        name="confirm"
                        on_click=confirm
                    >
                        {confirm_label}
                    </Button>
                </div>
            </form>
        </dialog>
    }
}
