//! The organization's own audit trail: what customers may see of their organization, with
//! filters and pages, and never security or operator-internal entries.

use chrono::Duration;
use shared::dto::audit::AuditLogEntry;
use shared::dto::common::Page;
use shared::dto::team::{InviteeRole, UpdateMemberRequest};
use shared::{OrgRole, Permission, Role};
use tests::fixtures::Login;
use tests::fixtures::api_keys::key_request;
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem, expect_status};
use tests::{TestApp, db_test};

async fn entries(app: &TestApp, owner: &Login, query: &str) -> Vec<AuditLogEntry> {
    let page: Page<AuditLogEntry> =
        expect(app.get_as(&owner.access, &format!("/api/dashboard/audit-logs?limit=100&{query}")).await, 200).await;
    page.items
}

fn actions(items: &[AuditLogEntry]) -> Vec<&str> {
    items.iter().map(|e| e.action.as_str()).collect()
}

async fn the_organizations_own_trail(app: TestApp) {
    let (owner, org) = app.register_confirmed("Audited").await;
    let (other_owner, other_org) = app.register_confirmed("Elsewhere").await;
    app.login(&owner.email).await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let inv = app.invite(&owner, org, &unique_email("audit"), OrgRole::Member, InviteeRole::Client).await;
    app.invite(&other_owner, other_org, &unique_email("other"), OrgRole::Member, InviteeRole::Client).await;
    let change = UpdateMemberRequest { org_role: OrgRole::Owner };
    expect::<serde_json::Value>(
        app.patch_as(&owner.access, &format!("/api/dashboard/members/{}", member.user_id), &change).await,
        200,
    )
    .await;
    app.create_api_key(&owner, &key_request("Audited key", &[Permission::OrgRead])).await;
    let t0 = app.now();
    app.travel_to(t0 + Duration::hours(1));
    let (owner, other_owner) = (app.login(&owner.email).await, app.login(&other_owner.email).await);
    let admin = app.admin().await;
    expect_status(app.delete_as(&owner.access, &format!("/api/dashboard/invitations/{}", inv.id)).await, 204).await;
    app.suspend_org(&admin, org, Some("Unpaid")).await;
    app.reactivate_org(&admin, org).await;

    let all = entries(&app, &owner, "").await;
    assert_eq!(
        actions(&all),
        vec![
            "admin.organization.reactivate",
            "admin.organization.suspend",
            "invitation.revoke",
            "api_key.create",
            "member.role_change",
            "invitation.create",
        ],
        "newest first; sign-ups, sign-ins and e-mail confirmation are internal: {all:?}"
    );
    assert!(all.iter().all(|e| e.organization_id == Some(org)));
    let by_staff = &all[0];
    assert_eq!(by_staff.actor_email.as_deref(), Some("OMGsystems staff"));
    assert_eq!((by_staff.actor_id, by_staff.ip.as_deref()), (None, None), "operators stay anonymous: {by_staff:?}");
    assert_eq!(all[2].actor_id, Some(owner.user_id));

    let invitations = entries(&app, &owner, "action=invitation.*").await;
    assert_eq!(actions(&invitations), vec!["invitation.revoke", "invitation.create"]);
    let exact = entries(&app, &owner, "action=member.role_change").await;
    assert_eq!(actions(&exact), vec!["member.role_change"]);
    let internal = entries(&app, &owner, "action=auth.*").await;
    assert!(internal.is_empty(), "{internal:?}");
    let by_owner = entries(&app, &owner, &format!("actor_id={}", owner.user_id)).await;
    assert_eq!(by_owner.len(), 4, "{by_owner:?}");
    let since = (t0 + Duration::minutes(30)).to_rfc3339().replace('+', "%2B");
    let later = entries(&app, &owner, &format!("since={since}")).await;
    assert_eq!(actions(&later)[2..], ["invitation.revoke"]);
    let earlier = entries(&app, &owner, &format!("until={since}")).await;
    assert_eq!(actions(&earlier), vec!["api_key.create", "member.role_change", "invitation.create"]);
    let res =
        app.get_as(&owner.access, &format!("/api/dashboard/audit-logs?since={since}&until=2000-01-01T00:00:00Z")).await;
    expect_problem(res, 422, "validation_failed").await;
    expect_problem(app.get_as(&owner.access, "/api/dashboard/audit-logs?action=a%20b").await, 422, "validation_failed")
        .await;

    // Pages: newest first, nothing twice, nothing missed.
    let pages = app.all_pages::<AuditLogEntry>(&owner.access, "/api/dashboard/audit-logs?limit=4").await;
    let paged: Vec<_> = pages.into_iter().flat_map(|p| p.items).collect();
    assert_eq!(paged, all);
    // The other organization sees only its own.
    let theirs = entries(&app, &other_owner, "").await;
    assert_eq!(actions(&theirs), vec!["invitation.create"]);
}

db_test!(the_organizations_own_trail);
