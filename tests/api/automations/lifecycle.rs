//! An automation's life: requested by a customer, moved through its states by staff, archived
//! and unarchived by the customer, every change on the timeline, audited and emitted.

use shared::dto::automations::{
    AdminAutomation, Automation, AutomationStatus, ChangeAutomationStatusRequest, SetStaffLeadRequest, StatusChange,
    UpdateAutomationRequest,
};
use shared::dto::common::Page;
use shared::{OrgRole, Role};
use tests::fixtures::automations::{admin_automation_path, automation_path, automation_request};
use tests::http::{expect, expect_problem, header, problem_fields};
use tests::{TestApp, db_test};

async fn requests_move_through_their_states_on_a_timeline(app: TestApp) {
    use AutomationStatus::*;
    let (owner, org) = app.register_confirmed("Lifecycle Co").await;
    let staff = app.user(Role::Staff, None).await;
    let admin = app.admin().await;
    let a = app.create_automation(&owner, "Invoice sync").await;
    assert_eq!((a.status, a.owner.id, a.org_id), (Requested, owner.user_id, org));
    assert_eq!(a.description, "What Invoice sync should do");

    // Customers do not move the build states; staff move one step at a time, or back.
    let set = |status| ChangeAutomationStatusRequest { status };
    let res = app.post_as(&owner.access, &automation_path(a.id, "/status"), &set(Scoping)).await;
    expect_problem(res, 409, "invalid_transition").await;
    let res = app.post_as(&staff.access, &admin_automation_path(a.id, "/status"), &set(Building)).await;
    expect_problem(res, 409, "invalid_transition").await;
    for s in [Scoping, Building, Testing, Building, Testing, Live] {
        let moved = app.staff_set_status(&staff, a.id, s).await;
        assert_eq!(moved.automation.status, s);
    }
    let res = app.post_as(&staff.access, &admin_automation_path(a.id, "/status"), &set(Live)).await;
    expect_problem(res, 409, "invalid_transition").await;

    // The customer archives it and takes it back out to where it was, and only there.
    let archived: Automation =
        expect(app.post_as(&owner.access, &automation_path(a.id, "/status"), &set(Archived)).await, 200).await;
    assert_eq!((archived.status, archived.status_before_archive), (Archived, Some(Live)));
    let res = app.post_as(&owner.access, &automation_path(a.id, "/status"), &set(Requested)).await;
    expect_problem(res, 409, "invalid_transition").await;
    let back: Automation =
        expect(app.post_as(&owner.access, &automation_path(a.id, "/status"), &set(Live)).await, 200).await;
    assert_eq!((back.status, back.status_before_archive), (Live, None));
    // Staff pause and resume from any state.
    app.staff_set_status(&staff, a.id, Paused).await;
    app.staff_set_status(&staff, a.id, Testing).await;

    let timeline: Page<StatusChange> =
        expect(app.get_as(&owner.access, &automation_path(a.id, "/timeline")).await, 200).await;
    let moves: Vec<_> = timeline.items.iter().map(|c| (c.from, c.to)).collect();
    assert_eq!(
        moves,
        [
            (None, Requested),
            (Some(Requested), Scoping),
            (Some(Scoping), Building),
            (Some(Building), Testing),
            (Some(Testing), Building),
            (Some(Building), Testing),
            (Some(Testing), Live),
            (Some(Live), Archived),
            (Some(Archived), Live),
            (Some(Live), Paused),
            (Some(Paused), Testing),
        ]
    );
    assert_eq!(timeline.items[0].by.as_ref().map(|p| p.id), Some(owner.user_id));
    assert_eq!(timeline.items[1].by.as_ref().map(|p| (p.id, p.role)), Some((staff.user_id, Role::Staff)));
    let paged = app.all_pages::<StatusChange>(&owner.access, &automation_path(a.id, "/timeline?limit=4")).await;
    assert_eq!(paged.len(), 3);
    assert_eq!(paged.into_iter().flat_map(|p| p.items).collect::<Vec<_>>(), timeline.items);

    // Audited and emitted, with the automation as its dashboard shows it.
    let actions = app.audit_actions(&admin, "limit=100").await;
    for action in ["automation.status_change", "automation.archive", "automation.unarchive"] {
        assert!(actions.iter().any(|x| x == action), "{action} in {actions:?}");
    }
    let events = app.domain_events().await;
    let created: Vec<_> = events.iter().filter(|e| e.event_type == "automation.created").collect();
    assert_eq!(created.len(), 1);
    let data: Automation = serde_json::from_str(&created[0].data).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(data.id, a.id);
    assert_eq!(events.iter().filter(|e| e.event_type == "automation.status_changed").count(), 10);
}

db_test!(requests_move_through_their_states_on_a_timeline);

