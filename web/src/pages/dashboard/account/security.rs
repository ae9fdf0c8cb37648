//! Account security: two-factor authentication (enrol with a QR code, recovery codes shown
//! once with copy and download, renew them, turn it off).

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use shared::dto::auth::{ChangePasswordRequest, MfaCodeRequest, MfaDisableRequest, MfaSetup, MfaSetupRequest};

use super::email::{ResendConfirmation, confirmed};
use crate::components::download::save_file;
use crate::components::{Badge, Button, Card, FormError, PageHeader, TextField};
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// `/dashboard/security` and `/admin/security`.
#[component]
pub fn Security() -> impl IntoView {
    let session = Session::current();
    let enabled = move || session.me().is_some_and(|m| m.user.mfa_enabled);
    view! {
        <PageHeader title="Security" description="Protect your account with a second step at sign-in."/>
        <Card title="Two-factor authentication">
            {move || if enabled() {
                Either::Left(view! { <MfaOn/> })
            } else {
                Either::Right(view! { <MfaEnrolment/> })
            }}
        </Card>
        <Card title="Password">
            <ChangePassword/>
        </Card>
        <Card title="Email address">
            <EmailStatus/>
        </Card>
    }
}

/// Changes the password; other sessions end.
#[component]
fn ChangePassword() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let current = RwSignal::new(String::new());
    let new = RwSignal::new(String::new());
    let change = Submission::new(
        &["current_password", "new_password"],
        move |body: ChangePasswordRequest| async move { session.change_password(&body).await },
        move |()| {
            current.set(String::new());
            new.set(String::new());
            toasts.success("Password changed. Your other sessions were signed out.");
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let body =
            ChangePasswordRequest { current_password: current.get_untracked(), new_password: new.get_untracked() };
        change.submit(body);
    };
    view! {
        <form on:submit=submit novalidate class="form-narrow">
            <TextField id="current-password" label="Current password" value=current r#type="password" autocomplete="current-password" required=true error=change.field("current_password")/>
            <TextField id="new-password" label="New password" value=new r#type="password" autocomplete="new-password" required=true hint="At least 8 characters; avoid common passwords." error=change.field("new_password")/>
            <Button r#type="submit" busy=change.busy() name="change-password">"Change password"</Button>
        </form>
    }
}

/// Whether the email address is confirmed, and a way to get a new link.
#[component]
fn EmailStatus() -> impl IntoView {
    let session = Session::current();
    view! {
        <p>{move || session.me().map(|m| m.user.email).unwrap_or_default()} " "
            {move || if confirmed(session) {
                view! { <Badge text="Confirmed" tone="green"/> }
            } else {
                view! { <Badge text="Not confirmed" tone="amber"/> }
            }}
        </p>
        <Show when=move || !confirmed(session)>
            <ResendConfirmation/>
        </Show>
    }
}

/// Enrolment: scan, confirm with a code, keep the recovery codes.
#[component]
pub fn MfaEnrolment() -> impl IntoView {
    let session = Session::current();
    let setup = RwSignal::new(None::<MfaSetup>);
    let codes = RwSignal::new(None::<Vec<String>>);
    let code = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());
    let begin = Submission::inline(
        &["password"],
        move |body: MfaSetupRequest| async move { session.mfa_setup(&body).await },
        move |s| {
            password.set(String::new());
            setup.set(Some(s));
        },
    );
    let enable = Submission::new(
        &["code"],
        move |body: MfaCodeRequest| async move { session.mfa_enable(&body).await },
        move |r| codes.set(Some(r.recovery_codes)),
    );
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        begin.submit(MfaSetupRequest { password: password.get_untracked() });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        enable.submit(MfaCodeRequest { code: code.get_untracked() });
    };
    let finish = Callback::new(move |_| leptos::task::spawn_local(session.reload_me()));
    let refused = begin.refusal();
    view! {
        {move || match (codes.get(), setup.get()) {
            (Some(list), _) => EitherOf3::A(view! { <RecoveryCodeList codes=list on_done=finish/> }),
            (None, None) => EitherOf3::B(view! {
                <p>"Use an authenticator app (such as 1Password, Google Authenticator or Authy) to get a six-digit code each time you sign in."</p>
                <p><Badge text="Off" tone="amber"/></p>
                <FormError message=refused/>
                <form on:submit=start novalidate class="form-narrow">
                    <TextField
                        id="mfa-password"
                        label="Your password"
                        value=password
                        r#type="password"
                        autocomplete="current-password"
                        required=true
                        error=begin.field("password")
                    />
                    <Button r#type="submit" busy=begin.busy() name="start-mfa">"Set up two-factor authentication"</Button>
                </form>
            }),
            (None, Some(s)) => EitherOf3::C(view! {
                <ol class="steps">
                    <li>
                        <p>"Scan this QR code with your authenticator app:"</p>
                        <img class="qr" src=s.qr_code.clone() alt="QR code to add OMGsystems to an authenticator app" width="200" height="200"/>
                        <p class="muted small">"Can't scan it? Enter this key instead: " <code id="mfa-secret">{s.secret.clone()}</code></p>
                    </li>
                    <li>
                        <form on:submit=confirm novalidate class="form-narrow">
                            <TextField
                                id="mfa-code"
                                label="Code from the app"
                                value=code
                                autocomplete="one-time-code"
                                required=true
                                autofocus=true
                                error=enable.field("code")
                            />
                            <Button r#type="submit" busy=enable.busy() name="enable-mfa">"Turn on"</Button>
                        </form>
                    </li>
                </ol>
            }),
        }}
    }
}

