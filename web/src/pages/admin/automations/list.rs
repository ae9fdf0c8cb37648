//! `/admin/automations`: every organization's automations, searchable by name, filtered by
//! status and by whether a staff lead has them.

use leptos::prelude::*;
use shared::dto::automations::{AdminAutomationsFilter, AutomationSort, AutomationStatus};

use crate::api;
use crate::components::list::{
    Column, FilterBar, ListQuery, ListRows, ListTable, Row, SearchFilter, SelectFilter, choices,
};
use crate::components::{Card, PageHeader, Status, format_time, status_badge};
use crate::state::remote::Remote;

const COLUMNS: &[Column] = &[
    Column::new("Automation").sort("name"),
    Column::new("Organization"),
    Column::new("Status"),
    Column::new("Staff lead"),
    Column::new("Tasks done"),
    Column::new("Updated").sort("updated_at"),
];

/// `/admin/automations`.
#[component]
pub fn AdminAutomations() -> impl IntoView {
    let query = ListQuery::new();
    let automations = Remote::new(move || {
        let filter = AdminAutomationsFilter {
            q: query.text("q"),
            status: query.parsed("status", AutomationStatus::parse),
            org_id: None,
            lead_id: None,
            unassigned: query.parsed("unassigned", |u| u.parse().ok()),
        };
        let sort = query.parsed("sort", AutomationSort::parse).unwrap_or_default();
        api::automations::admin_automations(&filter, sort, query.cursor().as_deref())
    });
    let rows = ListRows::new(automations, query.pager, |row| {
        let a = &row.automation;
        Row::new(
            a.id,
            view! {
                <td><a class="row-link" href=format!("/admin/automations/{}", a.id)>{a.name.clone()}</a></td>
                <td>{row.organization.name.clone()}</td>
                <td>{status_badge(a.status)}</td>
                <td>{a.staff_lead.clone().map_or_else(|| "Nobody".to_owned(), |l| l.name)}</td>
                <td>{format!("{} of {}", a.done_task_count, a.task_count)}</td>
                <td>{format_time(a.updated_at)}</td>
            },
        )
    });
    view! {
        <PageHeader title="Automations" description="What every customer asked for, and who on the team builds it."/>
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
                <SelectFilter
                    query=query
                    key="unassigned"
                    id="automation-unassigned"
                    label="Staff lead"
                    options=vec![("", "Any"), ("true", "Nobody yet"), ("false", "Someone")]
                />
            </FilterBar>
            <ListTable
                caption="Automations"
                columns=COLUMNS
                rows=rows
                query=query
                default_sort=AutomationSort::default().as_str()
                empty=("No automations match", "Try another search or filter.")
                pager_label="Automation pages"
            />
        </Card>
    }
}
