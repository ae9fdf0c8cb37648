//! The public bundle: home, sign-in, sign-up, recovery and the error pages.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::public::PublicRoutes;

fn main() {
    mount(Bundle::Public, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Public/> }>
                <PublicRoutes/>
            </Routes>
        }
    });
}
