//! The invitations an owner sent: a form for a new one (a colleague or a vendor), the pending
//! ones with resend and revoke.

use leptos::prelude::*;
use shared::OrgRole;
use shared::dto::team::{CreateInvitationRequest, Invitation, InviteeRole};
use shared::validation::EmailAddress;

use crate::api;
use crate::components::list::{Column, ListQuery, ListRows, ListTable, Row};
use crate::components::{Badge, Button, Card, ConfirmDialog, FormError, TextField, format_time, status_badge};
use crate::pages::dashboard::account::email::ConfirmEmailFirst;
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

const COLUMNS: &[Column] = &[
    Column::new("Email"),
    Column::new("Role"),
    Column::new("Invited by"),
    Column::new("Expires"),
    Column::new("Status"),
    Column::actions(),
];

/// The invitation form and the pending invitations.
#[component]
pub fn Invitations() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let query = ListQuery::new();
    let pager = query.pager;
    let invitations = Remote::per_org(move || api::team::invitations(query.cursor().as_deref()));
    let email = RwSignal::new(String::new());
    let org_role = RwSignal::new(OrgRole::Member);
    let role = RwSignal::new(InviteeRole::Client);
    let local = RwSignal::new(None::<String>);
    let target = RwSignal::new(None::<Invitation>);
    let confirm = RwSignal::new(false);

    let invite = Submission::inline(
        &["email", "org_role", "role"],
        move |body: CreateInvitationRequest| async move { session.invite(&body).await },
        move |i: Invitation| {
            email.set(String::new());
            toasts.success(format!("Invitation sent to {}.", i.email));
            pager.reload_first(invitations);
        },
    );
    let resend = Submission::new(
        &[],
        move |id| async move {
            let answer = session.resend_invitation(id).await;
            invitations.refetch();
            answer
        },
        move |i: Invitation| toasts.success(format!("Invitation sent to {} again.", i.email)),
    );
    let revoke = Submission::new(
        &[],
        move |id| async move {
            let answer = session.revoke_invitation(id).await;
            confirm.set(false);
            invitations.refetch();
            answer
        },
        move |()| toasts.success("Invitation revoked."),
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let address = email.get_untracked();
        if let Err(e) = EmailAddress::parse("email", &address) {
            local.set(Some(e.message));
            return invite.reset();
        }
        local.set(None);
        invite.submit(CreateInvitationRequest {
            email: address.trim().to_owned(),
            org_role: org_role.get_untracked(),
            role: role.get_untracked(),
        });
    };
    let server_email = invite.field("email");
    let email_error = Signal::derive(move || local.get().or_else(|| server_email.get()));
    let vendor = move || role.get() == InviteeRole::Vendor;

    let rows = ListRows::new(invitations, pager, move |i| {
        let (a, b) = (i.clone(), i.clone());
        Row::new(
            i.id,
            view! {
                <td>{i.email.clone()}</td>
                <td>
                    <Badge text=if i.org_role == OrgRole::Owner { "Owner" } else { "Member" } tone="gray"/>
                    {(i.role == InviteeRole::Vendor).then(|| view! { " " <Badge text="vendor" tone="amber"/> })}
                </td>
                <td>{i.invited_by_name.clone().unwrap_or_default()}</td>
                <td>{format_time(i.expires_at)}</td>
                <td>{status_badge(i.status)}</td>
                <td class="actions">
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        aria-label=format!("Resend to {}", a.email)
                        on:click=move |_| resend.submit(a.id)
                    >
                        "Resend"
                    </button>
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        aria-label=format!("Revoke {}", b.email)
                        on:click=move |_| {
                            target.set(Some(b.clone()));
                            confirm.set(true);
                        }
                    >
                        "Revoke"
                    </button>
                </td>
            },
        )
    });

    view! {
        <Card title="Invite someone">
            <ConfirmEmailFirst what="invite people"/>
            <FormError message=invite.refusal()/>
            <form on:submit=submit novalidate class="form-narrow">
                <TextField id="invite-email" label="Email" value=email r#type="email" required=true error=email_error/>
                <div class="field">
                    <label for="invite-role">"Who they are"</label>
                    <select id="invite-role" on:change=move |ev| {
                        let vendor = event_target_value(&ev) == "VENDOR";
                        role.set(if vendor { InviteeRole::Vendor } else { InviteeRole::Client });
                        if vendor {
                            org_role.set(OrgRole::Member);
                        }
                    }>
                        <option value="CLIENT" selected=move || !vendor()>"Colleague"</option>
                        <option value="VENDOR" selected=vendor>"Vendor"</option>
                    </select>
                    <p class="hint">"A vendor sees only the tasks given to them. People who already have an account keep theirs."</p>
                </div>
                <div class="field">
                    <label for="invite-org-role">"Role in the organization"</label>
                    <select
                        id="invite-org-role"
                        disabled=vendor
                        on:change=move |ev| {
                            org_role.set(if event_target_value(&ev) == "OWNER" { OrgRole::Owner } else { OrgRole::Member })
                        }
                    >
                        <option value="MEMBER" selected=move || org_role.get() == OrgRole::Member>"Member"</option>
                        <option value="OWNER" selected=move || org_role.get() == OrgRole::Owner>"Owner"</option>
                    </select>
                </div>
                <Button r#type="submit" busy=invite.busy() name="invite">"Send invitation"</Button>
            </form>
        </Card>
        <Card title="Pending invitations">
            <ListTable
                caption="Pending invitations"
                columns=COLUMNS
                rows=rows
                query=query
                empty=("No pending invitations", "Invitations you send wait here until they are accepted.")
                pager_label="Invitation pages"
            />
        </Card>
        <ConfirmDialog
            open=confirm
            title="Revoke this invitation?"
            message=Signal::derive(move || {
                target.get().map(|i| format!("The link sent to {} stops working.", i.email)).unwrap_or_default()
            })
            confirm_label="Revoke"
            danger=true
            busy=revoke.busy()
            on_confirm=Callback::new(move |_| {
                if let Some(i) = target.get_untracked() {
                    revoke.submit(i.id);
                }
            })
        />
    }
}
