//! The ADMIN's changes to accounts: platform roles (never one's own, never the last ADMIN, never
//! an OWNER to VENDOR), disabling (every session and refresh token stops at once) and enabling,
//! password resets through the job queue; STAFF are refused; every change audited.

use api::context::{Actor, Caller, ClientInfo, Person};
use api::entities::auth::user;
use api::entities::platform::job;
use api::error::ApiError;
use api::services::users::management;
use reqwest::Method;
use sea_orm::EntityTrait;
use serde_json::json;
use shared::dto::auth::{RefreshRequest, ResetPasswordRequest, UserStatus};
use shared::dto::common::Page;
use shared::dto::users::{AdminUser, AdminUserDetail, ChangeUserRoleRequest, PasswordResetQueued};
use shared::links::RESET_PASSWORD_PATH;
use shared::{OrgRole, Role};
use tests::fixtures::Login;
use tests::fixtures::auth::login_request;
use tests::http::{expect, expect_problem, expect_status, header};
use tests::{TestApp, db_test};
use uuid::Uuid;

fn role_path(id: Uuid) -> String {
    format!("/api/admin/users/{id}/role")
}

async fn post(app: &TestApp, who: &Login, path: &str, key: Option<&str>) -> reqwest::Response {
    let mut call = app.call(Method::POST, path).bearer(&who.access);
    if let Some(k) = key {
        call = call.idempotency_key(k);
    }
    call.send().await
}

async fn disabling_ends_every_session_at_once(app: TestApp) {
    let admin = app.admin().await;
    let (owner, _) = app.register("Disabled Co").await;
    let phone = app.login(&owner.email).await;
    let path = format!("/api/admin/users/{}/disable", owner.user_id);

    let res = post(&app, &admin, &path, Some("off-1")).await;
    let disabled: AdminUserDetail = expect(res, 200).await;
    assert_eq!(disabled.user.status, UserStatus::Disabled);
    assert!(disabled.user.disabled_at.is_some());
    assert!(disabled.sessions.is_empty(), "{:?}", disabled.sessions);
    let again = post(&app, &admin, &path, Some("off-1")).await;
    assert_eq!(header(&again, "Idempotent-Replayed").as_deref(), Some("true"));
    assert_eq!(expect::<AdminUserDetail>(again, 200).await, disabled);
    expect_problem(post(&app, &admin, &path, None).await, 409, "conflict").await;

    // At once, with the clock standing still: access tokens, refresh tokens and sign-in.
    for login in [&owner, &phone] {
        expect_problem(app.get_as(&login.access, "/api/auth/me").await, 401, "session_revoked").await;
        let body = RefreshRequest { refresh_token: Some(login.refresh.clone()) };
        expect_problem(app.post_json("/api/auth/refresh", &body).await, 401, "session_revoked").await;
    }
    let res = app.post_json("/api/auth/login", &login_request(&owner.email)).await;
    expect_problem(res, 403, "account_disabled").await;
    let res = post(&app, &admin, &format!("/api/admin/users/{}/password-reset", owner.user_id), None).await;
    expect_problem(res, 409, "conflict").await;

    let log = app.audit_log(&admin, "action=admin.user.disable").await;
    assert_eq!(log.items.len(), 1, "a replay is not a second change");
    let entry = &log.items[0];
    assert_eq!((entry.actor_id, entry.target_id.as_deref()), (Some(admin.user_id), Some(&*owner.user_id.to_string())));
    assert_eq!(entry.details, json!({"email": owner.email, "sessions_ended": 2}));

    // Enabled again: sign-in works; the ended sessions stay ended.
    let enable = format!("/api/admin/users/{}/enable", owner.user_id);
    let enabled: AdminUserDetail = expect(post(&app, &admin, &enable, None).await, 200).await;
    assert_eq!((enabled.user.status, enabled.user.disabled_at), (UserStatus::Active, None));
    expect_problem(post(&app, &admin, &enable, None).await, 409, "conflict").await;
    let back = app.login(&owner.email).await;
    expect_status(app.get_as(&back.access, "/api/auth/me").await, 200).await;
    expect_problem(app.get_as(&owner.access, "/api/auth/me").await, 401, "session_revoked").await;
    assert_eq!(app.audit_actions(&admin, "action=admin.user.enable").await, ["admin.user.enable"]);

    // Nobody disables themselves; unknown ids are 404.
    let own = format!("/api/admin/users/{}/disable", admin.user_id);
    expect_problem(post(&app, &admin, &own, None).await, 409, "own_account").await;
    for verb in ["disable", "enable", "password-reset"] {
        let res = post(&app, &admin, &format!("/api/admin/users/{}/{verb}", Uuid::now_v7()), None).await;
        expect_problem(res, 404, "not_found").await;
    }
}

