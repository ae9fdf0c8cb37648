//! Members: role changes, removal, leaving and ownership transfer; the last OWNER is never lost;
//! a removed member's access ends at once; the organization's time zone.

use reqwest::Method;
use shared::dto::organizations::{Organization, UpdateOrganizationRequest};
use shared::dto::team::{Member, TransferOwnershipRequest, UpdateMemberRequest};
use shared::{OrgRole, Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::http::{expect, expect_problem, expect_status};
use tests::{TestApp, db_test};

fn member_path(user_id: uuid::Uuid) -> String {
    format!("/api/dashboard/members/{user_id}")
}

fn role(org_role: OrgRole) -> UpdateMemberRequest {
    UpdateMemberRequest { org_role }
}

async fn the_last_owner_is_never_lost(app: TestApp) {
    let (owner, org) = app.register_confirmed("Owners").await;
    let me = member_path(owner.user_id);
    expect_problem(app.patch_as(&owner.access, &me, &role(OrgRole::Member)).await, 409, "last_owner").await;
    expect_problem(app.delete_as(&owner.access, &me).await, 409, "last_owner").await;
    let leave = "/api/dashboard/members/leave";
    expect_problem(app.post_as(&owner.access, leave, &()).await, 409, "last_owner").await;

    // With a second OWNER, the first may step down, and then the second is the last one.
    let second = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let promoted: Member =
        expect(app.patch_as(&owner.access, &member_path(second.user_id), &role(OrgRole::Owner)).await, 200).await;
    assert_eq!(promoted.org_role, OrgRole::Owner);
    let same: Member =
        expect(app.patch_as(&owner.access, &member_path(second.user_id), &role(OrgRole::Owner)).await, 200).await;
    assert_eq!(same, promoted, "the role they have changes nothing");
    let demoted: Member = expect(app.patch_as(&owner.access, &me, &role(OrgRole::Member)).await, 200).await;
    assert_eq!(demoted.org_role, OrgRole::Member);
    let second_path = member_path(second.user_id);
    expect_problem(app.patch_as(&second.access, &second_path, &role(OrgRole::Member)).await, 409, "last_owner").await;
    expect_problem(app.delete_as(&second.access, &second_path).await, 409, "last_owner").await;
    // The demoted owner is an ordinary member now.
    expect_problem(app.delete_as(&owner.access, &second_path).await, 403, "forbidden").await;
    let events: Vec<String> = app.domain_events().await.into_iter().map(|e| e.event_type).collect();
    assert_eq!(events, vec!["member.role_changed", "member.role_changed"]);
}

async fn removal_ends_access_at_once(app: TestApp) {
    let (owner, org) = app.register_confirmed("Removal").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Owner))).await;
    let key = app.create_api_key(&member, &key_request("Theirs", &[Permission::OrgRead])).await.key;
    let read = |token: &str| app.call(Method::GET, "/api/dashboard/organization").bearer(token).org(org).send();
    expect_status(read(&member.access).await, 200).await;
    expect_status(read(&key).await, 200).await;
    expect_status(app.delete_as(&owner.access, &member_path(member.user_id)).await, 204).await;
    // The same access token and the key they made, at once: no cached membership keeps them in.
    expect_problem(read(&member.access).await, 404, "not_found").await;
    expect_problem(app.get_as(&member.access, "/api/dashboard/members").await, 404, "not_found").await;
    expect_problem(read(&key).await, 401, "invalid_token").await;
    expect_problem(app.delete_as(&owner.access, &member_path(member.user_id)).await, 404, "not_found").await;
    let members = app.members(&owner, org).await;
    assert_eq!(members.iter().map(|m| m.user_id).collect::<Vec<_>>(), vec![owner.user_id]);
    let events = app.domain_events().await;
    assert_eq!(events.last().map(|e| e.event_type.as_str()), Some("member.removed"));
}

