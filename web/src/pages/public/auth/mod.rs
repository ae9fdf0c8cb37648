//! Signing in and up, a forgotten password, email confirmation, accepting an invitation.

pub mod invitation;
pub mod login;
pub mod recovery;
pub mod signup;

use leptos::prelude::*;
use leptos_router::components::Route;
use leptos_router::{MatchNestedRoutes, path};

use self::invitation::AcceptInvitation;
use self::login::Login;
use self::recovery::{ForgotPassword, ResetPassword, VerifyEmail};
use self::signup::Signup;

/// `/login`, `/signup`, `/forgot-password`, `/reset-password`, `/verify-email`,
/// `/invitations/accept`.
#[component(transparent)]
pub fn AuthRoutes() -> impl MatchNestedRoutes + Clone {
    view! {
        <Route path=path!("/login") view=Login/>
        <Route path=path!("/signup") view=Signup/>
        <Route path=path!("/forgot-password") view=ForgotPassword/>
        <Route path=path!("/reset-password") view=ResetPassword/>
        <Route path=path!("/verify-email") view=VerifyEmail/>
        <Route path=path!("/invitations/accept") view=AcceptInvitation/>
    }
    .into_inner()
}
