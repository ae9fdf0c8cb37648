//! Tasks: create, change, assign (member, vendor, staff; nobody else), board moves, my tasks.

use shared::dto::automations::{
    CreateTaskRequest, MoveTaskRequest, MyTask, Task, TaskPriority, TaskStatus, UpdateTaskRequest,
};
use shared::dto::common::Page;
use shared::{OrgRole, Role};
use tests::fixtures::automations::{automation_path, task_request};
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};
use uuid::Uuid;

async fn board(app: &TestApp, token: &str, automation: Uuid, status: TaskStatus) -> Vec<Uuid> {
    let path = automation_path(automation, &format!("/tasks?status={status}&limit=100"));
    let page: Page<Task> = expect(app.get_as(token, &path).await, 200).await;
    page.items.into_iter().map(|t| t.id).collect()
}

async fn tasks_are_created_assigned_and_moved(app: TestApp) {
    let (owner, org) = app.register_confirmed("Tasks Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let staff = app.user(Role::Staff, None).await;
    let outsider = app.user(Role::Client, None).await;
    let a = app.create_automation(&owner, "Board").await;

    let t = app.create_task(&owner, a.id, task_request("First", None)).await;
    assert_eq!((t.status, t.priority, t.assignee.is_none()), (TaskStatus::Todo, TaskPriority::Normal, true));
    for who in [member.user_id, vendor.user_id, staff.user_id] {
        let assigned = app.create_task(&owner, a.id, task_request("Assigned", Some(who))).await;
        assert_eq!(assigned.assignee.map(|p| p.id), Some(who));
    }
    let res = app
        .post_as(&owner.access, &automation_path(a.id, "/tasks"), &task_request("Nope", Some(outsider.user_id)))
        .await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(
        problem.errors.first().map(|e| (e.field.as_str(), e.code.as_str())),
        Some(("assignee_id", "not_assignable"))
    );

    // Changes: fields, a due date set and cleared, done stamps completion.
    let path = automation_path(a.id, &format!("/tasks/{}", t.id));
    let due = chrono::NaiveDate::from_ymd_opt(2027, 1, 15);
    let change = UpdateTaskRequest {
        title: Some("First, renamed".into()),
        priority: Some(TaskPriority::Urgent),
        assignee_id: Some(Some(member.user_id)),
        due_date: Some(due),
        ..Default::default()
    };
    let got: Task = expect(app.patch_as(&owner.access, &path, &change).await, 200).await;
    assert_eq!((got.title.as_str(), got.priority, got.due_date), ("First, renamed", TaskPriority::Urgent, due));
    let got: Task = expect(
        app.patch_as(&owner.access, &path, &serde_json::json!({"due_date": null, "assignee_id": null})).await,
        200,
    )
    .await;
    assert_eq!((got.due_date, got.assignee.is_none()), (None, true));
    let got: Task = expect(app.patch_as(&owner.access, &path, &serde_json::json!({"status": "done"})).await, 200).await;
    assert!(got.completed_at.is_some());
    let got: Task = expect(app.patch_as(&owner.access, &path, &serde_json::json!({"status": "todo"})).await, 200).await;
    assert!(got.completed_at.is_none());
    let events = app.domain_events().await;
    assert_eq!(events.iter().filter(|e| e.event_type == "task.assigned").count(), 4);
    // The assignees heard of it (the member twice: the task they were given, then unassigned).
    app.run_jobs().await;
    let mail = app.sent_mail();
    let to_member: Vec<_> = mail.iter().filter(|m| m.contains(&format!("To: {}", member.email))).collect();
    assert_eq!(to_member.len(), 1, "the second assignment was undone before it was sent");
    assert!(to_member[0].contains("Task assigned to you: Assigned"), "{}", to_member[0]);
    assert!(mail.iter().any(|m| m.contains(&format!("To: {}", vendor.email))));
    assert_eq!(events.iter().filter(|e| e.event_type == "task.completed").count(), 1);

    // The board: a new automation with three tasks in to do.
    let b = app.create_automation(&owner, "Moves").await;
    let [x, y, z] = [
        app.create_task(&owner, b.id, task_request("X", None)).await.id,
        app.create_task(&owner, b.id, task_request("Y", None)).await.id,
        app.create_task(&owner, b.id, task_request("Z", None)).await.id,
    ];
    assert_eq!(board(&app, &owner.access, b.id, TaskStatus::Todo).await, [x, y, z]);
    let mv = |task: Uuid, status: TaskStatus, before_id: Option<Uuid>| {
        let (app, token) = (&app, owner.access.clone());
        async move {
            let path = automation_path(b.id, &format!("/tasks/{task}/move"));
            app.post_as(&token, &path, &MoveTaskRequest { status, before_id }).await
        }
    };
    expect::<Task>(mv(z, TaskStatus::Todo, Some(x)).await, 200).await;
    assert_eq!(board(&app, &owner.access, b.id, TaskStatus::Todo).await, [z, x, y]);
    let moved: Task = expect(mv(x, TaskStatus::InProgress, None).await, 200).await;
    assert_eq!(moved.status, TaskStatus::InProgress);
    assert_eq!(board(&app, &owner.access, b.id, TaskStatus::Todo).await, [z, y]);
    assert_eq!(board(&app, &owner.access, b.id, TaskStatus::InProgress).await, [x]);
    // Before a task of another column, or of another automation: refused.
    expect_problem(mv(y, TaskStatus::Todo, Some(x)).await, 422, "validation_failed").await;
    expect_problem(mv(y, TaskStatus::Todo, Some(t.id)).await, 422, "validation_failed").await;
    // Dropping between the same two tasks again and again runs out of room: the board is
    // renumbered and keeps its order.
    expect::<Task>(mv(x, TaskStatus::Todo, None).await, 200).await;
    assert_eq!(board(&app, &owner.access, b.id, TaskStatus::Todo).await, [z, y, x]);
    for _ in 0..14 {
        expect::<Task>(mv(x, TaskStatus::Todo, Some(y)).await, 200).await;
        expect::<Task>(mv(y, TaskStatus::Todo, Some(x)).await, 200).await;
    }
    assert_eq!(board(&app, &owner.access, b.id, TaskStatus::Todo).await, [z, y, x]);
    let all: Page<Task> = expect(app.get_as(&owner.access, &automation_path(b.id, "/tasks")).await, 200).await;
    let mut positions: Vec<i64> = all.items.iter().map(|t| t.position).collect();
    positions.dedup();
    assert_eq!(positions.len(), 3, "distinct positions: {all:?}");
    // Pages by position.
    let paged = app.all_items::<Task>(&owner.access, &automation_path(b.id, "/tasks?limit=1")).await;
    assert_eq!(paged, all.items);
}

db_test!(tasks_are_created_assigned_and_moved);

async fn my_tasks_span_automations(app: TestApp) {
    let (owner, org) = app.register_confirmed("Mine Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let one = app.create_automation(&owner, "One").await;
    let two = app.create_automation(&owner, "Two").await;
    let a = app.create_task(&owner, one.id, task_request("Mine in one", Some(member.user_id))).await;
    let done =
        CreateTaskRequest { status: Some(TaskStatus::Done), ..task_request("Mine in two", Some(member.user_id)) };
    let b = app.create_task(&owner, two.id, done).await;
    app.create_task(&owner, two.id, task_request("The owner's", Some(owner.user_id))).await;
    let mine: Page<MyTask> =
        expect(app.get_as(&member.access, "/api/dashboard/my-tasks?sort=created_at").await, 200).await;
    let got: Vec<_> = mine.items.iter().map(|m| (m.task.id, m.automation.name.as_str())).collect();
    assert_eq!(got, [(a.id, "One"), (b.id, "Two")]);
    let open: Page<MyTask> = expect(app.get_as(&member.access, "/api/dashboard/my-tasks?status=todo").await, 200).await;
    assert_eq!(open.items.iter().map(|m| m.task.id).collect::<Vec<_>>(), [a.id]);
    let paged = app.all_items::<MyTask>(&member.access, "/api/dashboard/my-tasks?sort=created_at&limit=1").await;
    assert_eq!(paged, mine.items);
}

db_test!(my_tasks_span_automations);
