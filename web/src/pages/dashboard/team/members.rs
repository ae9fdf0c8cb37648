//! The members: their roles (owners change them), removing one, handing over ownership, and
//! leaving the organization.

use leptos::prelude::*;
use shared::dto::team::Member;
use shared::{OrgRole, Permission, Role};
use uuid::Uuid;

use crate::api;
use crate::components::list::{Column, ListQuery, ListRows, ListTable, Row};
use crate::components::{Badge, Button, Card, ConfirmDialog, format_time};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

const COLUMNS: &[Column] =
    &[Column::new("Name"), Column::new("Email"), Column::new("Role"), Column::new("Joined"), Column::actions()];

/// What an owner is about to do to a member, confirmed first.
#[derive(Clone)]
enum Change {
    Remove(Member),
    HandOver(Member),
}

impl Change {
    fn member(&self) -> &Member {
        match self {
            Change::Remove(m) | Change::HandOver(m) => m,
        }
    }
}

/// The members' list, with an owner's controls, and "Leave organization".
#[component]
pub fn Members() -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let query = ListQuery::new();
    let members = Remote::per_org(move || api::team::members(query.cursor().as_deref()));
    let me = Memo::new(move |_| session.me().map(|m| m.user.id));
    let manage = Signal::derive(move || session.can(Permission::MembersManage));
    let change = RwSignal::new(None::<Change>);
    let confirm_remove = RwSignal::new(false);
    let confirm_handover = RwSignal::new(false);
    let go = crate::app::use_go();
    let confirm_leave = RwSignal::new(false);

    let role_change = Submission::new(
        &[],
        move |(user_id, role): (Uuid, OrgRole)| async move {
            let answer = session.change_member_role(user_id, role).await;
            members.refetch();
            answer
        },
        move |m: Member| toasts.success(format!("{} is now {}.", m.name, role_name(m.org_role))),
    );
    let apply = Submission::new(
        &[],
        move |c: Change| async move {
            let answer = match &c {
                Change::Remove(m) => session.remove_member(m.user_id).await,
                Change::HandOver(m) => session.transfer_ownership(m.user_id).await,
            };
            confirm_remove.set(false);
            confirm_handover.set(false);
            members.refetch();
            answer.map(|()| c)
        },
        move |c: Change| {
            match c {
                Change::Remove(m) => toasts.success(format!("{} was removed.", m.name)),
                Change::HandOver(m) => {
                    toasts.success(format!("{} is the owner now.", m.name));
                    // The caller's own permissions changed.
                    leptos::task::spawn_local(session.reload_me());
                }
            }
        },
    );
    let leave = Submission::new(
        &[],
        move |()| async move {
            let answer = session.leave_organization().await;
            confirm_leave.set(false);
            answer
        },
        move |()| {
            toasts.success("You left the organization.");
            go("/dashboard");
        },
    );

    let rows = ListRows::new(members, query.pager, move |m| {
        let owner = m.org_role == OrgRole::Owner;
        let vendor = m.role == Role::Vendor;
        let mine = me.get_untracked() == Some(m.user_id);
        let role_cell = if manage.get_untracked() && !mine && !vendor {
            let user_id = m.user_id;
            let label = format!("Role of {}", m.name);
            view! {
                <select
                    name="member-role"
                    aria-label=label
                    on:change=move |ev| {
                        let role = if event_target_value(&ev) == "OWNER" { OrgRole::Owner } else { OrgRole::Member };
                        role_change.submit((user_id, role));
                    }
                >
                    <option value="MEMBER" selected=!owner>"Member"</option>
                    <option value="OWNER" selected=owner>"Owner"</option>
                </select>
            }
            .into_any()
        } else {
            view! { <Badge text=role_name(m.org_role) tone=if owner { "blue" } else { "gray" }/> }.into_any()
        };
        let actions = (manage.get_untracked() && !mine).then(|| {
            let (a, b) = (m.clone(), m.clone());
            view! {
                {(!owner && !vendor).then(|| view! {
                    <button
                        type="button"
                        class="btn btn-ghost btn-small"
                        aria-label=format!("Make {} the owner", a.name)
                        on:click=move |_| {
                            change.set(Some(Change::HandOver(a.clone())));
                            confirm_handover.set(true);
                        }
                    >
                        "Make owner"
                    </button>
                })}
                <button
                    type="button"
                    class="btn btn-ghost btn-small"
                    aria-label=format!("Remove {}", b.name)
                    on:click=move |_| {
                        change.set(Some(Change::Remove(b.clone())));
                        confirm_remove.set(true);
                    }
                >
                    "Remove"
                </button>
            }
        });
        Row::new(
            m.user_id,
            view! {
                <td>{m.name.clone()} {mine.then(|| view! { <span class="muted small">" (you)"</span> })}</td>
                <td>{m.email.clone()}</td>
                <td>
                    {role_cell}
                    {vendor.then(|| view! { " " <Badge text="vendor" tone="amber"/> })}
                </td>
                <td>{format_time(m.joined_at)}</td>
                <td class="actions">{actions}</td>
            },
        )
    });

    let name = move || change.with(|c| c.as_ref().map(|c| c.member().name.clone()).unwrap_or_default());
    let run = Callback::new(move |_| {
        if let Some(c) = change.get_untracked() {
            apply.submit(c);
        }
    });
    view! {
        <Card title="Members">
            <ListTable
                caption="Members of the organization"
                columns=COLUMNS
                rows=rows
                query=query
                empty=("No members yet", "")
                pager_label="Members pages"
            />
            <div class="button-row">
                <Button variant="secondary" name="leave" on_click=Callback::new(move |_| confirm_leave.set(true))>
                    "Leave organization"
                </Button>
            </div>
        </Card>
        <ConfirmDialog
            open=confirm_remove
            title="Remove this member?"
            message=Signal::derive(move || format!("{} loses access to the organization at once.", name()))
            confirm_label="Remove"
            danger=true
            busy=apply.busy()
            on_confirm=run
        />
        <ConfirmDialog
            open=confirm_handover
            title="Hand over ownership?"
            message=Signal::derive(move || format!("{} becomes an owner and you become a member.", name()))
            confirm_label="Make owner"
            busy=apply.busy()
            on_confirm=run
        />
        <ConfirmDialog
            open=confirm_leave
            title="Leave the organization?"
            message=Signal::derive(|| "You lose access to it until someone invites you again.".to_owned())
            confirm_label="Leave"
            danger=true
            busy=leave.busy()
            on_confirm=Callback::new(move |_| leave.submit(()))
        />
    }
}

/// A role in the organization, for people.
fn role_name(role: OrgRole) -> &'static str {
    match role {
        OrgRole::Owner => "Owner",
        OrgRole::Member => "Member",
    }
}
