//! The home page.

pub mod home_page;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};

use self::home_page::Home;

/// `/`.
#[component(transparent)]
pub fn HomeRoutes() -> impl MatchNestedRoutes + Clone {
    view! { <Route path=path!("/") view=Home/> }.into_inner()
}
