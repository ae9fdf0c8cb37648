//! Shown for an address that is not a page.

use leptos::prelude::*;

/// 404.
#[component]
pub fn NotFound() -> impl IntoView {
    view! {
        <div class="status-page">
            <main id="main">
                <p class="status-code">"404"</p>
                <h1>"Page not found"</h1>
                <p class="muted">"The address may be mistyped, or the page has moved."</p>
                <a class="btn btn-primary" href="/">"Go home"</a>
            </main>
        </div>
    }
}
