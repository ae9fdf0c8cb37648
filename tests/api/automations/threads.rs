//! Messages and comments: post, edit own within 15 minutes, delete own (a placeholder stays),
//! cursor pages, and the other side emailed at most once per thread per 10 minutes.

use shared::dto::automations::{Message, MessageRequest, SetStaffLeadRequest};
use shared::dto::common::Page;
use shared::{OrgRole, Role};
use tests::fixtures::automations::{admin_automation_path, automation_path, task_request};
use tests::http::{expect, expect_problem, expect_status};
use tests::{TestApp, db_test};

fn text(body: &str) -> MessageRequest {
    MessageRequest { body: body.to_owned() }
}

async fn posts_are_edited_within_the_window_and_deleted_as_placeholders(app: TestApp) {
    app.clock.freeze();
    let (owner, org) = app.register_confirmed("Threads Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let a = app.create_automation(&owner, "Talk").await;
    let task = app.create_task(&owner, a.id, task_request("Discuss", None)).await;
    let (mut owner, mut member) = (owner, member);
    for (base, kind) in [
        (automation_path(a.id, "/messages"), "message.posted"),
        (automation_path(a.id, &format!("/tasks/{}/comments", task.id)), "comment.posted"),
    ] {
        let first: Message = expect(app.post_as(&owner.access, &base, &text("Line one\nline two")).await, 201).await;
        assert_eq!(first.body.as_deref(), Some("Line one\nline two"));
        assert!(!first.from_staff);
        let second: Message = expect(app.post_as(&member.access, &base, &text("A reply")).await, 201).await;
        expect_problem(app.post_as(&owner.access, &base, &text("   ")).await, 422, "validation_failed").await;

        let own = format!("{base}/{}", first.id);
        app.clock.advance(chrono::Duration::minutes(14));
        (owner, member) = (app.login(&owner.email).await, app.login(&member.email).await);
        let edited: Message = expect(app.patch_as(&owner.access, &own, &text("Line one, edited")).await, 200).await;
        assert!(edited.edited_at.is_some());
        expect_problem(app.patch_as(&member.access, &own, &text("Not mine")).await, 403, "forbidden").await;
        app.clock.advance(chrono::Duration::minutes(2));
        (owner, member) = (app.login(&owner.email).await, app.login(&member.email).await);
        expect_problem(app.patch_as(&owner.access, &own, &text("Too late")).await, 409, "edit_window_closed").await;

        expect_problem(app.delete_as(&member.access, &own).await, 403, "forbidden").await;
        expect_status(app.delete_as(&owner.access, &own).await, 204).await;
        let page: Page<Message> = expect(app.get_as(&owner.access, &base).await, 200).await;
        let got: Vec<_> = page.items.iter().map(|m| (m.id, m.body.clone(), m.deleted_at.is_some())).collect();
        assert_eq!(got, [(first.id, None, true), (second.id, Some("A reply".into()), false)]);
        let newest: Page<Message> =
            expect(app.get_as(&owner.access, &format!("{base}?sort=-created_at&limit=1")).await, 200).await;
        assert_eq!(newest.items[0].id, second.id);
        assert!(newest.next_cursor.is_some());
        let events = app.domain_events().await;
        assert_eq!(events.iter().filter(|e| e.event_type == kind).count(), 2, "{kind}");
    }
}

db_test!(posts_are_edited_within_the_window_and_deleted_as_placeholders);

async fn the_other_side_is_emailed_once_per_window(app: TestApp) {
    app.clock.freeze();
    let (owner, _) = app.register_confirmed("Mail Co").await;
    let staff_email = tests::fixtures::unique_email("lead");
    let staff_id = app.create_user(Role::Staff, &staff_email).await;
    let staff = app.login(&staff_email).await;
    let a = app.create_automation(&owner, "Mailed automation").await;
    let res = app
        .call(reqwest::Method::PUT, &admin_automation_path(a.id, "/lead"))
        .bearer(&staff.access)
        .json(&SetStaffLeadRequest { user_id: Some(staff_id) })
        .send()
        .await;
    expect_status(res, 200).await;
    app.run_jobs().await;
    let before = app.sent_mail().len();

    // Three customer messages: one email to the lead, after the window, quoting them all.
    for body in ["First question", "Second question", "Third question"] {
        app.post_message(&owner, a.id, body).await;
    }
    assert_eq!(app.run_jobs().await, 0, "the email waits for its window");
    app.clock.advance(chrono::Duration::minutes(10));
    assert_eq!(app.run_jobs().await, 1);
    let (owner, staff) = (app.login(&owner.email).await, app.login(&staff_email).await);
    let mail = app.sent_mail();
    assert_eq!(mail.len(), before + 1);
    let sent = &mail[before];
    assert!(sent.contains(&format!("To: {staff_email}")), "{sent}");
    assert!(sent.contains("New messages on Mailed automation"), "{sent}");
    for q in ["First question", "Second question", "Third question"] {
        assert!(sent.contains(q), "{q} in {sent}");
    }
    assert!(sent.contains("/admin/automations/"), "{sent}");

    // Staff answer: the owner hears of it; a deleted message is not mailed.
    app.staff_post_message(&staff, a.id, "An answer").await;
    let gone = app.staff_post_message(&staff, a.id, "Oops").await;
    expect_status(
        app.delete_as(&staff.access, &admin_automation_path(a.id, &format!("/messages/{}", gone.id))).await,
        204,
    )
    .await;
    app.clock.advance(chrono::Duration::minutes(10));
    assert_eq!(app.run_jobs().await, 1);
    let owner = app.login(&owner.email).await;
    let mail = app.sent_mail();
    assert_eq!(mail.len(), before + 2);
    let sent = &mail[before + 1];
    assert!(sent.contains(&format!("To: {}", owner.email)) && sent.contains("An answer"), "{sent}");
    assert!(!sent.contains("Oops"), "{sent}");
    assert!(sent.contains("/dashboard/automations/"), "{sent}");
    assert!(sent.contains("preferences"), "a preferences link: {sent}");

    // A comment on a task reaches its assignee.
    let vendor_email = tests::fixtures::unique_email("vendor");
    let vendor_id = app.create_user(Role::Vendor, &vendor_email).await;
    app.add_member(a.org_id, vendor_id, OrgRole::Member).await;
    let task = app.create_task(&owner, a.id, task_request("For the vendor", Some(vendor_id))).await;
    app.post_comment(&owner, a.id, task.id, "Please look").await;
    app.clock.advance(chrono::Duration::minutes(10));
    app.run_jobs().await;
    let mail = app.sent_mail();
    let to_vendor: Vec<_> = mail.iter().filter(|m| m.contains(&format!("To: {vendor_email}"))).collect();
    assert_eq!(to_vendor.len(), 2, "the assignment and the comment");
    assert!(to_vendor.iter().any(|m| m.contains("Task assigned to you: For the vendor")));
    let comment: Vec<_> = to_vendor.iter().filter(|m| m.contains("New comments on For the vendor")).collect();
    assert_eq!(comment.len(), 1);
    assert!(comment[0].contains("Please look"));
}

db_test!(the_other_side_is_emailed_once_per_window);
