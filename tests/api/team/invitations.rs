//! Invitations: an existing and a new person accept, a vendor is invited, links are resent,
//! revoked and expire, and nobody outside the organization reaches them.

use chrono::Duration;
use reqwest::Method;
use shared::dto::auth::Me;
use shared::dto::common::Page;
use shared::dto::team::{AcceptInvitationRequest, Invitation, InvitationPreview, InvitationStatus, InviteeRole};
use shared::{OrgRole, Role};
use tests::fixtures::team::invitation_request;
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem, expect_status, header, problem_fields};
use tests::{PASSWORD, TestApp, db_test};

fn preview_path(token: &str) -> String {
    format!("/api/auth/invitations/preview?token={token}")
}

async fn an_existing_user_accepts_signed_in(app: TestApp) {
    let (owner, org) = app.register_confirmed("Team Org").await;
    let invitee = app.user(Role::Client, None).await;
    let stranger = app.user(Role::Client, None).await;
    let inv = app.invite(&owner, org, &invitee.email, OrgRole::Member, InviteeRole::Client).await;
    assert_eq!(inv.status, InvitationStatus::Pending);
    assert_eq!(inv.invited_by, Some(owner.user_id));
    assert_eq!(inv.invited_by_name.as_deref(), Some("Olive Owner"));
    let expected_expiry = app.now() + Duration::days(7);
    assert!((inv.expires_at - expected_expiry).num_seconds().abs() < 5, "7 days: {inv:?}");
    let listed: Page<Invitation> =
        expect(app.call(Method::GET, "/api/dashboard/invitations").bearer(&owner.access).send().await, 200).await;
    assert_eq!(listed.items, vec![inv.clone()]);

    let token = app.invitation_token(&invitee.email).await;
    let mail = app.sent_mail();
    let sent = mail.iter().rev().find(|m| m.contains(&format!("To: {}", invitee.email)));
    let sent = sent.unwrap_or_else(|| panic!("no invitation email: {mail:#?}"));
    assert!(sent.contains("Olive Owner has invited you to join Team Org on OMGsystems as MEMBER"), "{sent}");
    assert!(sent.contains("/invitations/accept?token="), "{sent}");
    assert!(!sent.contains("#notifications"), "a bare address has no preferences link: {sent}");
    let preview: InvitationPreview = expect(app.call(Method::GET, &preview_path(&token)).send().await, 200).await;
    assert_eq!(preview.organization_name, "Team Org");
    assert_eq!(preview.email, invitee.email);
    assert_eq!(preview.org_role, OrgRole::Member);
    assert_eq!(preview.invited_by_name.as_deref(), Some("Olive Owner"));
    assert!(preview.account_exists);

    let accept = AcceptInvitationRequest { token: token.clone(), ..Default::default() };
    let res = app.post_json("/api/auth/invitations/accept", &accept).await;
    expect_problem(res, 403, "invitation_sign_in_required").await;
    let res = app.post_as(&stranger.access, "/api/auth/invitations/accept", &accept).await;
    expect_problem(res, 403, "invitation_email_mismatch").await;

    let membership = app.accept_signed_in(&invitee, &token).await;
    assert_eq!(membership.organization.id, org);
    assert_eq!(membership.org_role, OrgRole::Member);
    let members = app.members(&invitee, org).await;
    assert_eq!(members.len(), 2, "{members:?}");
    let res = app.post_as(&invitee.access, "/api/auth/invitations/accept", &accept).await;
    expect_problem(res, 409, "invitation_used").await;
    expect_problem(app.call(Method::GET, &preview_path(&token)).send().await, 409, "invitation_used").await;

    let listed: Page<Invitation> =
        expect(app.call(Method::GET, "/api/dashboard/invitations").bearer(&owner.access).send().await, 200).await;
    assert!(listed.items.is_empty(), "accepted invitations are not pending: {listed:?}");
    let events: Vec<String> = app.domain_events().await.into_iter().map(|e| e.event_type).collect();
    assert_eq!(events, vec!["member.added", "invitation.accepted"]);
}

