//! `/admin/users`: every user account, searchable by email or name, filtered by role, status and
//! second factor, sorted by creation, email or last sign-in.

use leptos::prelude::*;
use shared::Role;
use shared::dto::auth::UserStatus;
use shared::dto::users::{UserSort, UsersFilter};

use crate::api;
use crate::components::list::{
    Column, FilterBar, ListQuery, ListRows, ListTable, Row, SearchFilter, SelectFilter, choices,
};
use crate::components::{Card, PageHeader, Status, format_time, status_badge};
use crate::pages::admin::flags::on_off;
use crate::state::remote::Remote;

const COLUMNS: &[Column] = &[
    Column::new("User").sort("email"),
    Column::new("Role"),
    Column::new("Status"),
    Column::new("Two-factor"),
    Column::new("Organizations"),
    Column::new("Last sign-in").sort("last_login_at"),
    Column::new("Created").sort("created_at"),
];

/// `/admin/users`.
#[component]
pub fn Users() -> impl IntoView {
    let query = ListQuery::new();
    let users = Remote::new(move || {
        let filter = UsersFilter {
            q: query.text("q"),
            role: query.parsed("role", Role::parse),
            status: query.parsed("status", UserStatus::parse),
            org_id: None,
            mfa: query.parsed("mfa", |m| m.parse().ok()),
        };
        let sort = query.parsed("sort", UserSort::parse).unwrap_or_default();
        api::users::users(&filter, sort, query.cursor().as_deref())
    });
    let rows = ListRows::new(users, query.pager, |u| {
        Row::new(
            u.id,
            view! {
                <td>
                    <a class="row-link" href=format!("/admin/users/{}", u.id)>{u.name.clone()}</a>
                    <div class="muted small">{u.email.clone()}</div>
                </td>
                <td>{u.role.as_str()}</td>
                <td>{status_badge(u.status)}</td>
                <td>{on_off(u.mfa_enabled)}</td>
                <td>{u.organization_count}</td>
                <td>{u.last_login_at.map_or_else(|| "Never".to_owned(), format_time)}</td>
                <td>{format_time(u.created_at)}</td>
            },
        )
    });

    view! {
        <PageHeader title="Users" description="Every account on the platform, operators and customers."/>
        <Card>
            <FilterBar query=query>
                <SearchFilter query=query key="q" id="user-search" placeholder="Email or name" error=rows.field_error("q")/>
                <SelectFilter
                    query=query
                    key="role"
                    id="user-role-filter"
                    label="Role"
                    options=choices(Role::ALL, Role::as_str, Role::as_str)
                />
                <SelectFilter
                    query=query
                    key="status"
                    id="user-status"
                    label="Status"
                    options=choices(UserStatus::ALL, UserStatus::as_str, Status::label)
                />
                <SelectFilter
                    query=query
                    key="mfa"
                    id="user-mfa"
                    label="Two-factor"
                    options=vec![("", "All"), ("true", "On"), ("false", "Off")]
                />
            </FilterBar>
            <ListTable
                caption="Users"
                columns=COLUMNS
                rows=rows
                query=query
                default_sort=UserSort::default().as_str()
                empty=("No users match", "Try another search or filter.")
                pager_label="User pages"
            />
        </Card>
    }
}
