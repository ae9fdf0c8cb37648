//! Pages anyone can see: the home page, signing in and up, and the error pages.

pub mod auth;
pub mod home;

use leptos::prelude::*;
use leptos_router::MatchNestedRoutes;

use self::auth::AuthRoutes;
use self::home::HomeRoutes;

/// The public portal's routes, area by area (the status pages have none: see
/// [`crate::components::status_page`]).
#[component(transparent)]
pub fn PublicRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <HomeRoutes/>
        <AuthRoutes/>
    }
    .into_inner()
}