async fn a_new_person_gets_an_account(app: TestApp) {
    let (owner, org) = app.register_confirmed("New People").await;
    let email = unique_email("newbie");
    app.invite(&owner, org, &email, OrgRole::Owner, InviteeRole::Client).await;
    let token = app.invitation_token(&email).await;
    let preview: InvitationPreview = expect(app.call(Method::GET, &preview_path(&token)).send().await, 200).await;
    assert!(!preview.account_exists);
    assert_eq!(preview.org_role, OrgRole::Owner);

    let bare = AcceptInvitationRequest { token: token.clone(), ..Default::default() };
    let problem =
        expect_problem(app.post_json("/api/auth/invitations/accept", &bare).await, 422, "validation_failed").await;
    assert_eq!(problem_fields(&problem), vec!["name", "password"]);
    let weak = AcceptInvitationRequest { name: Some("Ivy".into()), password: Some("password".into()), ..bare.clone() };
    let problem =
        expect_problem(app.post_json("/api/auth/invitations/accept", &weak).await, 422, "validation_failed").await;
    assert_eq!(problem_fields(&problem), vec!["password"]);

    let login = app.accept_as_new(&token).await;
    let me: Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert_eq!(me.user.email, email);
    assert_eq!(me.user.role, Role::Client);
    assert!(me.user.email_verified, "the emailed link confirmed the address: {me:?}");
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.memberships[0].organization.id, org);
    assert_eq!(me.memberships[0].org_role, OrgRole::Owner);
    // The new account signs in with its password like any other.
    app.login(&email).await;
    let again = AcceptInvitationRequest { name: Some("Ivy".into()), password: Some(PASSWORD.into()), ..bare };
    expect_problem(app.post_json("/api/auth/invitations/accept", &again).await, 409, "invitation_used").await;
}

async fn vendors_are_invited_but_never_as_owners(app: TestApp) {
    let (owner, org) = app.register_confirmed("Vendor Org").await;
    let email = unique_email("vendor");
    let path = "/api/dashboard/invitations";
    let as_owner = invitation_request(&email, OrgRole::Owner, InviteeRole::Vendor);
    expect_problem(app.post_as(&owner.access, path, &as_owner).await, 409, "owner_cannot_be_vendor").await;
    let inv = app.invite(&owner, org, &email, OrgRole::Member, InviteeRole::Vendor).await;
    assert_eq!(inv.role, InviteeRole::Vendor);
    let vendor = app.accept_as_new(&app.invitation_token(&email).await).await;
    let me: Me = expect(app.get_as(&vendor.access, "/api/auth/me").await, 200).await;
    assert_eq!(me.user.role, Role::Vendor);
    assert_eq!(me.memberships[0].org_role, OrgRole::Member);

    // An existing VENDOR keeps their role: never OWNER, and invited as a VENDOR whatever is asked.
    let existing = app.user(Role::Vendor, None).await;
    let as_owner = invitation_request(&existing.email, OrgRole::Owner, InviteeRole::Client);
    expect_problem(app.post_as(&owner.access, path, &as_owner).await, 409, "owner_cannot_be_vendor").await;
    let inv = app.invite(&owner, org, &existing.email, OrgRole::Member, InviteeRole::Client).await;
    assert_eq!(inv.role, InviteeRole::Vendor);
    // An existing CLIENT invited "as a vendor" stays a CLIENT.
    let client = app.user(Role::Client, None).await;
    let inv = app.invite(&owner, org, &client.email, OrgRole::Member, InviteeRole::Vendor).await;
    assert_eq!(inv.role, InviteeRole::Client);
    app.accept_signed_in(&client, &app.invitation_token(&client.email).await).await;
    let me: Me = expect(app.get_as(&client.access, "/api/auth/me").await, 200).await;
    assert_eq!(me.user.role, Role::Client);
}

