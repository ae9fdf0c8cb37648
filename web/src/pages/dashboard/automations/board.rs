//! An automation's tasks: a board with a column per status (a task moves to another column or up
//! within its own), or the same tasks as a list (`?view=list`); a form for a new task; the task
//! chosen (`?task=<id>`) opens below with its comments.

use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_query_map};
use shared::dto::automations::{CreateTaskRequest, MoveTaskRequest, Task, TaskPriority, TaskStatus};
use uuid::Uuid;

use super::task_panel::TaskPanel;
use super::view::Current;
use crate::api;
use crate::api::automations::Side;
use crate::components::{Button, Card, EmptyState, ErrorState, Spinner, Status, TextField, status_badge};
use crate::state::remote::Remote;
use crate::state::session::Session;
use crate::state::submission::Submission;
use crate::state::toast::Toasts;

/// The tasks of the automation on screen.
#[component]
pub fn TaskBoard() -> impl IntoView {
    let c = Current::get();
    let session = Session::current();
    let (side, id) = (c.side, c.automation.with_value(|a| a.id));
    let tasks = Remote::new(move || api::automations::tasks(side, id));
    let query = use_query_map();
    let path = use_location().pathname;
    let as_list = move || query.with(|q| q.get_str("view") == Some("list"));
    let chosen = move || query.with(|q| q.get_str("task").and_then(|t| Uuid::parse_str(t).ok()));
    let view_link = move |list: bool| {
        let mut q = vec!["tab=tasks".to_owned()];
        if list {
            q.push("view=list".to_owned());
        }
        format!("{}?{}", path.get(), q.join("&"))
    };
    let changed = Callback::new(move |_| {
        tasks.refetch();
        c.reload.run(());
    });
    view! {
        <div class="button-row" role="group" aria-label="Show tasks as">
            <a class="btn btn-ghost btn-small" href=move || view_link(false) aria-current=move || (!as_list()).then_some("page")>"Board"</a>
            <a class="btn btn-ghost btn-small" href=move || view_link(true) aria-current=move || as_list().then_some("page")>"List"</a>
        </div>
        {move || match tasks.get() {
            None => view! { <Spinner/> }.into_any(),
            Some(Err(e)) => view! { <ErrorState error=e retry=Callback::new(move |_| tasks.refetch())/> }.into_any(),
            Some(Ok(page)) if page.items.is_empty() => {
                view! { <EmptyState title="No tasks yet" text="Tasks appear here as the work is planned."/> }.into_any()
            }
            Some(Ok(page)) if as_list() => view! { <TaskList tasks=page.items/> }.into_any(),
            Some(Ok(page)) => view! { <Board tasks=page.items side=side automation=id changed=changed/> }.into_any(),
        }}
        {move || chosen().map(|t| view! { <TaskPanel task=t changed=changed/> })}
        <Show when=move || c.can_write(session)>
            <NewTask side=side automation=id changed=changed/>
        </Show>
    }
}

/// The link that opens a task below the board.
fn task_link(task: &Task) -> impl IntoView + use<> {
    let href = format!("?tab=tasks&task={}", task.id);
    view! { <a class="task-title" href=href>{task.title.clone()}</a> }
}

/// The columns, one per status, each in the tasks' order.
#[component]
fn Board(tasks: Vec<Task>, side: Side, automation: Uuid, changed: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let c = Current::get();
    let can_move = c.can_work(session);
    let mover = Submission::new(
        &[],
        move |(task, body): (Uuid, MoveTaskRequest)| async move { session.move_task(side, automation, task, &body).await },
        move |_| changed.run(()),
    );
    let columns = TaskStatus::ALL
        .into_iter()
        .map(|status| {
            let column: Vec<Task> = tasks.iter().filter(|t| t.status == status).cloned().collect();
            let count = column.len();
            let ids: Vec<Uuid> = column.iter().map(|t| t.id).collect();
            let cards = column
                .into_iter()
                .enumerate()
                .map(|(i, t)| {
                    let before = i.checked_sub(1).map(|j| ids[j]);
                    let id = t.id;
                    let label = format!("Move {} to", t.title);
                    let up = format!("Move {} up", t.title);
                    let controls = can_move.then(|| {
                        let options = TaskStatus::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str() selected=s == status>{s.label()}</option> })
                            .collect_view();
                        view! {
                            <div class="task-controls">
                                <select aria-label=label on:change=move |ev| {
                                    if let Some(to) = TaskStatus::parse(&event_target_value(&ev)) {
                                        mover.submit((id, MoveTaskRequest { status: to, before_id: None }));
                                    }
                                }>{options}</select>
                                {before.map(|b| view! {
                                    <button type="button" class="btn btn-ghost btn-small" aria-label=up on:click=move |_| {
                                        mover.submit((id, MoveTaskRequest { status, before_id: Some(b) }));
                                    }>"↑"</button>
                                })}
                            </div>
                        }
                    });
                    view! {
                        <li class="task-card" data-task=id.to_string()>
                            {task_link(&t)}
                            <p class="muted small">
                                {status_badge(t.priority)}
                                {t.assignee.clone().map(|a| format!(" {}", a.name))}
                                {t.due_date.map(|d| format!(" · due {}", d.format("%-d %b")))}
                            </p>
                            {controls}
                        </li>
                    }
                })
                .collect_view();
            view! {
                <section class="board-column" aria-label=status.label()>
                    <h3>{status.label()} " " <span class="muted">{count}</span></h3>
                    <ul class="board-cards">{cards}</ul>
                </section>
            }
        })
        .collect_view();
    view! { <div class="board">{columns}</div> }
}

