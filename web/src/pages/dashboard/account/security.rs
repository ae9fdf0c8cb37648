//! Account security: two-factor authentication (enrol with a QR code, recovery codes shown
//! once with copy and download, renew them, turn it off).

use leptos::either::{Either, EitherOf3};
use leptos::prelude::*;
use shared::dto::auth::{ChangePasswordRequest, MfaCodeRequest, MfaDisableRequest, MfaSetup, MfaSetupRequest};
use wasm_bindgen::JsCast;

use super::email::{ResendConfirmation, confirmed};
use crate::api::ApiError;
use crate::components::{Badge, Button, Card, PageHeader, TextField};
use crate::state::session::Session;
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
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let body =
            ChangePasswordRequest { current_password: current.get_untracked(), new_password: new.get_untracked() };
        leptos::task::spawn_local(async move {
            match session.change_password(&body).await {
                Ok(()) => {
                    current.set(String::new());
                    new.set(String::new());
                    toasts.success("Password changed. Your other sessions were signed out.");
                }
                Err(e) => {
                    if e.field("current_password").is_none() && e.field("new_password").is_none() {
                        toasts.error(e.message());
                    }
                    error.set(Some(e));
                }
            }
            busy.set(false);
        });
    };
    view! {
        <form on:submit=submit novalidate class="form-narrow">
            <TextField id="current-password" label="Current password" value=current r#type="password" autocomplete="current-password" required=true error=Signal::derive(move || error.get().and_then(|e| e.field("current_password")))/>
            <TextField id="new-password" label="New password" value=new r#type="password" autocomplete="new-password" required=true hint="At least 8 characters; avoid common passwords." error=Signal::derive(move || error.get().and_then(|e| e.field("new_password")))/>
            <Button r#type="submit" busy=busy name="change-password">"Change password"</Button>
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
    let error = RwSignal::new(None::<ApiError>);
    let busy = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let start = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let body = MfaSetupRequest { password: password.get_untracked() };
        leptos::task::spawn_local(async move {
            match session.mfa_setup(&body).await {
                Ok(s) => {
                    password.set(String::new());
                    setup.set(Some(s));
                }
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let confirm = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        error.set(None);
        let body = MfaCodeRequest { code: code.get_untracked() };
        leptos::task::spawn_local(async move {
            match session.mfa_enable(&body).await {
                Ok(r) => codes.set(Some(r.recovery_codes)),
                Err(e) => error.set(Some(e)),
            }
            busy.set(false);
        });
    };
    let finish = Callback::new(move |_| {
        leptos::task::spawn_local(async move { session.reload_me().await });
    });
    view! {
        {move || match (codes.get(), setup.get()) {
            (Some(list), _) => EitherOf3::A(view! { <RecoveryCodeList codes=list on_done=finish/> }),
            (None, None) => EitherOf3::B(view! {
                <p>"Use an authenticator app (such as 1Password, Google Authenticator or Authy) to get a six-digit code each time you sign in."</p>
                <p><Badge text="Off" tone="amber"/></p>
                {move || error.get().filter(|e| e.field("password").is_none()).map(|e| view! { <div class="alert alert-error" role="alert">{e.message()}</div> })}
                <form on:submit=start novalidate class="form-narrow">
                    <TextField
                        id="mfa-password"
                        label="Your password"
                        value=password
                        r#type="password"
                        autocomplete="current-password"
                        required=true
                        error=Signal::derive(move || error.get().and_then(|e| e.field("password")))
                    />
                    <Button r#type="submit" busy=busy name="start-mfa">"Set up two-factor authentication"</Button>
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
                                error=Signal::derive(move || error.get().and_then(|e| e.field("code")))
                            />
                            <Button r#type="submit" busy=busy name="enable-mfa">"Turn on"</Button>
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
    let download = move |_| download_file("omgsystems-recovery-codes.txt", &download_text);
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

fn download_file(name: &str, text: &str) {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/plain");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else { return };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else { return };
    if let Some(a) = document().create_element("a").ok().and_then(|e| e.dyn_into::<web_sys::HtmlAnchorElement>().ok()) {
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
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
    let error = RwSignal::new(None::<(&'static str, ApiError)>);
    let busy = RwSignal::new(false);
    let renew = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = MfaCodeRequest { code: renew_code.get_untracked() };
        leptos::task::spawn_local(async move {
            match session.renew_recovery_codes(&body).await {
                Ok(r) => {
                    error.set(None);
                    renewed.set(Some(r.recovery_codes));
                }
                Err(e) => error.set(Some(("renew", e))),
            }
            busy.set(false);
        });
    };
    let turn_off = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        busy.set(true);
        let body = MfaDisableRequest { password: off_password.get_untracked(), code: off_code.get_untracked() };
        leptos::task::spawn_local(async move {
            match session.mfa_disable(&body).await {
                Ok(()) => {
                    toasts.success("Two-factor authentication is off.");
                    session.reload_me().await;
                }
                Err(e) => error.set(Some(("off", e))),
            }
            busy.set(false);
        });
    };
    let field = move |form: &'static str, name: &'static str| {
        Signal::derive(move || error.get().filter(|(f, _)| *f == form).and_then(|(_, e)| e.field(name)))
    };
    view! {
        <p><Badge text="On" tone="green"/> " Sign-in asks for a code from your authenticator app."</p>
        {move || match renewed.get() {
            Some(list) => Either::Left(view! { <RecoveryCodeList codes=list on_done=Callback::new(move |_| renewed.set(None))/> }),
            None => Either::Right(view! {
                <h3>"New recovery codes"</h3>
                <form on:submit=renew novalidate class="form-narrow">
                    <TextField id="renew-code" label="Code from the app" value=renew_code autocomplete="one-time-code" error=field("renew", "code")/>
                    <Button r#type="submit" variant="secondary" busy=busy name="renew-codes">"Get new recovery codes"</Button>
                </form>
            }),
        }}
        <h3>"Turn off"</h3>
        <form on:submit=turn_off novalidate class="form-narrow">
            <TextField id="off-password" label="Password" value=off_password r#type="password" autocomplete="current-password" error=field("off", "password")/>
            <TextField id="off-code" label="Authenticator code" value=off_code autocomplete="one-time-code" error=field("off", "code")/>
            <Button r#type="submit" variant="danger" busy=busy name="disable-mfa">"Turn off two-factor authentication"</Button>
        </form>
    }
}
