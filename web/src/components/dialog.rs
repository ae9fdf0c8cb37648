//! A modal confirmation dialog on the native `<dialog>`: it traps focus, closes on Escape, and
//! gives focus back to what opened it.

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
    view! {
        <dialog node_ref=dialog class="dialog" aria-labelledby=title_id on:close=move |_| open.set(false)>
            <form method="dialog" class="dialog-body" on:submit=move |ev| ev.prevent_default()>
                <h2 id=title_id>{title}</h2>
                <p>{move || message.get()}</p>
                {children.map(|c| c())}
                <div class="dialog-actions">
                    <Button variant="secondary" on_click=Callback::new(move |_| open.set(false))>
                        "Cancel"
                    </Button>
                    <Button
                        variant=if danger { "danger" } else { "primary" }
                        busy=busy
                        name="confirm"
                        on_click=on_confirm
                    >
                        {confirm_label}
                    </Button>
                </div>
            </form>
        </dialog>
    }
}
