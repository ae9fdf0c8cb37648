//! What every entry bundle mounts: the session, toasts and the router around the bundle's own
//! routes, and the fallback that hands a path of another bundle to an ordinary page load.

use leptos::prelude::*;
use leptos_router::components::Router;
use leptos_router::hooks::{use_location, use_navigate};
use shared::Bundle;
use wasm_bindgen::JsCast;
use wasm_bindgen::closure::Closure;

use crate::components::toaster::Toaster;
use crate::components::{NotFound, Spinner};
use crate::state::session::Session;
use crate::state::toast::Toasts;

/// Mounts `bundle`: `routes` is its `<Routes>`, whose fallback is [`Elsewhere`].
pub fn mount<V: IntoView + 'static>(bundle: Bundle, routes: impl FnOnce() -> V + Send + 'static) {
    leave_for_other_bundles(bundle);
    leptos::mount::mount_to_body(move || {
        provide_context(bundle);
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

/// Lets the browser load a link to another bundle's page as an ordinary page load, before the
/// router would handle it as a move within this one: a capturing listener stops the click from
/// reaching the router's listener (on `window`) without preventing the browser's navigation.
fn leave_for_other_bundles(bundle: Bundle) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else { return };
    let on_click = Closure::<dyn Fn(web_sys::Event)>::new(move |ev: web_sys::Event| {
        let link = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
            .and_then(|e| e.closest("a[href]").ok().flatten())
            .and_then(|a| a.dyn_into::<web_sys::HtmlAnchorElement>().ok());
        let ours = web_sys::window().and_then(|w| w.location().origin().ok());
        if let Some(a) = link
            && ours.as_deref() == Some(a.origin().as_str())
            && Bundle::for_path(&a.pathname()) != bundle
        {
            ev.stop_propagation();
        }
    });
    let _ = document.add_event_listener_with_callback_and_bool("click", on_click.as_ref().unchecked_ref(), true);
    on_click.forget();
}

/// Goes to `path` (with its query): within this bundle through the router, to another bundle's
/// page by an ordinary page load. For moves the app makes itself (after signing in or out).
pub fn use_go() -> impl Fn(&str) + Clone {
    let bundle = use_context::<Bundle>();
    let navigate = use_navigate();
    move |path: &str| {
        let route = path.split(['?', '#']).next().unwrap_or_default();
        if Some(Bundle::for_path(route)) == bundle {
            navigate(path, Default::default());
        } else if let Some(w) = web_sys::window() {
            let _ = w.location().assign(path);
        }
    }
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
        // The router keeps the query and the fragment without their `?` and `#`.
        let (search, hash) = (location.search.get(), location.hash.get());
        let mut target = path;
        for (mark, part) in [('?', search), ('#', hash)] {
            let part = part.trim_start_matches(mark);
            if !part.is_empty() {
                target.push(mark);
                target.push_str(part);
            }
        }
        // `replace`: the router has already put this address in the history.
        if let Some(w) = web_sys::window() {
            let _ = w.location().replace(&target);
        }
        view! { <div class="page-loading"><Spinner/></div> }.into_any()
    }
}
