//! The users bundle: the admin portal's user accounts.

use leptos::prelude::*;
use leptos_router::components::Routes;
use shared::Bundle;
use web::app::{Elsewhere, mount};
use web::pages::admin::AdminUsersRoutes;

fn main() {
    mount(Bundle::Users, || {
        view! {
            <Routes fallback=|| view! { <Elsewhere bundle=Bundle::Users/> }>
                <AdminUsersRoutes/>
            </Routes>
        }
    });
}
