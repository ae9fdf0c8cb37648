//! Where toasts appear; an aria-live region so screen readers announce them.

use leptos::prelude::*;

use super::{Icon, IconName};
use crate::state::toast::{ToastKind, Toasts};

/// The toast region.
#[component]
pub fn Toaster() -> impl IntoView {
    let toasts = Toasts::current();
    view! {
        <div class="toaster" role="status" aria-live="polite" aria-atomic="false">
            <For each=move || toasts.items.get() key=|t| t.id let:toast>
                <div class=move || {
                    format!("toast {}", if toast.kind == ToastKind::Error { "toast-error" } else { "toast-success" })
                }>
                    <Icon name=if toast.kind == ToastKind::Error { IconName::Warning } else { IconName::CheckCircle }/>
                    <span>{toast.message.clone()}</span>
                    <button
                        type="button"
                        class="icon-button"
                        aria-label="Dismiss"
                        on:click=move |_| toasts.dismiss(toast.id)
                    >
                        <Icon name=IconName::Close/>
                    </button>
                </div>
            </For>
        </div>
    }
}
