//! Sign in.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::dto::auth::{AuthResponse, LoginRequest, MfaVerifyRequest};

use crate::api::{self, ApiError, ApiResult};
use crate::app::use_go;
use crate::components::{Button, FormError, TextField};
use crate::state::session::{Gate, Session, home_for};
use crate::state::submission::Submission;

/// A safe place to go after signing in: a path on this site, never another host.
pub fn safe_next(next: Option<String>) -> Option<String> {
    next.filter(|n| {
        shared::links::safe_return_path(n).is_some()
            && !["/login", "/signup"].iter().any(|p| n == p || n.starts_with(&format!("{p}?")))
    })
}

/// The access token of an answer that signs in.
pub fn access_token(answer: AuthResponse) -> ApiResult<String> {
    answer.access_token.ok_or_else(|| ApiError::Network("Unexpected answer from the server.".into()))
}

/// The sign-in page.
#[component]
pub fn Login() -> impl IntoView {
    let session = Session::current();
    let navigate = use_go();
    let query = use_query_map();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
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

    let verify = Submission::inline(
        &[],
        move |body: MfaVerifyRequest| async move {
            let answer = api::auth::verify_mfa(&body).await;
            code.set(String::new());
            match answer {
                Ok(answer) => session.establish(access_token(answer)?).await.map(drop),
                Err(e) => {
                    if e.code() == Some(shared::ErrorCode::InvalidToken) {
                        // The five minutes ran out: start again.
                        mfa_token.set(None);
                    }
                    Err(e)
                }
            }
        },
        |()| {},
    );
    // Signed in, or the token for the second step.
    let sign_in = Submission::inline(
        &["email", "password"],
        move |body: LoginRequest| async move {
            match api::auth::login(&body).await? {
                AuthResponse { access_token: None, mfa_token: Some(t), .. } => Ok(Some(t)),
                answer => session.establish(access_token(answer)?).await.map(|_| None),
            }
        },
        move |second_step| {
            if second_step.is_some() {
                mfa_token.set(second_step);
            }
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        verify.reset();
        sign_in.submit(LoginRequest { email: email.get_untracked(), password: password.get_untracked() });
    };
    let submit_code = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(token) = mfa_token.get_untracked() else { return };
        let entered = Some(code.get_untracked());
        verify.submit(if use_recovery.get_untracked() {
            MfaVerifyRequest { mfa_token: token, code: None, recovery_code: entered }
        } else {
            MfaVerifyRequest { mfa_token: token, code: entered, recovery_code: None }
        });
    };
    let code_refused = verify.refusal();
    // An expired second step comes back to the first with its reason.
    let refused = sign_in.refusal();
    let refused = Signal::derive(move || refused.get().or_else(|| code_refused.get()));
    view! {
        <div class="auth-page">
            <main id="main" class="auth-card">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "OMGsystems"
                </a>
                <Show when=move || mfa_token.get().is_some()>
                    <h1>"Two-step verification"</h1>
                    <form on:submit=submit_code novalidate>
                        <FormError message=code_refused/>
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
                        <Button r#type="submit" busy=verify.busy() name="verify">"Verify"</Button>
                    </form>
                    <button type="button" class="btn btn-ghost" on:click=move |_| {
                        use_recovery.update(|r| *r = !*r);
                        code.set(String::new());
                        verify.reset();
                    }>
                        {move || if use_recovery.get() { "Use the authenticator app instead" } else { "Use a recovery code instead" }}
                    </button>
                </Show>
                <Show when=move || mfa_token.get().is_none()>
                <h1>"Sign in"</h1>
                <form on:submit=submit novalidate>
                    <FormError message=refused/>
                    <TextField id="email" label="Email" value=email r#type="email" autocomplete="username" required=true autofocus=true error=sign_in.field("email")/>
                    <TextField id="password" label="Password" value=password r#type="password" autocomplete="current-password" required=true error=sign_in.field("password")/>
                    <Button r#type="submit" busy=sign_in.busy() name="sign-in">"Sign in"</Button>
                </form>
                </Show>
                <p class="muted"><a href="/forgot-password">"Forgot your password?"</a></p>
                <p class="muted">"New to OMGsystems? " <a href="/signup">"Create an organization"</a></p>
            </main>
        </div>
    }
}
