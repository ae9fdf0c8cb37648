//! Loading, empty and error states.

use leptos::prelude::*;

use super::{Icon, IconName, PageHeader};
use crate::api::ApiError;
use crate::state::remote::Remote;

/// A spinner with a label for screen readers.
#[component]
pub fn Spinner(#[prop(default = "Loading…")] label: &'static str) -> impl IntoView {
    view! {
        <div class="spinner-wrap" role="status">
            <span class="spinner" aria-hidden="true"></span>
            <span class="sr-only">{label}</span>
        </div>
    }
}

/// Nothing to show yet (`text` may be empty).
#[component]
pub fn EmptyState(#[prop(into)] title: String, #[prop(optional, into)] text: String) -> impl IntoView {
    view! {
        <div class="empty-state">
            <Icon name=IconName::Info/>
            <p class="empty-title">{title}</p>
            {(!text.is_empty()).then(|| view! { <p class="muted">{text}</p> })}
        </div>
    }
}

/// A failed load, with a retry button.
#[component]
pub fn ErrorState(error: ApiError, #[prop(optional)] retry: Option<Callback<()>>) -> impl IntoView {
    view! {
        <div class="error-state" role="alert">
            <Icon name=IconName::Warning/>
            <p>{error.message()}</p>
            {(error.code() == Some(shared::ErrorCode::MfaEnrollmentRequired)).then(|| {
                view! { <a class="btn btn-primary" href="/dashboard/security">"Set up two-factor authentication"</a> }
            })}
            {retry.map(|r| {
                view! {
                    <button type="button" class="btn btn-secondary" on:click=move |_| r.run(())>
                        "Try again"
                    </button>
                }
            })}
        </div>
    }
}

/// A value loaded into `res`: a spinner in a card while it loads, the error with a retry, or
/// `ok` with the value. The first two are shared by every page.
pub fn loaded<T, V>(res: Remote<T>, ok: impl Fn(T) -> V + Send + Sync + 'static) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    move || match res.get() {
        Some(Ok(value)) => ok(value).into_any(),
        other => not_loaded(other.and_then(Result::err), Callback::new(move |_| res.refetch())),
    }
}

/// A record's own page: a breadcrumb back to its list (`back`: the list's path and name), then the
/// record once loaded into `res`. While it loads, a spinner; when it fails, a header naming the
/// kind of record (`noun`) and the error with a retry.
pub fn detail_page<T, V>(
    back: (&'static str, &'static str),
    noun: &'static str,
    res: Remote<T>,
    ok: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    V: IntoView + 'static,
{
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href=back.0>{back.1}</a>
        </nav>
        {move || match res.get() {
            Some(Ok(value)) => ok(value).into_any(),
            Some(Err(e)) => view! {
                <PageHeader title=noun/>
                {not_loaded(Some(e), Callback::new(move |_| res.refetch()))}
            }
            .into_any(),
            None => not_loaded(None, Callback::new(|_| ())),
        }}
    }
}

/// A spinner in a card, or a failed load with its retry button.
fn not_loaded(error: Option<ApiError>, retry: Callback<()>) -> AnyView {
    match error {
        None => view! { <section class="card"><Spinner/></section> }.into_any(),
        Some(e) => view! { <ErrorState error=e retry=retry/> }.into_any(),
    }
}
