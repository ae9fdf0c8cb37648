//! Whole-page statuses: 404 for an address that is not a page, 403 for a page the role may not open.

use leptos::prelude::*;

use crate::state::session::{Session, home_for};

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

/// 403.
#[component]
pub fn Forbidden() -> impl IntoView {
    let session = Session::current();
    let home = move || session.role().map(home_for).unwrap_or("/");
    view! {
        <div class="status-page">
            <main id="main">
                <p class="status-code">"403"</p>
                <h1>"You don't have access to this page"</h1>
                <p class="muted">"Your account's role does not allow it. If you think it should, ask your administrator."</p>
                <a class="btn btn-primary" href=home>"Go to your portal"</a>
            </main>
        </div>
    }
}
