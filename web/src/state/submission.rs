//! A form's submission, on a leptos `Action`: busy while it runs (a second submit meanwhile is
//! ignored), the server's messages for the form's fields beside them and any other refusal as a
//! toast, and what to do with a success.

use std::future::Future;

use leptos::prelude::*;

use crate::api::{ApiError, ApiResult};
use crate::state::toast::Toasts;

/// Submits a form's input `I` and receives an `O`.
pub struct Submission<I: 'static, O: 'static> {
    action: Action<I, ApiResult<O>>,
}

impl<I: 'static, O: 'static> Clone for Submission<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static, O: 'static> Copy for Submission<I, O> {}

impl<I: Clone + 'static, O: Clone + 'static> Submission<I, O> {
    /// `send` sends the input; `done` takes each success. A refusal that names none of `fields`
    /// (the form's field names, as the server names them) shows as a toast.
    pub fn new<Fu>(
        fields: &'static [&'static str],
        send: impl Fn(I) -> Fu + 'static,
        done: impl Fn(O) + 'static,
    ) -> Self
    where
        Fu: Future<Output = ApiResult<O>> + 'static,
    {
        let action = Action::new_unsync_local(move |input: &I| send(input.clone()));
        let toasts = Toasts::current();
        let version = action.version();
        Effect::new(move |_| {
            version.track();
            untrack(|| match action.value().get() {
                Some(Ok(answer)) => done(answer),
                Some(Err(e)) if !names_a_field(&e, fields) => toasts.error(e.message()),
                _ => {}
            });
        });
        Submission { action }
    }

    /// Sends `input`, unless a submission is running.
    pub fn submit(&self, input: I) {
        if !self.action.pending().get_untracked() {
            self.action.dispatch_local(input);
        }
    }

    /// Whether a submission is running (tracked).
    pub fn busy(&self) -> Signal<bool> {
        self.action.pending().into()
    }

    /// The server's message for `field` after the last submission (tracked).
    pub fn field(&self, field: &'static str) -> Signal<Option<String>> {
        let value = self.action.value();
        Signal::derive(move || value.with(|v| v.as_ref().and_then(|r| r.as_ref().err()).and_then(|e| e.field(field))))
    }
}

fn names_a_field(e: &ApiError, fields: &[&str]) -> bool {
    fields.iter().any(|f| e.field(f).is_some())
}
