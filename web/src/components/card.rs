//! Cards, page headers and badges.

use leptos::prelude::*;

/// A titled surface.
#[component]
pub fn Card(
    /// The heading.
    #[prop(optional, into)]
    title: Option<String>,
    /// Extra class names.
    #[prop(optional)]
    class: &'static str,
    children: Children,
) -> impl IntoView {
    view! {
        <section class=format!("card {class}")>
            {title.map(|t| view! { <h2 class="card-title">{t}</h2> })}
            {children()}
        </section>
    }
}

/// The heading of a page, with an optional description and actions.
#[component]
pub fn PageHeader(
    /// The page title (the page's `h1`).
    #[prop(into)]
    title: String,
    /// A sentence under the title.
    #[prop(optional, into)]
    description: Option<String>,
    /// Buttons on the right.
    #[prop(optional)]
    children: Option<Children>,
) -> impl IntoView {
    view! {
        <header class="page-header">
            <div>
                <h1>{title}</h1>
                {description.map(|d| view! { <p class="muted">{d}</p> })}
            </div>
            <div class="page-actions">{children.map(|c| c())}</div>
        </header>
    }
}

/// A small coloured label: `green`, `red`, `amber`, `blue` or `gray`.
#[component]
pub fn Badge(#[prop(into)] text: String, #[prop(default = "gray")] tone: &'static str) -> impl IntoView {
    view! { <span class=format!("badge badge-{tone}")>{text}</span> }
}
