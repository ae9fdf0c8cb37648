//! The client portal's overview: the organization and its members.

use leptos::prelude::*;
use shared::Permission;
use shared::dto::common::{Member, OrgStatus, Page};
use shared::dto::dashboard::Organization;

use crate::api::enc;
use crate::components::{
    Badge, Card, EmptyState, ErrorState, PageHeader, Pager, PagerState, SkeletonRows, Spinner, Table, format_time,
};
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
    let org = LocalResource::new(move || {
        // Reload when the selected organization changes.
        let _org = session.active_membership().map(|m| m.organization.id);
        async move { session.get::<Organization>("/api/dashboard/organization").await }
    });
    view! {
        <PageHeader title="Overview" description="Your organization at a glance."/>
        <div class="grid-cards">
            {move || match org.get() {
                None => view! { <Card><Spinner/></Card> }.into_any(),
                Some(Err(e)) => view! { <ErrorState error=e retry=Callback::new(move |_| org.refetch())/> }.into_any(),
                Some(Ok(o)) => view! {
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
                .into_any(),
            }}
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
    let members = LocalResource::new(move || {
        let _org = session.active_membership().map(|m| m.organization.id);
        let cursor = pager.cursor();
        async move {
            let c = cursor.map(|c| format!("&cursor={}", enc(&c))).unwrap_or_default();
            session.get::<Page<Member>>(&format!("/api/dashboard/members?limit=20{c}")).await
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(p)) = members.get() {
            pager.next.set(p.next_cursor.clone());
        }
    });
    view! {
        <Card title="Members">
            <Table caption="Members of the organization" head=view! {
                <th scope="col">"Name"</th>
                <th scope="col">"Email"</th>
                <th scope="col">"Role"</th>
                <th scope="col">"Joined"</th>
            }
            .into_any()>
                {move || match members.get() {
                    None => view! { <SkeletonRows columns=4/> }.into_any(),
                    Some(Err(e)) => view! {
                        <tr><td colspan="4"><ErrorState error=e retry=Callback::new(move |_| members.refetch())/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(page)) if page.items.is_empty() => view! {
                        <tr><td colspan="4"><EmptyState title="No members yet"/></td></tr>
                    }
                    .into_any(),
                    Some(Ok(page)) => page
                        .items
                        .into_iter()
                        .map(|m| view! {
                            <tr>
                                <td>{m.name}</td>
                                <td>{m.email}</td>
                                <td>
                                    <Badge text=m.org_role.as_str().to_lowercase() tone=if m.org_role == shared::OrgRole::Owner { "blue" } else { "gray" }/>
                                    {(m.role == shared::Role::Vendor).then(|| view! { " " <Badge text="vendor" tone="amber"/> })}
                                </td>
                                <td>{format_time(m.joined_at)}</td>
                            </tr>
                        })
                        .collect_view()
                        .into_any(),
                }}
            </Table>
            <Pager state=pager label="Members pages"/>
        </Card>
    }
}
