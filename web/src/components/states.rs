//! Loading, empty and error states.

use leptos::prelude::*;

use super::{Icon, IconName};
use crate::api::ApiError;

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

/// Nothing to show yet.
#[component]
pub fn EmptyState(#[prop(into)] title: String, #[prop(optional, into)] text: Option<String>) -> impl IntoView {
    view! {
        <div class="empty-state">
            <Icon name=IconName::Info/>
            <p class="empty-title">{title}</p>
            {text.map(|t| view! { <p class="muted">{t}</p> })}
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
