//! The VENDOR rule on every route: a vendor sees only the automations with a task assigned to
//! them, in them only those tasks and their comments, never the messages; anything else is 404.

use reqwest::Method;
use shared::dto::automations::{Automation, Message, MyTask, Task, UpdateTaskRequest};
use shared::dto::common::Page;
use shared::{OrgRole, Role};
use tests::fixtures::automations::{automation_path, task_request};
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};

async fn vendors_see_only_their_tasks_on_every_route(app: TestApp) {
    let (owner, org) = app.register_confirmed("Vendor Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let shared_auto = app.create_automation(&owner, "With the vendor").await;
    let hidden = app.create_automation(&owner, "Without the vendor").await;
    let theirs = app.create_task(&owner, shared_auto.id, task_request("Vendor's", Some(vendor.user_id))).await;
    let others = app.create_task(&owner, shared_auto.id, task_request("Member's", Some(member.user_id))).await;
    let elsewhere = app.create_task(&owner, hidden.id, task_request("Hidden", None)).await;
    app.post_message(&owner, shared_auto.id, "Customer and staff only").await;
    app.post_comment(&owner, shared_auto.id, others.id, "Not for the vendor").await;
    let mine = app.post_comment(&owner, shared_auto.id, theirs.id, "For the vendor").await;

    // Lists: only the automation and the task of theirs, counted as they see it.
    let list: Page<Automation> = expect(app.get_as(&vendor.access, "/api/dashboard/automations").await, 200).await;
    assert_eq!(list.items.iter().map(|a| a.id).collect::<Vec<_>>(), [shared_auto.id]);
    assert_eq!(list.items[0].task_count, 1);
    let tasks: Page<Task> =
        expect(app.get_as(&vendor.access, &automation_path(shared_auto.id, "/tasks")).await, 200).await;
    assert_eq!(tasks.items.iter().map(|t| t.id).collect::<Vec<_>>(), [theirs.id]);
    let my: Page<MyTask> = expect(app.get_as(&vendor.access, "/api/dashboard/my-tasks").await, 200).await;
    assert_eq!(my.items.iter().map(|t| t.task.id).collect::<Vec<_>>(), [theirs.id]);
    let comments: Page<Message> = expect(
        app.get_as(&vendor.access, &automation_path(shared_auto.id, &format!("/tasks/{}/comments", theirs.id))).await,
        200,
    )
    .await;
    assert_eq!(comments.items.iter().map(|c| c.id).collect::<Vec<_>>(), [mine.id]);
    // The member sees everything.
    let tasks: Page<Task> =
        expect(app.get_as(&member.access, &automation_path(shared_auto.id, "/tasks")).await, 200).await;
    assert_eq!(tasks.items.len(), 2);

    // Everything else answers 404, on every route.
    let text = serde_json::json!({"body": "hello"});
    let done = serde_json::json!({"status": "done"});
    let not_found = [
        (Method::GET, automation_path(hidden.id, ""), &text),
        (Method::GET, automation_path(hidden.id, "/timeline"), &text),
        (Method::GET, automation_path(hidden.id, "/tasks"), &text),
        (Method::GET, automation_path(hidden.id, &format!("/tasks/{}", elsewhere.id)), &text),
        (Method::GET, automation_path(hidden.id, &format!("/tasks/{}/comments", elsewhere.id)), &text),
        (Method::POST, automation_path(hidden.id, &format!("/tasks/{}/comments", elsewhere.id)), &text),
        (Method::GET, automation_path(shared_auto.id, &format!("/tasks/{}", others.id)), &text),
        (Method::GET, automation_path(shared_auto.id, &format!("/tasks/{}/comments", others.id)), &text),
        (Method::POST, automation_path(shared_auto.id, &format!("/tasks/{}/comments", others.id)), &text),
        (Method::PATCH, automation_path(shared_auto.id, &format!("/tasks/{}", others.id)), &done),
        (Method::POST, automation_path(shared_auto.id, &format!("/tasks/{}/move", others.id)), &done),
        (Method::PATCH, automation_path(hidden.id, &format!("/tasks/{}", elsewhere.id)), &done),
        (Method::GET, automation_path(shared_auto.id, "/messages"), &text),
    ];
    for (method, path, body) in not_found {
        let res = app.call(method.clone(), &path).bearer(&vendor.access).json(body).send().await;
        assert_eq!(res.status().as_u16(), 404, "{method} {path}");
        expect_problem(res, 404, "not_found").await;
    }
    // What only customers do is refused outright.
    let res = app.post_as(&vendor.access, &automation_path(shared_auto.id, "/messages"), &text).await;
    expect_problem(res, 403, "forbidden").await;
    let res =
        app.post_as(&vendor.access, &automation_path(shared_auto.id, "/tasks"), &task_request("Mine", None)).await;
    expect_problem(res, 403, "forbidden").await;
    let res = app.post_as(&vendor.access, "/api/dashboard/automations", &serde_json::json!({"name": "Mine"})).await;
    expect_problem(res, 403, "forbidden").await;

    // On their own task a vendor changes the status, and nothing else, and comments.
    let path = automation_path(shared_auto.id, &format!("/tasks/{}", theirs.id));
    let rename = UpdateTaskRequest { title: Some("Renamed".into()), ..Default::default() };
    expect_problem(app.patch_as(&vendor.access, &path, &rename).await, 403, "forbidden").await;
    let done: Task =
        expect(app.patch_as(&vendor.access, &path, &serde_json::json!({"status": "in_progress"})).await, 200).await;
    assert_eq!(done.status, shared::dto::automations::TaskStatus::InProgress);
    app.post_comment(&vendor, shared_auto.id, theirs.id, "On it").await;

    // Unassigned, the automation is gone for them.
    expect::<Task>(app.patch_as(&owner.access, &path, &serde_json::json!({"assignee_id": null})).await, 200).await;
    expect_problem(app.get_as(&vendor.access, &automation_path(shared_auto.id, "")).await, 404, "not_found").await;
    let list: Page<Automation> = expect(app.get_as(&vendor.access, "/api/dashboard/automations").await, 200).await;
    assert!(list.items.is_empty());
}

db_test!(vendors_see_only_their_tasks_on_every_route);
