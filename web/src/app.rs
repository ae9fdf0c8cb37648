//! The app: state, routes, toasts.

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Route, Router, Routes};
use leptos_router::path;

use crate::components::shell::{Portal, PortalShell};
use crate::components::toaster::Toaster;
use crate::pages::admin::audit::AuditLog;
use crate::pages::admin::organization::OrganizationDetail;
use crate::pages::admin::organizations::Organizations;
use crate::pages::dashboard::api_keys::ApiKeys;
use crate::pages::dashboard::overview::Overview;
use crate::pages::dashboard::profile::Profile;
use crate::pages::dashboard::security::Security;
use crate::pages::dashboard::sessions::Sessions;
use crate::pages::dashboard::settings::OrgSettings;
use crate::pages::public::home::Home;
use crate::pages::public::login::Login;
use crate::pages::public::not_found::NotFound;
use crate::pages::public::recovery::{ForgotPassword, ResetPassword, VerifyEmail};
use crate::pages::public::signup::Signup;
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
                <Route path=path!("/") view=Home/>
                <Route path=path!("/login") view=Login/>
                <Route path=path!("/signup") view=Signup/>
                <Route path=path!("/forgot-password") view=ForgotPassword/>
                <Route path=path!("/reset-password") view=ResetPassword/>
                <Route path=path!("/verify-email") view=VerifyEmail/>
                <ParentRoute path=path!("/dashboard") view=|| view! { <PortalShell portal=Portal::Client/> }>
                    <Route path=path!("") view=Overview/>
                    <Route path=path!("settings") view=OrgSettings/>
                    <Route path=path!("api-keys") view=ApiKeys/>
                    <Route path=path!("profile") view=Profile/>
                    <Route path=path!("sessions") view=Sessions/>
                    <Route path=path!("security") view=Security/>
                </ParentRoute>
                <ParentRoute path=path!("/admin") view=|| view! { <PortalShell portal=Portal::Admin/> }>
                    <Route path=path!("") view=Organizations/>
                    <Route path=path!("organizations") view=Organizations/>
                    <Route path=path!("organizations/:id") view=OrganizationDetail/>
                    <Route path=path!("audit") view=AuditLog/>
                    <Route path=path!("profile") view=Profile/>
                    <Route path=path!("sessions") view=Sessions/>
                    <Route path=path!("security") view=Security/>
                </ParentRoute>
            </Routes>
        </Router>
        <Toaster/>
    }
}
