//! Tenant isolation: another organization's data answers 404; OWNER-only changes; suspension
//! takes effect on the next request.

use reqwest::Method;
use shared::dto::auth::Me;
use shared::dto::common::Page;
use shared::dto::organizations::{OrgStatus, Organization, UpdateOrganizationRequest};
use shared::dto::team::Member;
use shared::{OrgRole, Role};
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem, expect_status, problem_fields};
use tests::{TestApp, db_test};
use uuid::Uuid;

fn rename(name: &str) -> UpdateOrganizationRequest {
    UpdateOrganizationRequest { name: Some(name.to_owned()), ..Default::default() }
}

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
        .json(&rename("Hijacked"))
        .send()
        .await;
    expect_problem(res, 404, "not_found").await;
    let b: Organization = expect(app.get_as(&bob.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(b.name, "Bravo Ltd");
    // An organization that does not exist looks the same.
    let res =
        app.call(Method::GET, "/api/dashboard/organization").bearer(&alice.access).org(Uuid::now_v7()).send().await;
    expect_problem(res, 404, "not_found").await;
    // Their own, explicitly.
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&alice.access).org(org_a).send().await;
    assert_eq!(expect::<Organization>(res, 200).await.id, org_a);
}

async fn org_header_selects_among_memberships(app: TestApp) {
    let (owner, org_a) = app.register("First Org").await;
    let org_b = app.create_org("Second Org").await;
    app.add_member(org_b, owner.user_id, OrgRole::Member).await;
    let default: Organization = expect(app.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(default.id, org_a, "the first membership is the default");
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&owner.access).org(org_b).send().await;
    assert_eq!(expect::<Organization>(res, 200).await.name, "Second Org");
    // OWNER of the first, MEMBER of the second.
    let res = app
        .call(Method::PATCH, "/api/dashboard/organization")
        .bearer(&owner.access)
        .org(org_b)
        .json(&rename("Renamed"))
        .send()
        .await;
    expect_problem(res, 403, "forbidden").await;
}

async fn only_owners_change_the_organization(app: TestApp) {
    let (owner, org) = app.register("Owned Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    for who in [&member, &vendor] {
        let res = app.patch_as(&who.access, "/api/dashboard/organization", &rename("Nope")).await;
        expect_problem(res, 403, "forbidden").await;
    }
    let res = app.patch_as(&owner.access, "/api/dashboard/organization", &rename("  Owned & Renamed  ")).await;
    let changed: Organization = expect(res, 200).await;
    assert_eq!(changed.name, "Owned & Renamed");
    assert_eq!(changed.member_count, 3);
    let res = app.patch_as(&owner.access, "/api/dashboard/organization", &rename("")).await;
    expect_problem(res, 422, "validation_failed").await;
    let seen: Organization = expect(app.get_as(&member.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(seen.name, "Owned & Renamed");

    let admin = app.admin().await;
    let log = app.audit_log(&admin, &format!("action=org.update&organization_id={org}")).await;
    assert_eq!(log.items.len(), 1);
    assert_eq!(log.items[0].details["name"]["to"], "Owned & Renamed");
    assert_eq!(log.items[0].actor_id, Some(owner.user_id));
}

async fn members_are_listed_in_pages(app: TestApp) {
    let (owner, org) = app.register("Big Team").await;
    for _ in 0..4 {
        let id = app.create_user(Role::Client, &unique_email("m")).await;
        app.add_member(org, id, OrgRole::Member).await;
    }
    let (_, other_org) = app.register("Elsewhere").await;
    let _ = other_org;
    let pages = app.all_pages::<Member>(&owner.access, "/api/dashboard/members?limit=2").await;
    assert_eq!(pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(), [2, 2, 1]);
    let mut seen: Vec<Uuid> = pages.into_iter().flat_map(|p| p.items).map(|m| m.user_id).collect();
    assert_eq!(seen.len(), 5);
    assert_eq!(seen[0], owner.user_id, "oldest member first");
    seen.sort();
    seen.dedup();
    assert_eq!(seen.len(), 5);
}

async fn members_count_their_total_when_asked(app: TestApp) {
    let (owner, org) = app.register("Counted Team").await;
    let mut joined = vec![owner.user_id];
    for _ in 0..6 {
        let id = app.create_user(Role::Client, &unique_email("m")).await;
        app.add_member(org, id, OrgRole::Member).await;
        joined.push(id);
    }
    // Members of another organization are not counted.
    let (_, other) = app.register("Not Counted").await;
    let outsider = app.create_user(Role::Client, &unique_email("x")).await;
    app.add_member(other, outsider, OrgRole::Member).await;

    let plain: Page<Member> = expect(app.get_as(&owner.access, "/api/dashboard/members?limit=3").await, 200).await;
    assert_eq!(plain.total, None, "no total unless asked for");
    let pages = app.all_pages::<Member>(&owner.access, "/api/dashboard/members?limit=3&total=true").await;
    assert_eq!(pages.len(), 3);
    assert!(pages.iter().all(|p| p.total == Some(7)), "every page carries the total: {pages:?}");
    let seen: Vec<Uuid> = pages.into_iter().flat_map(|p| p.items).map(|m| m.user_id).collect();
    assert_eq!(seen, joined, "oldest member first, each once");
    let res = app.get_as(&owner.access, "/api/dashboard/members?total=false").await;
    assert_eq!(expect::<Page<Member>>(res, 200).await.total, None);
    for query in ["total=yes", "limit=0", "limit=101", "cursor=garbage"] {
        let res = app.get_as(&owner.access, &format!("/api/dashboard/members?{query}")).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem).len(), 1, "{query}: {problem:?}");
    }
}

async fn suspension_blocks_members_at_once_and_reactivation_restores(app: TestApp) {
    let (owner, org) = app.register("Suspended Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let admin = app.admin().await;
    app.suspend_org(&admin, org, Some("Unpaid")).await;
    for who in [&owner, &member] {
        expect_problem(app.get_as(&who.access, "/api/dashboard/organization").await, 403, "org_suspended").await;
        expect_problem(app.get_as(&who.access, "/api/dashboard/members").await, 403, "org_suspended").await;
        // They can still see who they are and sign out.
        let me: Me = expect(app.get_as(&who.access, "/api/auth/me").await, 200).await;
        assert_eq!(me.memberships[0].organization.status, OrgStatus::Suspended);
    }
    app.reactivate_org(&admin, org).await;
    expect::<Organization>(app.get_as(&member.access, "/api/dashboard/organization").await, 200).await;
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
    expect::<Organization>(second.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    let admin = app.admin().await;
    app.suspend_org(&admin, org, None).await;
    expect_problem(second.get_as(&owner.access, "/api/dashboard/organization").await, 403, "org_suspended").await;
    let res = second.call(Method::POST, "/api/auth/logout").bearer(&owner.access).send().await;
    expect_status(res, 204).await;
    expect_problem(app.get_as(&owner.access, "/api/auth/me").await, 401, "session_revoked").await;
}

db_test!(
    another_organization_answers_404,
    org_header_selects_among_memberships,
    only_owners_change_the_organization,
    members_are_listed_in_pages,
    members_count_their_total_when_asked,
    suspension_blocks_members_at_once_and_reactivation_restores,
    suspension_reaches_every_instance,
);
