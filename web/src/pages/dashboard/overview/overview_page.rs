//! The client portal's overview: the organization and its members.

use leptos::prelude::*;
use shared::Permission;
use shared::{OrgRole, Role};

use crate::api;
use crate::components::list::{Column, ListQuery, ListRows, ListTable, Row};
use crate::components::{Badge, Card, EmptyState, PageHeader, format_time, loaded, status_badge};
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
    let org = Remote::per_org(api::organizations::organization);
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
                            {status_badge(o.status)}
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

const MEMBER_COLUMNS: &[Column] =
    &[Column::new("Name"), Column::new("Email"), Column::new("Role"), Column::new("Joined")];

#[component]
fn Members() -> impl IntoView {
    let query = ListQuery::new();
    let members = Remote::per_org(move || api::team::members(query.cursor().as_deref()));
    let rows = ListRows::new(members, query.pager, |m| {
        let owner = m.org_role == OrgRole::Owner;
        Row::new(
            m.user_id,
            view! {
                <td>{m.name.clone()}</td>
                <td>{m.email.clone()}</td>
                <td>
                    <Badge text=m.org_role.as_str().to_lowercase() tone=if owner { "blue" } else { "gray" }/>
                    {(m.role == Role::Vendor).then(|| view! { " " <Badge text="vendor" tone="amber"/> })}
                </td>
                <td>{format_time(m.joined_at)}</td>
            },
        )
    });
    view! {
        <Card title="Members">
            <ListTable
                caption="Members of the organization"
                columns=MEMBER_COLUMNS
                rows=rows
                query=query
                empty=("No members yet", "")
                pager_label="Members pages"
            />
        </Card>
    }
}
