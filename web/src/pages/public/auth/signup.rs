//! Sign up: a new organization and its owner.

use leptos::prelude::*;
use shared::dto::auth::{AuthResponse, RegisterRequest};
use shared::validation::{DisplayName, EmailAddress, check_password_length};

use crate::api::{self, ApiError};
use crate::components::{Button, TextField};
use crate::state::session::Session;

/// The sign-up page.
#[component]
pub fn Signup() -> impl IntoView {
    let session = Session::current();
    let navigate = crate::app::use_go();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let org = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ApiError>);
    let local = RwSignal::new(Vec::<shared::FieldError>::new());
    let busy = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        // The same rules as the server, before a round trip.
        let mut problems = Vec::new();
        if let Err(e) = DisplayName::parse("name", &name.get_untracked()) {
            problems.push(e);
        }
        if let Err(e) = EmailAddress::parse("email", &email.get_untracked()) {
            problems.push(e);
        }
        if let Err(e) = check_password_length("password", &password.get_untracked()) {
            problems.push(e);
        }
        if let Err(e) = DisplayName::parse("organization_name", &org.get_untracked()) {
            problems.push(e);
        }
        local.set(problems);
        error.set(None);
        if !local.get_untracked().is_empty() {
            return;
        }
        busy.set(true);
        let body = RegisterRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            name: name.get_untracked(),
            organization_name: org.get_untracked(),
        };
        let navigate = navigate.clone();
        leptos::task::spawn_local(async move {
            match api::auth::register(&body).await {
                Ok(AuthResponse { access_token: Some(token), .. }) => match session.establish(token).await {
                    Ok(_) => navigate("/dashboard"),
                    Err(e) => error.set(Some(e)),
                },
                Ok(_) => error.set(Some(ApiError::Network("Unexpected answer from the server.".into()))),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let field_error = move |field: &'static str| {
        Signal::derive(move || {
            local
                .with(|l| l.iter().find(|e| e.field == field).map(|e| e.message.clone()))
                .or_else(|| error.get().and_then(|e| e.field(field)))
        })
    };
    view! {
        <div class="auth-page">
            <main id="main" class="auth-card">
                <a class="brand" href="/">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    "OMGsystems"
                </a>
                <h1>"Create your organization"</h1>
                <form on:submit=submit novalidate>
                    {move || {
                        error
                            .get()
                            .filter(|e| e.code() != Some(shared::ErrorCode::ValidationFailed))
                            .map(|e| view! { <div class="alert alert-error" role="alert">{e.message()}</div> })
                    }}
                    <TextField id="name" label="Your name" value=name autocomplete="name" required=true autofocus=true error=field_error("name")/>
                    <TextField id="email" label="Work email" value=email r#type="email" autocomplete="email" required=true error=field_error("email")/>
                    <TextField
                        id="password"
                        label="Password"
                        value=password
                        r#type="password"
                        autocomplete="new-password"
                        required=true
                        hint="At least 8 characters; avoid common passwords."
                        error=field_error("password")
                    />
                    <TextField id="organization_name" label="Organization name" value=org autocomplete="organization" required=true error=field_error("organization_name")/>
                    <Button r#type="submit" busy=busy name="sign-up">"Create organization"</Button>
                </form>
                <p class="muted">"Already have an account? " <a href="/login">"Sign in"</a></p>
            </main>
        </div>
    }
}
