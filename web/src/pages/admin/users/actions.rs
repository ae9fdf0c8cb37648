//! An ADMIN's changes to another person's account: disable or enable it, reset its second
//! factor, send it a password reset link, change its platform role. Each asks first, but the
//! password reset, which only sends an email; the server's refusals (the last active ADMIN, an
//! organization's owner as VENDOR) show as toasts.

use leptos::prelude::*;
use shared::Role;
use shared::dto::auth::UserStatus;
use shared::dto::users::AdminUser;

use crate::components::{Button, Card, ConfirmDialog};
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// The header's buttons and their dialogs.
#[component]
pub fn Actions(user: AdminUser, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let id = user.id;
    let disabled = user.status == UserStatus::Disabled;
    let confirm_status = RwSignal::new(false);
    let confirm_mfa = RwSignal::new(false);
    let name = user.name.clone();
    let status = Submission::new(
        &[],
        move |disable: bool| async move {
            let answer = session.set_user_disabled(id, disable).await;
            confirm_status.set(false);
            answer
        },
        move |_| {
            toasts.success(if disabled { "Account enabled." } else { "Account disabled; its sessions have ended." });
            reload.run(());
        },
    );
    let mfa = Submission::new(
        &[],
        move |()| async move {
            let answer = session.reset_user_mfa(id).await;
            confirm_mfa.set(false);
            answer
        },
        move |()| {
            toasts.success("Two-factor authentication reset.");
            reload.run(());
        },
    );
    let reset = Submission::new(
        &[],
        move |()| async move { session.send_user_password_reset(id).await },
        move |sent| toasts.success(format!("A password reset link is on its way to {}.", sent.email)),
    );
    let status_message = if disabled {
        format!("{name} can sign in again.")
    } else {
        format!("{name} cannot sign in any more, and every session of theirs ends at once.")
    };
    let mfa_message = format!(
        "{name}'s sessions end at once, and they set up two-factor authentication again at their next sign-in."
    );
    view! {
        {(!disabled).then(|| view! {
            <Button variant="secondary" name="password-reset" busy=reset.busy() on_click=Callback::new(move |_| reset.submit(()))>
                "Send password reset"
            </Button>
        })}
        {user.mfa_enabled.then(|| view! {
            <Button variant="secondary" name="reset-mfa" on_click=Callback::new(move |_| confirm_mfa.set(true))>
                "Reset two-factor"
            </Button>
        })}
        <Button variant=if disabled { "primary" } else { "danger" } name="status" on_click=Callback::new(move |_| confirm_status.set(true))>
            {if disabled { "Enable" } else { "Disable" }}
        </Button>
        <ConfirmDialog
            open=confirm_status
            title=if disabled { format!("Enable {name}?") } else { format!("Disable {name}?") }
            message=Signal::derive(move || status_message.clone())
            confirm_label=if disabled { "Enable" } else { "Disable" }
            danger=!disabled
            busy=status.busy()
            on_confirm=Callback::new(move |_| status.submit(!disabled))
        />
        <ConfirmDialog
            open=confirm_mfa
            title=format!("Reset two-factor authentication for {name}?")
            message=Signal::derive(move || mfa_message.clone())
            confirm_label="Reset two-factor"
            danger=true
            busy=mfa.busy()
            on_confirm=Callback::new(move |_| mfa.submit(()))
        />
    }
}

/// The platform role: a choice and Save, confirmed in a dialog.
#[component]
pub fn RoleForm(user: AdminUser, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let (id, current, name) = (user.id, user.role, user.name);
    let chosen = RwSignal::new(current);
    let confirm = RwSignal::new(false);
    let change = Submission::new(
        &[],
        move |role: Role| async move {
            let answer = session.change_user_role(id, role).await;
            confirm.set(false);
            answer
        },
        move |changed| {
            toasts.success(format!("The role is {} now.", changed.user.role));
            reload.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if chosen.get_untracked() != current {
            confirm.set(true);
        }
    };
    let message = move || {
        format!("{name} becomes {}. Their sessions end at once; they sign in again with the new role.", chosen.get())
    };
    view! {
        <Card title="Platform role">
            <form on:submit=submit novalidate class="form-narrow">
                <div class="field">
                    <label for="user-role">"Role"</label>
                    <p class="hint" id="user-role-hint">
                        "ADMIN and STAFF work in the admin portal (STAFF without settings, flags or changes to users); CLIENT and VENDOR in their organizations' portal."
                    </p>
                    <select
                        id="user-role"
                        aria-describedby="user-role-hint"
                        on:change=move |ev| {
                            if let Some(role) = Role::parse(&event_target_value(&ev)) {
                                chosen.set(role);
                            }
                        }
                    >
                        {Role::ALL
                            .map(|r| view! { <option value=r.as_str() selected=r == current>{r.as_str()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <Button r#type="submit" name="save-role" disabled=Signal::derive(move || chosen.get() == current)>
                    "Save"
                </Button>
            </form>
        </Card>
        <ConfirmDialog
            open=confirm
            title="Change the role?"
            message=Signal::derive(message)
            confirm_label="Change role"
            busy=change.busy()
            on_confirm=Callback::new(move |_| change.submit(chosen.get_untracked()))
        />
    }
}
