//! Sign in.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::dto::auth::{AuthResponse, LoginRequest, MfaVerifyRequest};

use crate::api::{self, ApiError};
use crate::app::use_go;
use crate::components::{Button, TextField};
use crate::state::session::{Gate, Session, home_for};

/// A safe place to go after signing in: a path on this site, never another host.
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| {
        shared::links::safe_return_path(n).is_some()
            && !["/login", "/signup"].iter().any(|p| n == p || n.starts_with(&format!("{p}?")))
    })
}

/// The sign-in page.
#[component]
pub fn Login() -> impl IntoView {
    let session = Session::current();
    let navigate = use_go();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let mfa_token = RwSignal::new(None::<String>);
    let code = RwSignal::new(String::new());
    let use_recovery = RwSignal::new(false);
    let next = move || safe_next(query.with_untracked(|q| q.get("next")));

    // Already signed in: go on.
    let nav = navigate.clone();
    Effect::new(move |_| {
        if let Gate::Ready(me) = session.gate() {
            let to = next().unwrap_or_else(|| home_for(me.user.role).to_owned());
            nav(&to);
        }
    });

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        error.set(None);
        let body = LoginRequest { email: email.get_untracked(), password: password.get_untracked() };
        leptos::task::spawn_local(async move {
            match api::auth::login(&body).await {
                Ok(AuthResponse { access_token: Some(token), .. }) => {
                    if let Err(e) = session.establish(token).await {
                        error.set(Some(e));
                    }
                }
                Ok(AuthResponse { mfa_token: Some(t), .. }) => mfa_token.set(Some(t)),
                Ok(_) => error.set(Some(ApiError::Network("Unexpected answer from the server.".into()))),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let verify = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let Some(token) = mfa_token.get_untracked() else { return };
        busy.set(true);
        error.set(None);
        let entered = Some(code.get_untracked());
        let body = if use_recovery.get_untracked() {
            MfaVerifyRequest { mfa_token: token, code: None, recovery_code: entered }
        } else {
            MfaVerifyRequest { mfa_token: token, code: entered, recovery_code: None }
        };
        leptos::task::spawn_local(async move {
            match api::auth::verify_mfa(&body).await {
                Ok(AuthResponse { access_token: Some(token), .. }) => {
                    if let Err(e) = session.establish(token).await {
                        error.set(Some(e));
                    }
                }
                Ok(_) => error.set(Some(ApiError::Network("Unexpected answer from the server.".into()))),
                Err(e) => {
                    if e.code() == Some(shared::ErrorCode::InvalidToken) {
                        // The five minutes ran out: start again.
                        mfa_token.set(None);
                    }
                    error.set(Some(e));
                }
            }
            code.set(String::new());
            busy.set(false);
        });
    };
    let field_error = move |name: &'static str| Signal::derive(move || error.get().and_then(|e| e.field(name)));
    view! {
        <div class="auth-page">
            <main id="main" class="auth-card">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "OMGsystems"
                </a>
                <Show when=move || mfa_token.get().is_some()>
                    <h1>"Two-step verification"</h1>
                    <form on:submit=verify novalidate>
                        {move || error.get().map(|e| view! { <div class="alert alert-error" role="alert">{e.message()}</div> })}
                        <p class="muted">
                            {move || if use_recovery.get() {
                                "Enter one of your recovery codes."
                            } else {
                                "Enter the six-digit code from your authenticator app."
                            }}
                        </p>
                        {move || {
                            let (id, label, autocomplete) = if use_recovery.get() {
                                ("recovery-code", "Recovery code", "off")
                            } else {
                                ("mfa-code", "Authentication code", "one-time-code")
                            };
                            view! { <TextField id=id label=label value=code autocomplete=autocomplete required=true autofocus=true/> }
                        }}
                        <Button r#type="submit" busy=busy name="verify">"Verify"</Button>
                    </form>
                    <button type="button" class="btn btn-ghost" on:click=move |_| {
                        use_recovery.update(|r| *r = !*r);
                        code.set(String::new());
                        error.set(None);
                    }>
                        {move || if use_recovery.get() { "Use the authenticator app instead" } else { "Use a recovery code instead" }}
                    </button>
                </Show>
                <Show when=move || mfa_token.get().is_none()>
                <h1>"Sign in"</h1>
                <form on:submit=submit novalidate>
                    {move || {
                        error
                            .get()
                            .filter(|e| e.field("email").is_none() && e.field("password").is_none())
                            .map(|e| view! { <div class="alert alert-error" role="alert">{e.message()}</div> })
                    }}
                    <TextField id="email" label="Email" value=email r#type="email" autocomplete="username" required=true autofocus=true error=field_error("email")/>
                    <TextField id="password" label="Password" value=password r#type="password" autocomplete="current-password" required=true error=field_error("password")/>
                    <Button r#type="submit" busy=busy name="sign-in">"Sign in"</Button>
                </form>
                </Show>
                <p class="muted"><a href="/forgot-password">"Forgot your password?"</a></p>
                <p class="muted">"New to OMGsystems? " <a href="/signup">"Create an organization"</a></p>
            </main>
        </div>
    }
}
