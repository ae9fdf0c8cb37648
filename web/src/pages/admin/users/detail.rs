//! `/admin/users/:id`: one account's facts, the organizations it belongs to and its live
//! sessions; for an ADMIN looking at someone else's account, the changes to it.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use shared::Permission;
use shared::dto::auth::Session as SessionInfo;
use shared::dto::users::{AdminUser, AdminUserDetail, UserMembership};

use super::actions::{Actions, RoleForm};
use crate::api;
use crate::components::{
    Badge, Card, Description, DescriptionList, EmptyState, PageHeader, detail_page, format_time, status_badge,
};
use crate::pages::admin::flags::on_off;
use crate::pages::dashboard::account::sessions::device;
use crate::state::remote::Remote;
use crate::state::session::Session;

/// `/admin/users/:id`.
#[component]
pub fn UserDetail() -> impl IntoView {
    let params = use_params_map();
    let id = move || params.with(|p| p.get("id").unwrap_or_default());
    let user = Remote::new(move || api::users::user(&id()));
    detail_page(("/admin/users", "Users"), "User", user, move |d| {
        view! { <Account detail=d reload=Callback::new(move |_| user.refetch())/> }
    })
}

#[component]
fn Account(detail: AdminUserDetail, reload: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let u = detail.user.clone();
    let id = u.id;
    // The server refuses changes to the caller's own account: they are not offered there.
    let can_manage =
        move || session.can(Permission::AdminUsersManage) && session.me().is_some_and(|me| me.user.id != id);
    let (for_actions, for_role) = (u.clone(), u.clone());
    view! {
        <PageHeader title=u.name.clone() description=u.email.clone()>
            {move || can_manage().then(|| view! { <Actions user=for_actions.clone() reload=reload/> })}
        </PageHeader>
        <Facts user=u/>
        {move || can_manage().then(|| view! { <RoleForm user=for_role.clone() reload=reload/> })}
        <Memberships memberships=detail.memberships/>
        <Sessions sessions=detail.sessions/>
    }
}

/// The account's facts.
#[component]
fn Facts(user: AdminUser) -> impl IntoView {
    let yes_no =
        |yes: bool| view! { <Badge text=if yes { "Yes" } else { "No" } tone=if yes { "green" } else { "amber" }/> };
    view! {
        <Card title="Account">
            <DescriptionList>
                <Description term="Email">{user.email.clone()}</Description>
                <Description term="Email confirmed">{yes_no(user.email_verified)}</Description>
                <Description term="Role">{user.role.as_str()}</Description>
                <Description term="Status">{status_badge(user.status)}</Description>
                {user.disabled_at.map(|t| view! { <Description term="Disabled">{format_time(t)}</Description> })}
                <Description term="Two-factor">{on_off(user.mfa_enabled)}</Description>
                <Description term="Created">{format_time(user.created_at)}</Description>
                <Description term="Last sign-in">
                    {user.last_login_at.map_or_else(|| "Never".to_owned(), format_time)}
                </Description>
                <Description term="Id"><code>{user.id.to_string()}</code></Description>
            </DescriptionList>
        </Card>
    }
}

/// The organizations the account belongs to.
#[component]
fn Memberships(memberships: Vec<UserMembership>) -> impl IntoView {
    if memberships.is_empty() {
        return view! {
            <Card title="Organizations">
                <EmptyState title="No organizations" text="This account belongs to no organization."/>
            </Card>
        }
        .into_any();
    }
    let rows = memberships
        .into_iter()
        .map(|m| {
            view! {
                <tr>
                    <td><a href=format!("/admin/organizations/{}", m.organization.id)>{m.organization.name}</a></td>
                    <td>{m.org_role.as_str()}</td>
                    <td>{format_time(m.joined_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Card title="Organizations">
            <div class="table-wrap">
                <table class="table">
                    <caption class="sr-only">"Organizations the user belongs to"</caption>
                    <thead><tr><th scope="col">"Organization"</th><th scope="col">"Role in it"</th><th scope="col">"Joined"</th></tr></thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Card>
    }
    .into_any()
}

/// The account's live sessions, most recently used first.
#[component]
fn Sessions(sessions: Vec<SessionInfo>) -> impl IntoView {
    if sessions.is_empty() {
        return view! {
            <Card title="Sessions">
                <EmptyState title="Not signed in anywhere" text="The account has no live session."/>
            </Card>
        }
        .into_any();
    }
    let rows = sessions
        .iter()
        .map(|s| {
            view! {
                <tr>
                    <td>
                        {device(s)}
                        {s.current.then(|| view! { " " <Badge text="This session" tone="green"/> })}
                    </td>
                    <td>{s.ip.clone().unwrap_or_else(|| "—".into())}</td>
                    <td>{format_time(s.created_at)}</td>
                    <td>{format_time(s.last_seen_at)}</td>
                    <td>{format_time(s.expires_at)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <Card title="Sessions">
            <div class="table-wrap">
                <table class="table">
                    <caption class="sr-only">"Live sessions"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Device"</th>
                            <th scope="col">"IP address"</th>
                            <th scope="col">"Signed in"</th>
                            <th scope="col">"Last active"</th>
                            <th scope="col">"Ends at the latest"</th>
                        </tr>
                    </thead>
                    <tbody>{rows}</tbody>
                </table>
            </div>
        </Card>
    }
    .into_any()
}
