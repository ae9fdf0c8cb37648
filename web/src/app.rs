//! What every entry bundle mounts: the session, toasts and the router around the bundle's own
//! routes, and the fallback that hands a path of another bundle to an ordinary page load.

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::use_location;
use shared::Bundle;

use crate::components::Spinner;
use crate::components::toaster::Toaster;
use crate::pages::public::errors::NotFound;
use crate::state::session::Session;
use crate::state::toast::Toasts;

/// Mounts a bundle: `routes` is its `<Routes>`, whose fallback is [`Elsewhere`].
pub fn mount<V: IntoView + 'static>(routes: impl FnOnce() -> V + Send + 'static) {
    leptos::mount::mount_to_body(move || {
        let session = Session::new();
        provide_context(session);
        provide_context(Toasts::new());
        leptos::task::spawn_local(session.restore());
        view! {
            <Router>{routes()}</Router>
            <Toaster/>
        }
    });
}

/// A path no route of `bundle` matches: loaded as an ordinary page when another bundle holds it
/// (links and redirects between portals), "not found" when it is this bundle's.
#[component]
pub fn Elsewhere(bundle: Bundle) -> impl IntoView {
    let location = use_location();
    move || {
        let path = location.pathname.get();
        if Bundle::for_path(&path) == bundle {
            return view! { <NotFound/> }.into_any();
        }
        let target = format!("{path}{}{}", location.search.get(), location.hash.get());
        // `replace`: the router has already put this address in the history.
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace(&target);
        }
        view! { <div class="page-loading"><Spinner/></div> }.into_any()
    }
}
