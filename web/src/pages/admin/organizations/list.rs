//! Customer organizations: search, filter, sort, pages.

use leptos::prelude::*;
use shared::dto::organizations::{OrgStatus, OrganizationSort, OrganizationsFilter};

use crate::api;
use crate::components::list::{
    Column, FilterBar, ListQuery, ListRows, ListTable, Row, SearchFilter, SelectFilter, choices,
};
use crate::components::{Card, PageHeader, Status, format_time, status_badge};
use crate::state::remote::Remote;

const COLUMNS: &[Column] = &[
    Column::new("Name").sort("name"),
    Column::new("Status"),
    Column::new("Members"),
    Column::new("Created").sort("created_at"),
];

/// `/admin/organizations`.
#[component]
pub fn Organizations() -> impl IntoView {
    let query = ListQuery::new();
    let orgs = Remote::new(move || {
        let filter = OrganizationsFilter { q: query.text("q"), status: query.parsed("status", OrgStatus::parse) };
        let sort = query.parsed("sort", OrganizationSort::parse).unwrap_or_default();
        api::organizations::admin_organizations(&filter, sort, query.cursor().as_deref())
    });
    let rows = ListRows::new(orgs, query.pager, |o| {
        Row::new(
            o.id,
            view! {
                <td>
                    <a class="row-link" href=format!("/admin/organizations/{}", o.id)>{o.name.clone()}</a>
                    <div class="muted small">{o.slug.clone()}</div>
                </td>
                <td>{status_badge(o.status)}</td>
                <td>{o.member_count}</td>
                <td>{format_time(o.created_at)}</td>
            },
        )
    });

    view! {
        <PageHeader title="Organizations" description="Every customer organization on the platform."/>
        <Card>
            <FilterBar query=query>
                <SearchFilter query=query key="q" id="org-search" placeholder="Name or address" error=rows.field_error("q")/>
                <SelectFilter
                    query=query
                    key="status"
                    id="org-status"
                    label="Status"
                    options=choices(OrgStatus::ALL, OrgStatus::as_str, Status::label)
                />
            </FilterBar>
            <ListTable
                caption="Organizations"
                columns=COLUMNS
                rows=rows
                query=query
                default_sort=OrganizationSort::default().as_str()
                empty=("No organizations match", "Try another search or status.")
                pager_label="Organization pages"
            />
        </Card>
    }
}
