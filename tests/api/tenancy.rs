//! Tenant isolation: another organization's data answers 404; OWNER-only changes; suspension
//! takes effect on the next request.

use reqwest::Method;
use serde_json::json;
use shared::{OrgRole, Role};
use tests::http::{expect_json, expect_problem};
use tests::{TestApp, db_test};

async fn another_organization_answers_404(app: TestApp) {
    let (alice, org_a) = app.register("Alpha Ltd").await;
    let (bob, org_b) = app.register("Bravo Ltd").await;
    // Reads.
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&alice.access).org(org_b).send().await;
    expect_problem(res, 404, "not_found").await;
    let res = app.call(Method::GET, "/api/dashboard/members").bearer(&alice.access).org(org_b).send().await;
    expect_problem(res, 404, "not_found").await;
    // Writes change nothing.
    let res = app
        .call(Method::PATCH, "/api/dashboard/organization")
        .bearer(&alice.access)
        .org(org_b)
        .json(&json!({"name": "Hijacked"}))
        .send()
        .await;
    expect_problem(res, 404, "not_found").await;
    let b = expect_json(app.get_as(&bob.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(b["name"], "Bravo Ltd");
    // An organization that does not exist looks the same.
    let res = app
        .call(Method::GET, "/api/dashboard/organization")
        .bearer(&alice.access)
        .org(uuid::Uuid::now_v7())
        .send()
        .await;
    expect_problem(res, 404, "not_found").await;
    // Their own, explicitly.
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&alice.access).org(org_a).send().await;
    assert_eq!(expect_json(res, 200).await["id"], org_a.to_string());
}

async fn org_header_selects_among_memberships(app: TestApp) {
    let (owner, org_a) = app.register("First Org").await;
    let org_b = app.create_org("Second Org").await;
    app.add_member(org_b, owner.user_id, OrgRole::Member).await;
    let default = expect_json(app.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(default["id"], org_a.to_string(), "the first membership is the default");
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&owner.access).org(org_b).send().await;
    assert_eq!(expect_json(res, 200).await["name"], "Second Org");
    // OWNER of the first, MEMBER of the second.
    let res = app
        .call(Method::PATCH, "/api/dashboard/organization")
        .bearer(&owner.access)
        .org(org_b)
        .json(&json!({"name": "Renamed"}))
        .send()
        .await;
    expect_problem(res, 403, "forbidden").await;
}

async fn only_owners_change_the_organization(app: TestApp) {
    let (owner, org) = app.register("Owned Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    for who in [&member, &vendor] {
        let res = app
            .call(Method::PATCH, "/api/dashboard/organization")
            .bearer(&who.access)
            .json(&json!({"name": "Nope"}))
            .send()
            .await;
        expect_problem(res, 403, "forbidden").await;
    }
    let res = app
        .call(Method::PATCH, "/api/dashboard/organization")
        .bearer(&owner.access)
        .json(&json!({"name": "  Owned & Renamed  "}))
        .send()
        .await;
    let org_json = expect_json(res, 200).await;
    assert_eq!(org_json["name"], "Owned & Renamed");
    assert_eq!(org_json["member_count"], 3);
    let res = app
        .call(Method::PATCH, "/api/dashboard/organization")
        .bearer(&owner.access)
        .json(&json!({"name": ""}))
        .send()
        .await;
    expect_problem(res, 422, "validation_failed").await;
    let seen = expect_json(app.get_as(&member.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(seen["name"], "Owned & Renamed");

    let admin = app.admin().await;
    let log = expect_json(
        app.get_as(&admin.access, &format!("/api/admin/audit-logs?action=org.update&organization_id={org}")).await,
        200,
    )
    .await;
    assert_eq!(log["items"].as_array().map(Vec::len), Some(1));
    assert_eq!(log["items"][0]["details"]["name"]["to"], "Owned & Renamed");
    assert_eq!(log["items"][0]["actor_id"], owner.user_id.to_string());
}

async fn members_are_listed_in_pages(app: TestApp) {
    let (owner, org) = app.register("Big Team").await;
    for _ in 0..4 {
        let email = tests::fixtures::unique_email("m");
        let id = app.create_user(Role::Client, &email).await;
        app.add_member(org, id, OrgRole::Member).await;
    }
    let (_, other_org) = app.register("Elsewhere").await;
    let _ = other_org;
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let q = cursor.as_ref().map(|c| format!("&cursor={c}")).unwrap_or_default();
        let page =
            expect_json(app.get_as(&owner.access, &format!("/api/dashboard/members?limit=2{q}")).await, 200).await;
        for m in page["items"].as_array().cloned().unwrap_or_default() {
            seen.push(m["user_id"].as_str().unwrap_or_default().to_owned());
        }
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[0], owner.user_id.to_string(), "oldest member first");
    seen.dedup();
    assert_eq!(seen.len(), 5);
}

async fn suspension_blocks_members_at_once_and_reactivation_restores(app: TestApp) {
    let (owner, org) = app.register("Suspended Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let admin = app.admin().await;
    let res = app
        .post_as(&admin.access, &format!("/api/admin/organizations/{org}/suspend"), &json!({"reason": "Unpaid"}))
        .await;
    expect_json(res, 200).await;
    for who in [&owner, &member] {
        expect_problem(app.get_as(&who.access, "/api/dashboard/organization").await, 403, "org_suspended").await;
        expect_problem(app.get_as(&who.access, "/api/dashboard/members").await, 403, "org_suspended").await;
        // They can still see who they are and sign out.
        let me = expect_json(app.get_as(&who.access, "/api/auth/me").await, 200).await;
        assert_eq!(me["memberships"][0]["organization"]["status"], "suspended");
    }
    let res = app.post_as(&admin.access, &format!("/api/admin/organizations/{org}/reactivate"), &json!({})).await;
    expect_json(res, 200).await;
    expect_json(app.get_as(&member.access, "/api/dashboard/organization").await, 200).await;
}

async fn suspension_reaches_every_instance(app: TestApp) {
    // A second server on the same database stands in for another instance.
    if app.engine != tests::Engine::Postgres {
        return;
    }
    let url = app.state.config.database_url.clone();
    let second = TestApp::spawn_with(tests::Engine::Sqlite, |c| c.database_url = url).await;
    let Some(second) = second else { return };
    let (owner, org) = app.register("Two Instances").await;
    expect_json(second.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    let admin = app.admin().await;
    expect_json(app.post_as(&admin.access, &format!("/api/admin/organizations/{org}/suspend"), &json!({})).await, 200)
        .await;
    expect_problem(second.get_as(&owner.access, "/api/dashboard/organization").await, 403, "org_suspended").await;
    let res = second.call(Method::POST, "/api/auth/logout").bearer(&owner.access).send().await;
    assert_eq!(res.status(), 204);
    expect_problem(app.get_as(&owner.access, "/api/auth/me").await, 401, "session_revoked").await;
}

db_test!(
    another_organization_answers_404,
    org_header_selects_among_memberships,
    only_owners_change_the_organization,
    members_are_listed_in_pages,
    suspension_blocks_members_at_once_and_reactivation_restores,
    suspension_reaches_every_instance,
);
