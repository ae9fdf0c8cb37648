//! `/dashboard/my-tasks`: the tasks given to the person across the organization's automations,
//! filtered by status.

use leptos::prelude::*;
use shared::dto::automations::TaskStatus;

use crate::api;
use crate::components::list::{Column, FilterBar, ListQuery, ListRows, ListTable, Row, SelectFilter, choices};
use crate::components::{Card, PageHeader, Status, status_badge};
use crate::state::remote::Remote;

const COLUMNS: &[Column] = &[
    Column::new("Task"),
    Column::new("Automation"),
    Column::new("Status"),
    Column::new("Priority"),
    Column::new("Due"),
];

/// `/dashboard/my-tasks`.
#[component]
pub fn MyTasks() -> impl IntoView {
    let query = ListQuery::new();
    let tasks = Remote::per_org(move || {
        api::automations::my_tasks(query.parsed("status", TaskStatus::parse), query.cursor().as_deref())
    });
    let rows = ListRows::new(tasks, query.pager, |m| {
        let t = &m.task;
        Row::new(
            t.id,
            view! {
                <td>
                    <a class="row-link" href=format!("/dashboard/automations/{}?tab=tasks&task={}", m.automation.id, t.id)>
                        {t.title.clone()}
                    </a>
                </td>
                <td>{m.automation.name.clone()}</td>
                <td>{status_badge(t.status)}</td>
                <td>{status_badge(t.priority)}</td>
                <td>{t.due_date.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_default()}</td>
            },
        )
    });
    view! {
        <PageHeader title="My tasks" description="The tasks given to you, in every automation of this organization."/>
        <Card>
            <FilterBar query=query>
                <SelectFilter
                    query=query
                    key="status"
                    id="my-task-status"
                    label="Status"
                    options=choices(TaskStatus::ALL, TaskStatus::as_str, Status::label)
                />
            </FilterBar>
            <ListTable
                caption="My tasks"
                columns=COLUMNS
                rows=rows
                query=query
                empty=("Nothing for you yet", "Tasks given to you show here.")
                pager_label="Task pages"
            />
        </Card>
    }
}
