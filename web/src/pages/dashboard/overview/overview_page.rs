//! The client portal's overview: the organization and its members.

use leptos::prelude::*;
use shared::Permission;
use shared::dto::organizations::OrgStatus;
use shared::{OrgRole, Role};

use crate::api;
use crate::components::{
    Badge, Card, EmptyState, PageHeader, Pager, PagerState, Table, format_time, loaded, page_rows,
};
use crate::state::remote::Remote;
use crate::state::session::Session;

/// `/dashboard`.
#[component]
pub fn Overview() -> impl IntoView {
    let session = Session::current();
    view! {
        <Show
            when=move || session.active_membership().is_some()
            fallback=|| view! {
                <PageHeader title="Overview"/>
                <EmptyState title="You are not a member of any organization" text="Ask an organization's owner to add you."/>
            }
        >
            <OrgOverview/>
        </Show>
    }
}

#[component]
fn OrgOverview() -> impl IntoView {
    let session = Session::current();
    let org = Remote::new(move || {
        // Reload when the selected organization changes.
        let _org = session.active_membership().map(|m| m.organization.id);
        api::organizations::organization()
    });
    view! {
        <PageHeader title="Overview" description="Your organization at a glance."/>
        <div class="grid-cards">
            {loaded(org, |o| {
                view! {
                    <Card class="stat">
                        <p class="stat-label">"Organization"</p>
                        <p class="stat-value">{o.name.clone()}</p>
                        <p class="muted">{o.slug.clone()}</p>
                    </Card>
                    <Card class="stat">
                        <p class="stat-label">"Members"</p>
                        <p class="stat-value">{o.member_count}</p>
                    </Card>
                    <Card class="stat">
                        <p class="stat-label">"Status"</p>
                        <p class="stat-value">
                            {if o.status == OrgStatus::Active {
                                view! { <Badge text="Active" tone="green"/> }
                            } else {
                                view! { <Badge text="Suspended" tone="red"/> }
                            }}
                        </p>
                        <p class="muted">{format!("Since {}", format_time(o.created_at))}</p>
                    </Card>
                }
            })}
        </div>
        <Show when=move || session.can(Permission::MembersRead)>
            <Members/>
        </Show>
    }
}

#[component]
fn Members() -> impl IntoView {
    let session = Session::current();
    let pager = PagerState::new();
    let members = Remote::new(move || {
        let _org = session.active_membership().map(|m| m.organization.id);
        api::team::members(pager.cursor().as_deref())
    });
    pager.follow(members);
    view! {
        <Card title="Members">
            <Table caption="Members of the organization" columns=&["Name", "Email", "Role", "Joined"]>
                {page_rows(members, 4, ("No members yet", ""), |m| view! {
                    <tr>
                        <td>{m.name}</td>
                        <td>{m.email}</td>
                        <td>
                            <Badge text=m.org_role.as_str().to_lowercase() tone=if m.org_role == OrgRole::Owner { "blue" } else { "gray" }/>
                            {(m.role == Role::Vendor).then(|| view! { " " <Badge text="vendor" tone="amber"/> })}
                        </td>
                        <td>{format_time(m.joined_at)}</td>
                    </tr>
                })}
            </Table>
            <Pager state=pager label="Members pages"/>
        </Card>
    }
}
