//! The account's email confirmation: a button for a new link, and the notice other areas show
//! where a confirmed address is needed (creating API keys, inviting people).

use leptos::prelude::*;

use crate::components::Button;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// Whether the signed-in person has confirmed their email address (tracked).
pub fn confirmed(session: Session) -> bool {
    session.me().is_some_and(|m| m.user.email_verified)
}

/// Sends a new confirmation link.
#[component]
pub fn ResendConfirmation() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let resend = Submission::new(
        &[],
        move |()| async move { session.resend_verification().await },
        move |()| toasts.success("A new confirmation link is on its way."),
    );
    view! {
        <Button variant="secondary" busy=resend.busy() name="resend-verification" on_click=Callback::new(move |_| resend.submit(()))>
            "Send a new confirmation link"
        </Button>
    }
}

/// Says why something waits for a confirmed email address and offers a new link; nothing once the
/// address is confirmed.
#[component]
pub fn ConfirmEmailFirst(
    /// What needs it, e.g. "create API keys".
    what: &'static str,
) -> impl IntoView {
    let session = Session::current();
    view! {
        <Show when=move || session.me().is_some() && !confirmed(session)>
            <div class="alert alert-info" role="status">
                <p>{format!("Confirm your email address to {what}: open the link we sent to {}.", session.me().map(|m| m.user.email).unwrap_or_default())}</p>
                <ResendConfirmation/>
            </div>
        </Show>
    }
}
