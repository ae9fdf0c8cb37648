//! Pages anyone can see: the home page, signing in and up, and the error pages.

pub mod auth;
pub mod errors;
pub mod home;

use leptos::prelude::*;
use leptos_router::MatchNestedRoutes;

use self::auth::AuthRoutes;
use self::home::HomeRoutes;

/// The public portal's routes, area by area (the error pages have none: see [`errors`]).
#[component(transparent)]
pub fn PublicRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <HomeRoutes/>
        <AuthRoutes/>
    }
    .into_inner()
}
