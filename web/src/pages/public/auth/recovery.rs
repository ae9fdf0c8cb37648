//! Forgotten password, reset from the emailed link, and email confirmation.

use leptos::either::EitherOf3;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use shared::dto::auth::{ForgotPasswordRequest, ResetPasswordRequest, VerifyEmailRequest};
use shared::validation::check_password_length;

use crate::api::{self, ApiResult};
use crate::components::{Button, FormError, Spinner, TextField};
use crate::state::submission::Submission;

#[component]
fn AuthCard(title: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="auth-page">
            <main id="main" class="auth-card">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "OMGsystems"
                </a>
                <h1>{title}</h1>
                {children()}
            </main>
        </div>
    }
}

/// `/forgot-password`.
#[component]
pub fn ForgotPassword() -> impl IntoView {
    let email = RwSignal::new(String::new());
    let sent = RwSignal::new(false);
    let send_link = Submission::inline(
        &[],
        |body: ForgotPasswordRequest| async move { api::auth::forgot_password(&body).await },
        move |()| sent.set(true),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        send_link.submit(ForgotPasswordRequest { email: email.get_untracked() });
    };
    view! {
        <AuthCard title="Reset your password">
            <Show
                when=move || sent.get()
                fallback=move || view! {
                    <form on:submit=submit novalidate>
                        <FormError message=send_link.refusal()/>
                        <p class="muted">"Enter your email address and we will send you a link to choose a new password."</p>
                        <TextField id="email" label="Email" value=email r#type="email" autocomplete="username" required=true autofocus=true/>
                        <Button r#type="submit" busy=send_link.busy() name="send-link">"Send the link"</Button>
                    </form>
                }
            >
                <div class="alert alert-info" role="status">
                    "If an account uses that address, a link to reset the password is on its way. It works once, for 30 minutes."
                </div>
            </Show>
            <p class="muted"><a href="/login">"Back to sign in"</a></p>
        </AuthCard>
    }
}

/// `/reset-password?token=…`.
#[component]
pub fn ResetPassword() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    let password = RwSignal::new(String::new());
    let done = RwSignal::new(false);
    let local = RwSignal::new(None::<String>);
    let set_password = Submission::inline(
        &["password"],
        |body: ResetPasswordRequest| async move { api::auth::reset_password(&body).await },
        move |()| done.set(true),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        local.set(check_password_length("password", &password.get_untracked()).err().map(|e| e.message));
        if local.get_untracked().is_none() {
            set_password.submit(ResetPasswordRequest { token: token.clone(), password: password.get_untracked() });
        }
    };
    let server = set_password.field("password");
    let field_error = Signal::derive(move || local.get().or_else(|| server.get()));
    let (refused, bad_link) = (set_password.refusal(), set_password.field("token"));
    view! {
        <AuthCard title="Choose a new password">
            <Show
                when=move || done.get()
                fallback=move || view! {
                    <form on:submit=submit.clone() novalidate>
                        {move || {
                            refused
                                .get()
                                .map(|m| bad_link.get().unwrap_or(m))
                                .map(|m| view! { <div class="alert alert-error" role="alert">{m} " " <a href="/forgot-password">"Ask for a new link"</a></div> })
                        }}
                        <TextField
                            id="password"
                            label="New password"
                            value=password
                            r#type="password"
                            autocomplete="new-password"
                            required=true
                            autofocus=true
                            hint="At least 8 characters; avoid common passwords."
                            error=field_error
                        />
                        <Button r#type="submit" busy=set_password.busy() name="set-password">"Set the new password"</Button>
                    </form>
                }
            >
                <div class="alert alert-info" role="status">"Your password was changed and every session was signed out."</div>
                <a class="btn btn-primary" href="/login">"Sign in"</a>
            </Show>
        </AuthCard>
    }
}

/// `/verify-email?token=…`.
#[component]
pub fn VerifyEmail() -> impl IntoView {
    let query = use_query_map();
    let token = query.with_untracked(|q| q.get("token")).unwrap_or_default();
    // Once, when the page opens.
    let result = RwSignal::new(None::<ApiResult<()>>);
    let body = VerifyEmailRequest { token };
    leptos::task::spawn_local(async move {
        let answer = api::auth::verify_email(&body).await;
        result.try_set(Some(answer));
    });
    view! {
        <AuthCard title="Confirm your email address">
            {move || match result.get() {
                None => EitherOf3::A(view! { <Spinner/> }),
                Some(Ok(())) => EitherOf3::B(view! {
                    <div class="alert alert-info" role="status">"Thank you: your email address is confirmed."</div>
                    <a class="btn btn-primary" href="/login">"Continue"</a>
                }),
                Some(Err(e)) => EitherOf3::C(view! {
                    <div class="alert alert-error" role="alert">{e.field("token").unwrap_or_else(|| e.message())}</div>
                    <p class="muted">"Signed in, you can ask for a new link on your Security page."</p>
                }),
            }}
        </AuthCard>
    }
}
