//! Sign up: a new organization and its owner.

use leptos::prelude::*;
use shared::dto::auth::RegisterRequest;
use shared::validation::{DisplayName, EmailAddress, check_password_length};

use super::login::access_token;
use crate::api;
use crate::components::{Button, FormError, TextField};
use crate::state::session::Session;
use crate::state::submission::Submission;

/// The sign-up page.
#[component]
pub fn Signup() -> impl IntoView {
    let session = Session::current();
    let navigate = crate::app::use_go();
    let name = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let org = RwSignal::new(String::new());
    let local = RwSignal::new(Vec::<shared::FieldError>::new());
    let sign_up = Submission::inline(
        &["name", "email", "password", "organization_name"],
        move |body: RegisterRequest| async move {
            session.establish(access_token(api::auth::register(&body).await?)?).await.map(drop)
        },
        move |()| navigate("/dashboard"),
    );

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
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
        let invalid = !problems.is_empty();
        local.set(problems);
        if invalid {
            return sign_up.reset();
        }
        sign_up.submit(RegisterRequest {
            email: email.get_untracked(),
            password: password.get_untracked(),
            name: name.get_untracked(),
            organization_name: org.get_untracked(),
        });
    };
    let field_error = move |field: &'static str| {
        let server = sign_up.field(field);
        Signal::derive(move || {
            local.with(|l| l.iter().find(|e| e.field == field).map(|e| e.message.clone())).or_else(|| server.get())
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
                    <FormError message=sign_up.refusal()/>
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
                    <Button r#type="submit" busy=sign_up.busy() name="sign-up">"Create organization"</Button>
                </form>
                <p class="muted">"Already have an account? " <a href="/login">"Sign in"</a></p>
            </main>
        </div>
    }
}