async fn resend_revoke_and_expiry(app: TestApp) {
    let (owner, org) = app.register_confirmed("Resend Org").await;
    let email = unique_email("later");
    let inv = app.invite(&owner, org, &email, OrgRole::Member, InviteeRole::Client).await;
    let first = app.invitation_token(&email).await;

    app.travel_to(app.now() + Duration::days(1));
    let owner = app.login(&owner.email).await;
    let resend = format!("/api/dashboard/invitations/{}/resend", inv.id);
    let sent: Invitation = expect(app.post_as(&owner.access, &resend, &()).await, 200).await;
    assert!(sent.expires_at > inv.expires_at, "a resend gives 7 more days: {sent:?}");
    let second = app.invitation_token(&email).await;
    assert_ne!(first, second, "a resend mints a new link");
    expect_problem(app.call(Method::GET, &preview_path(&first)).send().await, 404, "invitation_invalid").await;
    expect_status(app.call(Method::GET, &preview_path(&second)).send().await, 200).await;

    // Eight days later the link has expired; the list says so and the OWNER can send it again.
    app.travel_to(app.now() + Duration::days(8));
    let owner = app.login(&owner.email).await;
    expect_problem(app.call(Method::GET, &preview_path(&second)).send().await, 410, "invitation_expired").await;
    let accept =
        AcceptInvitationRequest { token: second.clone(), name: Some("Late".into()), password: Some(PASSWORD.into()) };
    expect_problem(app.post_json("/api/auth/invitations/accept", &accept).await, 410, "invitation_expired").await;
    let listed: Page<Invitation> =
        expect(app.call(Method::GET, "/api/dashboard/invitations").bearer(&owner.access).send().await, 200).await;
    assert_eq!(listed.items.len(), 1);
    assert_eq!(listed.items[0].status, InvitationStatus::Expired);
    // Inviting the address again renews the expired invitation rather than adding another.
    let renewed = app.invite(&owner, org, &email, OrgRole::Owner, InviteeRole::Client).await;
    assert_eq!(renewed.id, inv.id);
    assert_eq!(renewed.status, InvitationStatus::Pending);
    assert_eq!(renewed.org_role, OrgRole::Owner);
    let again = invitation_request(&email, OrgRole::Member, InviteeRole::Client);
    let res = app.post_as(&owner.access, "/api/dashboard/invitations", &again).await;
    expect_problem(res, 409, "invitation_pending").await;
    let third = app.invitation_token(&email).await;

    let revoke = format!("/api/dashboard/invitations/{}", inv.id);
    expect_status(app.delete_as(&owner.access, &revoke).await, 204).await;
    expect_problem(app.call(Method::GET, &preview_path(&third)).send().await, 410, "invitation_revoked").await;
    expect_problem(app.delete_as(&owner.access, &revoke).await, 404, "not_found").await;
    expect_problem(app.post_as(&owner.access, &resend, &()).await, 404, "not_found").await;
    // A revoked invitation's queued email is not sent.
    let inv = app.invite(&owner, org, &unique_email("never"), OrgRole::Member, InviteeRole::Client).await;
    expect_status(app.delete_as(&owner.access, &format!("/api/dashboard/invitations/{}", inv.id)).await, 204).await;
    let before = app.sent_mail().len();
    app.run_jobs().await;
    assert_eq!(app.sent_mail().len(), before, "nothing to send for a revoked invitation");
}