async fn members_leave_and_members_cannot_manage(app: TestApp) {
    let (owner, org) = app.register_confirmed("Leaving").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let owner_path = member_path(owner.user_id);
    expect_problem(app.patch_as(&member.access, &owner_path, &role(OrgRole::Member)).await, 403, "forbidden").await;
    expect_problem(app.delete_as(&member.access, &owner_path).await, 403, "forbidden").await;
    let transfer = TransferOwnershipRequest { user_id: member.user_id };
    let path = "/api/dashboard/members/transfer-ownership";
    expect_problem(app.post_as(&member.access, path, &transfer).await, 403, "forbidden").await;
    expect_problem(app.get_as(&member.access, "/api/dashboard/audit-logs").await, 403, "forbidden").await;

    expect_status(app.post_as(&vendor.access, "/api/dashboard/members/leave", &()).await, 204).await;
    expect_problem(app.get_as(&vendor.access, "/api/dashboard/organization").await, 404, "not_found").await;
    expect_status(app.post_as(&member.access, "/api/dashboard/members/leave", &()).await, 204).await;
    expect_problem(app.get_as(&member.access, "/api/dashboard/organization").await, 404, "not_found").await;
    assert_eq!(app.members(&owner, org).await.len(), 1);
}

async fn ownership_is_transferred(app: TestApp) {
    let (owner, org) = app.register_confirmed("Transfer").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let path = "/api/dashboard/members/transfer-ownership";
    let to = |user_id| TransferOwnershipRequest { user_id };
    expect_problem(app.post_as(&owner.access, path, &to(vendor.user_id)).await, 409, "owner_cannot_be_vendor").await;
    let vendor_path = member_path(vendor.user_id);
    let res = app.patch_as(&owner.access, &vendor_path, &role(OrgRole::Owner)).await;
    expect_problem(res, 409, "owner_cannot_be_vendor").await;
    expect_problem(app.post_as(&owner.access, path, &to(owner.user_id)).await, 409, "conflict").await;
    expect_problem(app.post_as(&owner.access, path, &to(uuid::Uuid::now_v7())).await, 404, "not_found").await;

    expect_status(app.post_as(&owner.access, path, &to(member.user_id)).await, 204).await;
    let members = app.members(&member, org).await;
    let role_of = |id| members.iter().find(|m| m.user_id == id).map(|m| m.org_role);
    assert_eq!(role_of(member.user_id), Some(OrgRole::Owner));
    assert_eq!(role_of(owner.user_id), Some(OrgRole::Member));
    // The roles are read on every request: the old owner's token no longer manages anything.
    expect_problem(app.get_as(&owner.access, "/api/dashboard/invitations").await, 403, "forbidden").await;
    expect_status(app.get_as(&member.access, "/api/dashboard/invitations").await, 200).await;
    expect_status(app.post_as(&owner.access, "/api/dashboard/members/leave", &()).await, 204).await;
    let actions: Vec<String> = app.audit_actions(&app.admin().await, &format!("organization_id={org}&limit=100")).await;
    assert!(actions.contains(&"member.ownership_transfer".to_owned()), "{actions:?}");
    assert!(actions.contains(&"member.leave".to_owned()), "{actions:?}");
}

async fn the_organization_has_a_time_zone(app: TestApp) {
    let (owner, _org) = app.register_confirmed("Zoned").await;
    let org: Organization = expect(app.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(org.time_zone, "UTC");
    let paris = UpdateOrganizationRequest { time_zone: Some("Europe/Paris".into()), ..Default::default() };
    let org: Organization = expect(app.patch_as(&owner.access, "/api/dashboard/organization", &paris).await, 200).await;
    assert_eq!(org.time_zone, "Europe/Paris");
    let org: Organization = expect(app.get_as(&owner.access, "/api/dashboard/organization").await, 200).await;
    assert_eq!(org.time_zone, "Europe/Paris");
    for bad in ["Mars/Olympus", "", "europe/paris"] {
        let body = UpdateOrganizationRequest { time_zone: Some(bad.into()), ..Default::default() };
        let res = app.patch_as(&owner.access, "/api/dashboard/organization", &body).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem.errors.len(), 1, "{bad:?}: {problem:?}");
        assert_eq!(
            (problem.errors[0].field.as_str(), problem.errors[0].code.as_str()),
            ("time_zone", "unknown_time_zone")
        );
    }
}

db_test!(
    the_last_owner_is_never_lost,
    removal_ends_access_at_once,
    members_leave_and_members_cannot_manage,
    ownership_is_transferred,
    the_organization_has_a_time_zone,
);
