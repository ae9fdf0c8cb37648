//! A form's submission: busy while it runs (a second submit meanwhile is ignored), the server's
//! messages for the form's fields beside them and any other refusal as a toast (or, for a form
//! that shows it itself, from [`Submission::refusal`]), and what to do with a success. What
//! follows every answer, success or not (closing a dialog, reloading a list), goes at the end of
//! `send`. The answer is taken even when the page has gone meanwhile, so `done` only sets
//! signals, toasts and starts tasks.
//!
//! Only the form's own `send` and `done` are generic: the state (busy, the last refusal) is the
//! same for every form. On a leptos `Action`, whose signals are generic over the input and the
//! answer, each form cost 2 to 3 KB gzipped more.

use std::future::Future;
use std::rc::Rc;

use leptos::prelude::*;

use crate::api::{ApiError, ApiResult};
use crate::state::toast::Toasts;

/// Submits a form's input `I`.
pub struct Submission<I: 'static> {
    state: State,
    run: StoredValue<Rc<dyn Fn(I)>, LocalStorage>,
}

impl<I: 'static> Clone for Submission<I> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I: 'static> Copy for Submission<I> {}

impl<I: 'static> Submission<I> {
    /// `send` sends the input; `done` takes each success. A refusal that names none of `fields`
    /// (the form's field names, as the server names them) shows as a toast.
    pub fn new<O: 'static, Fu>(
        fields: &'static [&'static str],
        send: impl Fn(I) -> Fu + 'static,
        done: impl Fn(O) + 'static,
    ) -> Self
    where
        Fu: Future<Output = ApiResult<O>> + 'static,
    {
        Self::build(State::new(fields, true), send, done)
    }

    /// As [`Submission::new`], for a form that shows a refusal naming none of its fields itself
    /// (from [`Submission::refusal`]) instead of as a toast.
    pub fn inline<O: 'static, Fu>(
        fields: &'static [&'static str],
        send: impl Fn(I) -> Fu + 'static,
        done: impl Fn(O) + 'static,
    ) -> Self
    where
        Fu: Future<Output = ApiResult<O>> + 'static,
    {
        Self::build(State::new(fields, false), send, done)
    }

    fn build<O: 'static, Fu>(state: State, send: impl Fn(I) -> Fu + 'static, done: impl Fn(O) + 'static) -> Self
    where
        Fu: Future<Output = ApiResult<O>> + 'static,
    {
        let done = Rc::new(done);
        let run = move |input: I| {
            let (answer, done) = (send(input), done.clone());
            leptos::task::spawn_local(async move {
                if let Some(success) = state.finish(answer.await) {
                    done(success);
                }
            });
        };
        Submission { state, run: StoredValue::new_local(Rc::new(run)) }
    }

    /// Sends `input`, unless a submission is running; the last answer's messages go meanwhile.
    pub fn submit(&self, input: I) {
        if self.state.start() {
            (self.run.get_value())(input);
        }
    }

    /// Whether a submission is running (tracked).
    pub fn busy(&self) -> Signal<bool> {
        self.state.busy.into()
    }

    /// The server's message for `field` after the last submission (tracked).
    pub fn field(&self, field: &'static str) -> Signal<Option<String>> {
        self.state.field(field)
    }

    /// The message of the last submission's refusal when it names none of the form's fields
    /// (tracked): what a form made with [`Submission::inline`] shows itself, e.g. in a
    /// [`crate::components::FormError`].
    pub fn refusal(&self) -> Signal<Option<String>> {
        self.state.refusal()
    }

    /// Forgets the last refusal: its messages for the fields and the rest.
    pub fn reset(&self) {
        self.state.refused.set(None);
    }
}

/// What every form's submission holds, whatever its input and answer.
#[derive(Clone, Copy)]
struct State {
    busy: RwSignal<bool>,
    refused: RwSignal<Option<ApiError>>,
    fields: &'static [&'static str],
    /// Where refusals naming none of the fields go, unless the form shows them itself.
    toasts: Option<Toasts>,
}

impl State {
    fn new(fields: &'static [&'static str], toast: bool) -> Self {
        State { busy: RwSignal::new(false), refused: RwSignal::new(None), fields, toasts: toast.then(Toasts::current) }
    }

    /// Whether a submission may start now; it is busy then.
    fn start(&self) -> bool {
        if self.busy.get_untracked() {
            return false;
        }
        self.busy.set(true);
        self.refused.set(None);
        true
    }

    /// Takes the answer: the success, or shows the refusal.
    fn finish<O>(&self, answer: ApiResult<O>) -> Option<O> {
        self.busy.set(false);
        answer.map_err(|e| self.refuse(e)).ok()
    }

    fn refuse(&self, e: ApiError) {
        if let Some(toasts) = self.toasts
            && !self.names_a_field(&e)
        {
            toasts.error(e.message());
        }
        self.refused.set(Some(e));
    }

    fn names_a_field(&self, e: &ApiError) -> bool {
        self.fields.iter().any(|f| e.field(f).is_some())
    }

    fn field(&self, field: &'static str) -> Signal<Option<String>> {
        let refused = self.refused;
        Signal::derive(move || refused.with(|e| e.as_ref().and_then(|e| e.field(field))))
    }

    fn refusal(&self) -> Signal<Option<String>> {
        let this = *self;
        Signal::derive(move || {
            this.refused.with(|e| e.as_ref().filter(|e| !this.names_a_field(e)).map(ApiError::message))
        })
    }
}
