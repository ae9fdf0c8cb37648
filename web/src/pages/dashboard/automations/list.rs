//! `/dashboard/automations`: the organization's automations, searchable by name, filtered by
//! status, sorted by last change, creation or name.

use leptos::prelude::*;
use shared::Permission;
use shared::dto::automations::{AutomationSort, AutomationStatus, AutomationsFilter};

use crate::api;
use crate::components::list::{
    Column, FilterBar, ListQuery, ListRows, ListTable, Row, SearchFilter, SelectFilter, choices,
};
use crate::components::{Card, PageHeader, Status, format_time, status_badge};
use crate::state::remote::Remote;
use crate::state::session::Session;

const COLUMNS: &[Column] = &[
    Column::new("Automation").sort("name"),
    Column::new("Status"),
    Column::new("Owner"),
    Column::new("Tasks done"),
    Column::new("Target go-live"),
    Column::new("Updated").sort("updated_at"),
];

/// `/dashboard/automations`.
#[component]
pub fn Automations() -> impl IntoView {
    let session = Session::current();
    let query = ListQuery::new();
    let automations = Remote::per_org(move || {
        let filter = AutomationsFilter {
            q: query.text("q"),
            status: query.parsed("status", AutomationStatus::parse),
            owner_id: None,
        };
        let sort = query.parsed("sort", AutomationSort::parse).unwrap_or_default();
        api::automations::automations(&filter, sort, query.cursor().as_deref())
    });
    let rows = ListRows::new(automations, query.pager, |a| {
        Row::new(
            a.id,
            view! {
                <td>
                    <a class="row-link" href=format!("/dashboard/automations/{}", a.id)>{a.name.clone()}</a>
                </td>
                <td>{status_badge(a.status)}</td>
                <td>{a.owner.name.clone()}</td>
                <td>{format!("{} of {}", a.done_task_count, a.task_count)}</td>
                <td>{a.target_go_live_date.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_default()}</td>
                <td>{format_time(a.updated_at)}</td>
            },
        )
    });
    view! {
        <PageHeader title="Automations" description="What you asked us to build, and where each one stands.">
            <Show when=move || session.can(Permission::AutomationsWrite)>
                <a class="btn btn-primary" href="/dashboard/automations/new">"Request an automation"</a>
            </Show>
        </PageHeader>
        <Card>
            <FilterBar query=query>
                <SearchFilter query=query key="q" id="automation-search" placeholder="Name" error=rows.field_error("q")/>
                <SelectFilter
                    query=query
                    key="status"
                    id="automation-status"
                    label="Status"
                    options=choices(AutomationStatus::ALL, AutomationStatus::as_str, Status::label)
                />
            </FilterBar>
            <ListTable
                caption="Automations"
                columns=COLUMNS
                rows=rows
                query=query
                default_sort=AutomationSort::default().as_str()
                empty=("No automations yet", "Request one and our team takes it from there.")
                pager_label="Automation pages"
            />
        </Card>
    }
}