/// Recovery codes, shown once, with copy and download.
#[component]
fn RecoveryCodeList(codes: Vec<String>, on_done: Callback<()>) -> impl IntoView {
    let toasts = Toasts::current();
    let text = codes.join("\n");
    let copy_text = text.clone();
    let copy = move |_| {
        if let Some(w) = web_sys::window() {
            let _ = w.navigator().clipboard().write_text(&copy_text);
            toasts.success("Recovery codes copied.");
        }
    };
    let download_text = text.clone();
    let download = move |_| save_file("omgsystems-recovery-codes.txt", "text/plain", &download_text);
    view! {
        <div class="alert alert-info" role="status">
            "Two-factor authentication is on. Save these recovery codes somewhere safe: each signs you in once if you lose your phone. They are shown only now."
        </div>
        <ul class="recovery-codes" aria-label="Recovery codes">
            {codes.into_iter().map(|c| view! { <li><code>{c}</code></li> }).collect_view()}
        </ul>
        <div class="button-row">
            <button type="button" class="btn btn-secondary" on:click=copy>"Copy"</button>
            <button type="button" class="btn btn-secondary" on:click=download>"Download"</button>
            <Button name="codes-saved" on_click=on_done>"I have saved them"</Button>
        </div>
    }
}

/// With MFA on: renew recovery codes, or turn it off.
#[component]
fn MfaOn() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let renew_code = RwSignal::new(String::new());
    let renewed = RwSignal::new(None::<Vec<String>>);
    let off_password = RwSignal::new(String::new());
    let off_code = RwSignal::new(String::new());
    let renewal = Submission::new(
        &["code"],
        move |body: MfaCodeRequest| async move { session.renew_recovery_codes(&body).await },
        move |r| renewed.set(Some(r.recovery_codes)),
    );
    let disable = Submission::new(
        &["password", "code"],
        move |body: MfaDisableRequest| async move {
            session.mfa_disable(&body).await?;
            toasts.success("Two-factor authentication is off.");
            // Busy until the account reloads and this form gives way to enrolment.
            session.reload_me().await;
            Ok(())
        },
        |()| {},
    );
    let renew = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        renewal.submit(MfaCodeRequest { code: renew_code.get_untracked() });
    };
    let turn_off = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        disable.submit(MfaDisableRequest { password: off_password.get_untracked(), code: off_code.get_untracked() });
    };
    view! {
        <p><Badge text="On" tone="green"/> " Sign-in asks for a code from your authenticator app."</p>
        {move || match renewed.get() {
            Some(list) => Either::Left(view! { <RecoveryCodeList codes=list on_done=Callback::new(move |_| renewed.set(None))/> }),
            None => Either::Right(view! {
                <h3>"New recovery codes"</h3>
                <form on:submit=renew novalidate class="form-narrow">
                    <TextField id="renew-code" label="Code from the app" value=renew_code autocomplete="one-time-code" error=renewal.field("code")/>
                    <Button r#type="submit" variant="secondary" busy=renewal.busy() name="renew-codes">"Get new recovery codes"</Button>
                </form>
            }),
        }}
        <h3>"Turn off"</h3>
        <form on:submit=turn_off novalidate class="form-narrow">
            <TextField id="off-password" label="Password" value=off_password r#type="password" autocomplete="current-password" error=disable.field("password")/>
            <TextField id="off-code" label="Authenticator code" value=off_code autocomplete="one-time-code" error=disable.field("code")/>
            <Button r#type="submit" variant="danger" busy=disable.busy() name="disable-mfa">"Turn off two-factor authentication"</Button>
        </form>
    }
}