async fn members_edit_but_archive_only_their_own(app: TestApp) {
    let (owner, org) = app.register_confirmed("Roles Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let mine = app.create_automation(&member, "Member's own").await;
    let theirs = app.create_automation(&owner, "Owner's").await;
    let archive = ChangeAutomationStatusRequest { status: AutomationStatus::Archived };

    // Anyone of the customer may edit; a MEMBER archives and hands over only what they own.
    let rename = UpdateAutomationRequest { name: Some("  Renamed  ".into()), ..Default::default() };
    let renamed: Automation =
        expect(app.patch_as(&member.access, &automation_path(theirs.id, ""), &rename).await, 200).await;
    assert_eq!(renamed.name, "Renamed");
    let res = app.post_as(&member.access, &automation_path(theirs.id, "/status"), &archive).await;
    expect_problem(res, 403, "forbidden").await;
    let hand_over = UpdateAutomationRequest { owner_id: Some(member.user_id), ..Default::default() };
    let res = app.patch_as(&member.access, &automation_path(theirs.id, ""), &hand_over).await;
    expect_problem(res, 403, "forbidden").await;
    expect::<Automation>(app.post_as(&member.access, &automation_path(mine.id, "/status"), &archive).await, 200).await;
    // The OWNER may do both for any automation.
    let handed: Automation =
        expect(app.patch_as(&owner.access, &automation_path(theirs.id, ""), &hand_over).await, 200).await;
    assert_eq!(handed.owner.id, member.user_id);

    // A new owner must be a customer member; dates can be set and cleared.
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let to_vendor = UpdateAutomationRequest { owner_id: Some(vendor.user_id), ..Default::default() };
    let res = app.patch_as(&owner.access, &automation_path(theirs.id, ""), &to_vendor).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["owner_id"]);
    let date = chrono::NaiveDate::from_ymd_opt(2027, 3, 31);
    let dated = UpdateAutomationRequest { target_go_live_date: Some(date), ..Default::default() };
    let got: Automation = expect(app.patch_as(&owner.access, &automation_path(theirs.id, ""), &dated).await, 200).await;
    assert_eq!(got.target_go_live_date, date);
    let cleared = serde_json::json!({"target_go_live_date": null});
    let got: Automation =
        expect(app.patch_as(&owner.access, &automation_path(theirs.id, ""), &cleared).await, 200).await;
    assert_eq!(got.target_go_live_date, None);
    let res = app.post_as(&owner.access, "/api/dashboard/automations", &serde_json::json!({"name": "  "})).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["name"]);
}

db_test!(members_edit_but_archive_only_their_own);

async fn staff_leads_are_staff(app: TestApp) {
    let (owner, _) = app.register_confirmed("Lead Co").await;
    let staff = app.user(Role::Staff, None).await;
    let a = app.create_automation(&owner, "Needs a lead").await;
    let lead = |user_id| SetStaffLeadRequest { user_id };
    let path = admin_automation_path(a.id, "/lead");
    let put = |body: SetStaffLeadRequest| {
        let (app, path, token) = (&app, path.clone(), staff.access.clone());
        async move { app.call(reqwest::Method::PUT, &path).bearer(&token).json(&body).send().await }
    };
    let res = put(lead(Some(owner.user_id))).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem.errors.first().map(|e| e.code.as_str()), Some("not_staff"));
    let set: AdminAutomation = expect(put(lead(Some(staff.user_id))).await, 200).await;
    assert_eq!(set.automation.staff_lead.as_ref().map(|l| l.id), Some(staff.user_id));
    let seen: Automation = expect(app.get_as(&owner.access, &automation_path(a.id, "")).await, 200).await;
    assert_eq!(seen.staff_lead.map(|l| l.name), Some("Test User".to_owned()));
    let led: Page<AdminAutomation> =
        expect(app.get_as(&staff.access, &format!("/api/admin/automations?lead_id={}", staff.user_id)).await, 200)
            .await;
    assert_eq!(led.items.iter().map(|x| x.automation.id).collect::<Vec<_>>(), [a.id]);
    let unassigned: Page<AdminAutomation> =
        expect(app.get_as(&staff.access, "/api/admin/automations?unassigned=true").await, 200).await;
    assert!(unassigned.items.iter().all(|x| x.automation.id != a.id));
    let removed: AdminAutomation = expect(put(lead(None)).await, 200).await;
    assert!(removed.automation.staff_lead.is_none());
    let admin = app.admin().await;
    let actions = app.audit_actions(&admin, "limit=100").await;
    assert_eq!(actions.iter().filter(|a| *a == "automation.lead_change").count(), 2);
}

db_test!(staff_leads_are_staff);

async fn creating_is_idempotent(app: TestApp) {
    let (owner, _) = app.register_confirmed("Retry Co").await;
    let body = automation_request("Once only");
    let send = || {
        app.call(reqwest::Method::POST, "/api/dashboard/automations")
            .bearer(&owner.access)
            .idempotency_key("auto-1")
            .json(&body)
            .send()
    };
    let first: Automation = expect(send().await, 201).await;
    let again = send().await;
    assert_eq!(header(&again, "idempotent-replayed").as_deref(), Some("true"));
    let second: Automation = expect(again, 201).await;
    assert_eq!(first.id, second.id);
    let other = automation_request("Something else");
    let res = app
        .call(reqwest::Method::POST, "/api/dashboard/automations")
        .bearer(&owner.access)
        .idempotency_key("auto-1")
        .json(&other)
        .send()
        .await;
    expect_problem(res, 422, "idempotency_key_reused").await;
    let list: Page<Automation> = expect(app.get_as(&owner.access, "/api/dashboard/automations").await, 200).await;
    assert_eq!(list.items.len(), 1);
}

db_test!(creating_is_idempotent);
