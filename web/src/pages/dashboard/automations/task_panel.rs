//! The task chosen on the board: its details, its status and priority for those who work on it,
//! and its comments.

use leptos::prelude::*;
use shared::dto::automations::{Task, TaskPriority, TaskStatus, UpdateTaskRequest};
use uuid::Uuid;

use super::thread::Thread;
use super::view::Current;
use crate::api;
use crate::api::automations::ThreadOf;
use crate::components::{Card, Description, DescriptionList, ErrorState, Spinner, Status, status_badge};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// Task `task` of the automation on screen, with its comments.
#[component]
pub fn TaskPanel(task: Uuid, changed: Callback<()>) -> impl IntoView {
    let c = Current::get();
    let (side, id) = (c.side, c.automation.with_value(|a| a.id));
    let loaded = Remote::new(move || api::automations::task(side, id, task));
    let reload = Callback::new(move |_| {
        loaded.refetch();
        changed.run(());
    });
    move || match loaded.get() {
        None => view! { <Spinner/> }.into_any(),
        Some(Err(e)) => view! { <ErrorState error=e/> }.into_any(),
        Some(Ok(t)) => view! { <TaskDetails task=t reload=reload/> }.into_any(),
    }
}

#[component]
fn TaskDetails(task: Task, reload: Callback<()>) -> impl IntoView {
    let c = Current::get();
    let session = Session::current();
    let toasts = Toasts::current();
    let (side, automation, id) = (c.side, task.automation_id, task.id);
    let update = Submission::new(
        &[],
        move |body: UpdateTaskRequest| async move { session.update_task(side, automation, id, &body).await },
        move |t: Task| {
            toasts.success(format!("“{}” saved.", t.title));
            reload.run(());
        },
    );
    let controls = c.can_work(session).then(|| {
        let status_options = TaskStatus::ALL
            .into_iter()
            .map(|s| view! { <option value=s.as_str() selected=s == task.status>{s.label()}</option> })
            .collect_view();
        let priority_options = TaskPriority::ALL
            .into_iter()
            .map(|p| view! { <option value=p.as_str() selected=p == task.priority>{p.label()}</option> })
            .collect_view();
        view! {
            <div class="inline-form">
                <div class="field">
                    <label for="task-status">"Status"</label>
                    <select id="task-status" on:change=move |ev| {
                        let status = TaskStatus::parse(&event_target_value(&ev));
                        update.submit(UpdateTaskRequest { status, ..Default::default() });
                    }>{status_options}</select>
                </div>
                <div class="field">
                    <label for="task-priority-edit">"Priority"</label>
                    <select id="task-priority-edit" on:change=move |ev| {
                        let priority = TaskPriority::parse(&event_target_value(&ev));
                        update.submit(UpdateTaskRequest { priority, ..Default::default() });
                    }>{priority_options}</select>
                </div>
            </div>
        }
    });
    let of = ThreadOf::Task(automation, id);
    view! {
        <Card title=task.title.clone()>
            <DescriptionList>
                <Description term="Status">{status_badge(task.status)}</Description>
                <Description term="Priority">{status_badge(task.priority)}</Description>
                <Description term="Assignee">{task.assignee.clone().map_or_else(|| "Nobody yet".to_owned(), |a| a.name)}</Description>
                <Description term="Due">{task.due_date.map_or_else(|| "No date".to_owned(), |d| d.format("%-d %b %Y").to_string())}</Description>
            </DescriptionList>
            {(!task.description.is_empty()).then(|| view! { <p class="prewrap">{task.description.clone()}</p> })}
            {controls}
            <h3>"Comments"</h3>
            <Thread side=side of=of label="Comments" empty="No comments yet."/>
        </Card>
    }
}