/// The tasks as a table, in their order.
#[component]
fn TaskList(tasks: Vec<Task>) -> impl IntoView {
    let rows = tasks
        .into_iter()
        .map(|t| {
            view! {
                <tr>
                    <td>{task_link(&t)}</td>
                    <td>{status_badge(t.status)}</td>
                    <td>{status_badge(t.priority)}</td>
                    <td>{t.assignee.clone().map(|a| a.name).unwrap_or_default()}</td>
                    <td>{t.due_date.map(|d| d.format("%-d %b %Y").to_string()).unwrap_or_default()}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="table">
                <caption class="sr-only">"Tasks"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Task"</th>
                        <th scope="col">"Status"</th>
                        <th scope="col">"Priority"</th>
                        <th scope="col">"Assignee"</th>
                        <th scope="col">"Due"</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A new task: title, priority, assignee (a member of the organization on the client's side;
/// the staff assign themselves), due date.
#[component]
fn NewTask(side: Side, automation: Uuid, changed: Callback<()>) -> impl IntoView {
    let session = Session::current();
    let toasts = Toasts::current();
    let title = RwSignal::new(String::new());
    let priority = RwSignal::new(TaskPriority::Normal);
    let assignee = RwSignal::new(None::<Uuid>);
    let due = RwSignal::new(String::new());
    let members = (side == Side::Client).then(|| Remote::per_org(|| api::team::members(None)));
    let me = session.me().map(|m| m.user.id);
    let create = Submission::new(
        &["title", "assignee_id", "due_date", "priority"],
        move |body: CreateTaskRequest| async move { session.create_task(side, automation, &body).await },
        move |t: Task| {
            title.set(String::new());
            toasts.success(format!("Task “{}” added.", t.title));
            changed.run(());
        },
    );
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        create.submit(CreateTaskRequest {
            title: title.get_untracked().trim().to_owned(),
            description: None,
            status: None,
            priority: Some(priority.get_untracked()),
            assignee_id: assignee.get_untracked(),
            due_date: chrono::NaiveDate::parse_from_str(&due.get_untracked(), "%Y-%m-%d").ok(),
        });
    };
    let assignee_error = create.field("assignee_id");
    let choices = move || {
        let people: Vec<(Uuid, String)> = match members {
            Some(m) => m.with(|m| {
                m.and_then(|m| m.as_ref().ok())
                    .map(|p| p.items.iter().map(|m| (m.user_id, m.name.clone())).collect())
                    .unwrap_or_default()
            }),
            None => me.map(|id| vec![(id, "Me".to_owned())]).unwrap_or_default(),
        };
        people
            .into_iter()
            .map(|(id, name)| view! { <option value=id.to_string() selected=move || assignee.get() == Some(id)>{name}</option> })
            .collect_view()
    };
    view! {
        <Card title="New task">
            <form on:submit=submit novalidate class="form-narrow">
                <TextField id="task-title" label="Title" value=title required=true error=create.field("title")/>
                <div class="field">
                    <label for="task-priority">"Priority"</label>
                    <select id="task-priority" on:change=move |ev| {
                        if let Some(p) = TaskPriority::parse(&event_target_value(&ev)) {
                            priority.set(p);
                        }
                    }>
                        {TaskPriority::ALL
                            .into_iter()
                            .map(|p| view! { <option value=p.as_str() selected=move || priority.get() == p>{p.label()}</option> })
                            .collect_view()}
                    </select>
                </div>
                <div class="field" class:has-error=move || assignee_error.with(Option::is_some)>
                    <label for="task-assignee">"Assignee"</label>
                    <select id="task-assignee" on:change=move |ev| assignee.set(Uuid::parse_str(&event_target_value(&ev)).ok())>
                        <option value="" selected=move || assignee.get().is_none()>"Nobody yet"</option>
                        {choices}
                    </select>
                    {move || assignee_error.get().map(|m| view! { <p class="field-error">{m}</p> })}
                </div>
                <TextField id="task-due" label="Due (optional)" value=due r#type="date" error=create.field("due_date")/>
                <Button r#type="submit" busy=create.busy() name="create-task">"Add task"</Button>
            </form>
        </Card>
    }
}
