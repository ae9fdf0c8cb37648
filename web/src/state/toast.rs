//! Toast messages, announced to screen readers through an aria-live region.

use leptos::prelude::*;

/// How a toast looks.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ToastKind {
    /// Something worked.
    Success,
    /// Something failed.
    Error,
}

/// One toast.
#[derive(Debug, Clone, PartialEq)]
pub struct Toast {
    /// Unique id.
    pub id: u64,
    /// Kind.
    pub kind: ToastKind,
    /// Text.
    pub message: String,
}

/// The toast stack.
#[derive(Debug, Clone, Copy)]
pub struct Toasts {
    /// The visible toasts.
    pub items: RwSignal<Vec<Toast>>,
    next: StoredValue<u64>,
}

impl Toasts {
    /// An empty stack.
    pub fn new() -> Self {
        Toasts { items: RwSignal::new(Vec::new()), next: StoredValue::new(1) }
    }

    /// The app's toasts.
    pub fn current() -> Self {
        expect_context::<Toasts>()
    }

    /// Shows a toast for a few seconds.
    pub fn push(&self, kind: ToastKind, message: impl Into<String>) {
        let id = self.next.get_value();
        self.next.set_value(id + 1);
        self.items.update(|v| v.push(Toast { id, kind, message: message.into() }));
        let items = self.items;
        leptos::task::spawn_local(async move {
            gloo_timers::future::TimeoutFuture::new(6000).await;
            items.update(|v| v.retain(|t| t.id != id));
        });
    }

    /// A success toast.
    pub fn success(&self, message: impl Into<String>) {
        self.push(ToastKind::Success, message);
    }

    /// An error toast.
    pub fn error(&self, message: impl Into<String>) {
        self.push(ToastKind::Error, message);
    }

    /// Removes a toast.
    pub fn dismiss(&self, id: u64) {
        self.items.update(|v| v.retain(|t| t.id != id));
    }
}

impl Default for Toasts {
    fn default() -> Self {
        Self::new()
    }
}