async fn roles_change_but_never_ones_own_nor_an_owner_to_vendor(app: TestApp) {
    let admin = app.admin().await;
    let client = app.user(Role::Client, None).await;
    let res =
        app.patch_as(&admin.access, &role_path(admin.user_id), &ChangeUserRoleRequest { role: Role::Staff }).await;
    expect_problem(res, 409, "own_account").await;

    // A change ends the user's sessions: the next one has the new role's lifetime and rules.
    let changed = app.set_user_role(&admin, client.user_id, Role::Staff).await;
    assert_eq!(changed.user.role, Role::Staff);
    assert!(changed.sessions.is_empty());
    expect_problem(app.get_as(&client.access, "/api/auth/me").await, 401, "session_revoked").await;
    let staff = app.login(&client.email).await;
    expect_status(app.get_as(&staff.access, "/api/admin/organizations").await, 200).await;
    // The role a user has already changes nothing (and ends nothing).
    let same = app.set_user_role(&admin, client.user_id, Role::Staff).await;
    assert_eq!(same.sessions.len(), 1);
    let log = app.audit_log(&admin, "action=admin.user.role_change").await;
    assert_eq!(log.items.len(), 1);
    assert_eq!(
        log.items[0].details,
        json!({"email": client.email, "from": "CLIENT", "to": "STAFF", "sessions_ended": 1})
    );

    // An organization's OWNER cannot become a VENDOR; a plain member can.
    let (owner, org) = app.register("Owned Co").await;
    let res =
        app.patch_as(&admin.access, &role_path(owner.user_id), &ChangeUserRoleRequest { role: Role::Vendor }).await;
    expect_problem(res, 409, "owner_cannot_be_vendor").await;
    assert_eq!(app.admin_user(&admin, owner.user_id).await.user.role, Role::Client);
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    assert_eq!(app.set_user_role(&admin, member.user_id, Role::Vendor).await.user.role, Role::Vendor);

    // Bodies that are not a role change.
    for body in [json!({"role": "KING"}), json!({"role": "STAFF", "colour": "red"}), json!({}), json!([])] {
        let res = app.patch_as(&admin.access, &role_path(owner.user_id), &body).await;
        expect_problem(res, 400, "malformed_request").await;
    }
    let res =
        app.patch_as(&admin.access, &role_path(Uuid::now_v7()), &ChangeUserRoleRequest { role: Role::Staff }).await;
    expect_problem(res, 404, "not_found").await;
}

async fn the_last_admin_is_never_demoted_or_disabled(app: TestApp) {
    let first = app.admin().await;
    let second = app.admin().await;
    // `second` signed in as an ADMIN just before `first` demotes them: a request of theirs that
    // was already past its permission check meets the check in the transaction.
    let stale = user::Entity::find_by_id(second.user_id).one(&app.state.db).await;
    let stale = stale.ok().flatten().unwrap_or_else(|| panic!("the second ADMIN exists"));
    let caller = Caller {
        actor: Actor::Person(Person { user: stale, session_id: second.session_id() }),
        client: ClientInfo::default(),
    };
    app.set_user_role(&first, second.user_id, Role::Client).await;

    let (db, config, now) = (&app.state.db, &app.state.config, app.now());
    let demoted = management::change_role(db, config, &caller, now, first.user_id, Role::Staff).await;
    assert!(matches!(demoted, Err(ApiError::LastAdmin)), "{demoted:?}");
    let disabled = management::disable(db, config, &caller, now, first.user_id).await;
    assert!(matches!(disabled, Err(ApiError::LastAdmin)), "{disabled:?}");
    let promoted = management::change_role(db, config, &caller, now, first.user_id, Role::Admin).await;
    assert!(promoted.is_ok(), "the role an ADMIN has changes nothing: {promoted:?}");

    let admins: Page<AdminUser> =
        expect(app.get_as(&first.access, "/api/admin/users?role=ADMIN&status=active").await, 200).await;
    assert_eq!(admins.items.iter().map(|u| u.id).collect::<Vec<_>>(), [first.user_id]);
    let log = app.audit_log(&first, "action=admin.user.*").await;
    assert_eq!(log.items.len(), 1, "refusals change nothing: {:?}", log.items);
}

