//! The app: state, the portals' routes, toasts.

use leptos::prelude::*;
use leptos_router::components::{Router, Routes};

use crate::components::toaster::Toaster;
use crate::pages::admin::AdminRoutes;
use crate::pages::dashboard::DashboardRoutes;
use crate::pages::public::PublicRoutes;
use crate::pages::public::errors::NotFound;
use crate::state::session::Session;
use crate::state::toast::Toasts;

/// The root component.
#[component]
pub fn App() -> impl IntoView {
    let session = Session::new();
    provide_context(session);
    provide_context(Toasts::new());
    leptos::task::spawn_local(session.restore());
    view! {
        <Router>
            <Routes fallback=|| view! { <NotFound/> }>
                <PublicRoutes/>
                <DashboardRoutes/>
                <AdminRoutes/>
            </Routes>
        </Router>
        <Toaster/>
    }
}