async fn invitation_rules(app: TestApp) {
    let (owner, org) = app.register_confirmed("Rules Org").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let path = "/api/dashboard/invitations";
    let to_member = invitation_request(&member.email, OrgRole::Member, InviteeRole::Client);
    expect_problem(app.post_as(&owner.access, path, &to_member).await, 409, "already_member").await;
    let to_owner = invitation_request(&owner.email.to_uppercase(), OrgRole::Member, InviteeRole::Client);
    expect_problem(app.post_as(&owner.access, path, &to_owner).await, 409, "already_member").await;
    let bad = invitation_request("not-an-email", OrgRole::Member, InviteeRole::Client);
    let problem = expect_problem(app.post_as(&owner.access, path, &bad).await, 422, "validation_failed").await;
    assert_eq!(problem_fields(&problem), vec!["email"]);
    let fresh = invitation_request(&unique_email("x"), OrgRole::Member, InviteeRole::Client);
    expect_problem(app.post_as(&member.access, path, &fresh).await, 403, "forbidden").await;
    expect_problem(app.get_as(&member.access, path).await, 403, "forbidden").await;

    // An OWNER whose address is not confirmed cannot invite.
    let (unconfirmed, _) = app.register("Unconfirmed").await;
    expect_problem(app.post_as(&unconfirmed.access, path, &fresh).await, 403, "email_unverified").await;

    // Idempotency-Key: the same request answers the first answer again (one invitation, one email).
    let send = || app.call(Method::POST, path).bearer(&owner.access).idempotency_key("invite-1").json(&fresh).send();
    let first: Invitation = expect(send().await, 201).await;
    let res = send().await;
    assert_eq!(header(&res, "idempotent-replayed").as_deref(), Some("true"));
    let replayed: Invitation = expect(res, 201).await;
    assert_eq!(first, replayed);
    let other = invitation_request(&unique_email("y"), OrgRole::Member, InviteeRole::Client);
    let res = app.call(Method::POST, path).bearer(&owner.access).idempotency_key("invite-1").json(&other).send().await;
    expect_problem(res, 422, "idempotency_key_reused").await;
}

async fn another_organization_sees_nothing(app: TestApp) {
    let (owner_a, org_a) = app.register_confirmed("Org A").await;
    let (owner_b, _org_b) = app.register_confirmed("Org B").await;
    let inv = app.invite(&owner_a, org_a, &unique_email("a"), OrgRole::Member, InviteeRole::Client).await;
    let member_a = app.user(Role::Client, Some((org_a, OrgRole::Member))).await;
    let resend = format!("/api/dashboard/invitations/{}/resend", inv.id);
    expect_problem(app.post_as(&owner_b.access, &resend, &()).await, 404, "not_found").await;
    let revoke = format!("/api/dashboard/invitations/{}", inv.id);
    expect_problem(app.delete_as(&owner_b.access, &revoke).await, 404, "not_found").await;
    let listed: Page<Invitation> = expect(app.get_as(&owner_b.access, "/api/dashboard/invitations").await, 200).await;
    assert!(listed.items.is_empty());
    let member = format!("/api/dashboard/members/{}", member_a.user_id);
    let change = shared::dto::team::UpdateMemberRequest { org_role: OrgRole::Owner };
    expect_problem(app.patch_as(&owner_b.access, &member, &change).await, 404, "not_found").await;
    expect_problem(app.delete_as(&owner_b.access, &member).await, 404, "not_found").await;
    // Asking for org A by id as B's owner answers 404 too.
    let res = app.call(Method::GET, "/api/dashboard/invitations").bearer(&owner_b.access).org(org_a).send().await;
    expect_problem(res, 404, "not_found").await;
}

async fn guessing_tokens_is_throttled(app: TestApp) {
    // Per client address, as password-reset tokens are: back-off starts after 50 wrong tokens.
    let mut refused_at = None;
    for i in 1..=60 {
        let res = app.call(Method::GET, &preview_path(&format!("guess-{i}"))).send().await;
        if res.status().as_u16() == 429 {
            assert!(header(&res, "retry-after").is_some(), "429 says when to retry");
            refused_at = Some(i);
            break;
        }
        expect_problem(res, 404, "invitation_invalid").await;
    }
    assert_eq!(refused_at, Some(51), "the 51st guess waits");
    let accept = AcceptInvitationRequest { token: "guess".into(), ..Default::default() };
    expect_problem(app.post_json("/api/auth/invitations/accept", &accept).await, 429, "rate_limited").await;
}

db_test!(
    guessing_tokens_is_throttled,
    an_existing_user_accepts_signed_in,
    a_new_person_gets_an_account,
    vendors_are_invited_but_never_as_owners,
    resend_revoke_and_expiry,
    invitation_rules,
    another_organization_sees_nothing,
);