async fn two_admins_demoting_each_other_leave_one(app: TestApp) {
    let a = app.admin().await;
    let b = app.admin().await;
    let demote = |by: &Login, target: Uuid| {
        let (token, app) = (by.access.clone(), &app);
        async move { app.patch_as(&token, &role_path(target), &ChangeUserRoleRequest { role: Role::Client }).await }
    };
    let (ra, rb) = tokio::join!(demote(&a, b.user_id), demote(&b, a.user_id));
    let statuses = [ra.status().as_u16(), rb.status().as_u16()];
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "exactly one demotion wins: {statuses:?}");
    let (winner, loser) = if statuses[0] == 200 { (&a, rb) } else { (&b, ra) };
    let problem: shared::Problem = expect(loser, loser_status(statuses)).await;
    assert!(
        ["last_admin", "session_revoked"].contains(&problem.code.as_str()),
        "the other is refused as the last ADMIN, or finds its session ended: {problem:?}"
    );
    let admins: Page<AdminUser> =
        expect(app.get_as(&winner.access, "/api/admin/users?role=ADMIN&status=active").await, 200).await;
    assert_eq!(admins.items.iter().map(|u| u.id).collect::<Vec<_>>(), [winner.user_id]);
}

/// The status of the refused one of two answers.
fn loser_status(statuses: [u16; 2]) -> u16 {
    if statuses[0] == 200 { statuses[1] } else { statuses[0] }
}

async fn password_resets_go_out_through_the_queue(app: TestApp) {
    let admin = app.admin().await;
    let client = app.user(Role::Client, None).await;
    let path = format!("/api/admin/users/{}/password-reset", client.user_id);
    let jobs_before = job::Entity::find().all(&app.state.db).await.map(|j| j.len()).unwrap_or_default();
    let queued: PasswordResetQueued = expect(post(&app, &admin, &path, Some("reset-1")).await, 202).await;
    assert_eq!(queued.email, client.email);
    let again = post(&app, &admin, &path, Some("reset-1")).await;
    assert_eq!(header(&again, "Idempotent-Replayed").as_deref(), Some("true"));
    assert_eq!(expect::<PasswordResetQueued>(again, 202).await, queued);
    let jobs = job::Entity::find().all(&app.state.db).await.unwrap_or_else(|e| panic!("reading jobs: {e}"));
    assert_eq!(jobs.len(), jobs_before + 1, "one link queued, not two");
    assert!(!app.sent_mail().iter().any(|m| m.contains(RESET_PASSWORD_PATH)), "nothing is sent inline");

    app.run_jobs().await;
    let token = app.link_token(&client.email, RESET_PASSWORD_PATH);
    let payloads = job::Entity::find().all(&app.state.db).await.unwrap_or_else(|e| panic!("reading jobs: {e}"));
    assert!(payloads.iter().all(|j| !j.payload.contains(&token)), "no token in a job payload");
    let new_password = "A-Brand-New-Passphrase-7";
    let body = ResetPasswordRequest { token, password: new_password.into() };
    expect_status(app.post_json("/api/auth/password/reset", &body).await, 204).await;
    let login = shared::dto::auth::LoginRequest { email: client.email.clone(), password: new_password.into() };
    expect_status(app.post_json("/api/auth/login", &login).await, 200).await;
    assert_eq!(app.audit_actions(&admin, "action=admin.user.password_reset").await, ["admin.user.password_reset"]);
}

async fn staff_read_accounts_but_change_none(app: TestApp) {
    let admin = app.admin().await;
    let staff = app.user(Role::Staff, None).await;
    let client = app.user(Role::Client, None).await;
    expect_status(app.get_as(&staff.access, "/api/admin/users").await, 200).await;
    expect_status(app.get_as(&staff.access, &format!("/api/admin/users/{}", client.user_id)).await, 200).await;
    let res =
        app.patch_as(&staff.access, &role_path(client.user_id), &ChangeUserRoleRequest { role: Role::Admin }).await;
    expect_problem(res, 403, "forbidden").await;
    for verb in ["disable", "enable", "password-reset", "mfa/reset"] {
        let res = post(&app, &staff, &format!("/api/admin/users/{}/{verb}", client.user_id), None).await;
        expect_problem(res, 403, "forbidden").await;
    }
    expect_status(app.get_as(&client.access, "/api/auth/me").await, 200).await;
    assert_eq!(app.admin_user(&admin, client.user_id).await.user.role, Role::Client);
    let denied = app.audit_actions(&admin, "action=admin.access_denied").await;
    assert_eq!(denied.len(), 5, "{denied:?}");
    assert!(app.audit_actions(&admin, "action=admin.user.*").await.is_empty());
}

db_test!(
    disabling_ends_every_session_at_once,
    roles_change_but_never_ones_own_nor_an_owner_to_vendor,
    the_last_admin_is_never_demoted_or_disabled,
    two_admins_demoting_each_other_leave_one,
    password_resets_go_out_through_the_queue,
    staff_read_accounts_but_change_none,
);
