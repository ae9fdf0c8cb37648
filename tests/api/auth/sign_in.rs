//! Registration, sign-in, refresh with rotation and reuse detection, sign-out, `/me`.

use reqwest::Method;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, sea_query::Expr};
use serde_json::json;
use shared::dto::audit::AuditOutcome;
use shared::dto::auth::{AuthResponse, LoginRequest, Me, RefreshRequest, RegisterRequest, UpdateProfileRequest, User};
use shared::dto::common::Page;
use shared::dto::organizations::AdminOrganization;
use shared::{OrgRole, Permission, Role};
use tests::fixtures::auth::{login_request, register_request};
use tests::fixtures::{Login, unique_email};
use tests::http::{expect, expect_problem, expect_status, header, problem_fields};
use tests::{PASSWORD, TestApp, db_test};

fn register_body(email: &str) -> RegisterRequest {
    RegisterRequest {
        email: email.to_owned(),
        password: PASSWORD.to_owned(),
        name: "Reg User".to_owned(),
        organization_name: "Reg Org".to_owned(),
    }
}

fn refresh_body(token: &str) -> RefreshRequest {
    RefreshRequest { refresh_token: Some(token.to_owned()) }
}

async fn register_creates_client_owner_and_signs_in(app: TestApp) {
    let email = unique_email("Reg");
    let res = app.post_json("/api/auth/register", &register_body(&format!("  {}  ", email.to_uppercase()))).await;
    let cookie = header(&res, "set-cookie").unwrap_or_default();
    let body: AuthResponse = expect(res, 201).await;
    assert!(!body.mfa_required);
    assert_eq!(body.token_type.as_deref(), Some("Bearer"));
    assert_eq!(body.expires_in, Some(900));
    let user = body.user.clone().unwrap_or_else(|| panic!("the user: {body:?}"));
    assert_eq!(user.email, email.to_lowercase());
    assert_eq!(user.role, Role::Client);
    assert!(cookie.starts_with("omg_refresh=rt_"), "{cookie}");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/api/auth"] {
        assert!(cookie.contains(attr), "cookie lacks {attr}: {cookie}");
    }
    let login = Login::from_auth_response(&body);
    let me: Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert_eq!(me.memberships.len(), 1);
    assert_eq!(me.memberships[0].org_role, OrgRole::Owner);
    assert_eq!(me.memberships[0].organization.name, "Reg Org");
    assert_eq!(me.memberships[0].organization.slug, "reg-org");
    let perms = &me.memberships[0].permissions;
    assert!(perms.contains(&Permission::OrgUpdate) && perms.contains(&Permission::ApiKeysManage));
    assert!(me.permissions.is_empty(), "{:?}", me.permissions);
}

async fn register_refuses_taken_email_and_weak_passwords(app: TestApp) {
    let email = unique_email("dup");
    expect::<AuthResponse>(app.post_json("/api/auth/register", &register_body(&email)).await, 201).await;
    let res = app.post_json("/api/auth/register", &register_body(&email.to_uppercase())).await;
    expect_problem(res, 409, "email_taken").await;
    for (password, code) in [("password1", "too_common"), ("Password", "too_common"), ("short", "too_short")] {
        let body = RegisterRequest { password: password.to_owned(), ..register_body(&unique_email("weak")) };
        let problem = expect_problem(app.post_json("/api/auth/register", &body).await, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), ["password"]);
        assert_eq!(problem.errors[0].code, code);
    }
    let mut body = register_body(&unique_email("long"));
    body.password = "é".repeat(129);
    expect_problem(app.post_json("/api/auth/register", &body).await, 422, "validation_failed").await;
    body.password = "é".repeat(128);
    expect::<AuthResponse>(app.post_json("/api/auth/register", &body).await, 201).await;
}

async fn login_failures_look_the_same_and_are_audited(app: TestApp) {
    let email = unique_email("login");
    app.create_user(Role::Client, &email).await;
    let wrong_password = LoginRequest { email: email.clone(), password: "not-the-password".to_owned() };
    let wrong =
        expect_problem(app.post_json("/api/auth/login", &wrong_password).await, 401, "invalid_credentials").await;
    let unknown_account = LoginRequest { email: unique_email("nobody"), password: "not-the-password".to_owned() };
    let unknown =
        expect_problem(app.post_json("/api/auth/login", &unknown_account).await, 401, "invalid_credentials").await;
    assert_eq!(wrong.detail, unknown.detail);
    let empty = LoginRequest { email: String::new(), password: String::new() };
    expect_problem(app.post_json("/api/auth/login", &empty).await, 422, "validation_failed").await;
    let ok = app.login(&email.to_uppercase()).await;
    assert!(!ok.access.is_empty());

    let admin = app.admin().await;
    let items = app.audit_log(&admin, "action=auth.login&limit=100").await.items;
    let failures: Vec<_> = items.iter().filter(|e| e.outcome == AuditOutcome::Failure).collect();
    assert_eq!(failures.len(), 2, "{items:?}");
    assert!(failures.iter().all(|e| e.ip.as_deref() == Some("127.0.0.1")));
    assert!(
        items.iter().any(|e| e.outcome == AuditOutcome::Success && e.actor_email.as_deref() == Some(email.as_str()))
    );
}

async fn disabled_users_cannot_sign_in_and_lose_their_sessions(app: TestApp) {
    let email = unique_email("disabled");
    let id = app.create_user(Role::Client, &email).await;
    let login = app.login(&email).await;
    expect::<Me>(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    api::entities::auth::user::Entity::update_many()
        .col_expr(api::entities::auth::user::Column::Status, Expr::value("disabled"))
        .filter(api::entities::auth::user::Column::Id.eq(id))
        .exec(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("disabling the user: {e}"));
    expect_problem(app.get_as(&login.access, "/api/auth/me").await, 403, "account_disabled").await;
    let res = app.post_json("/api/auth/login", &login_request(&email)).await;
    expect_problem(res, 403, "account_disabled").await;
    let res = app.post_json("/api/auth/refresh", &refresh_body(&login.refresh)).await;
    expect_problem(res, 403, "account_disabled").await;
}

async fn refresh_rotates_and_reuse_revokes_the_session(app: TestApp) {
    let (first, _) = app.register("Rotate Co").await;
    let res = app.post_json("/api/auth/refresh", &refresh_body(&first.refresh)).await;
    let second = Login::from_auth_response(&expect(res, 200).await);
    assert_ne!(second.refresh, first.refresh);
    expect::<Me>(app.get_as(&second.access, "/api/auth/me").await, 200).await;

    // The old token again: the whole session ends.
    let res = app.post_json("/api/auth/refresh", &refresh_body(&first.refresh)).await;
    expect_problem(res, 401, "refresh_token_reused").await;
    expect_problem(app.get_as(&second.access, "/api/auth/me").await, 401, "session_revoked").await;
    expect_problem(app.get_as(&first.access, "/api/auth/me").await, 401, "session_revoked").await;
    let res = app.post_json("/api/auth/refresh", &refresh_body(&second.refresh)).await;
    expect_problem(res, 401, "session_revoked").await;

    let admin = app.admin().await;
    let log = app.audit_log(&admin, "action=auth.refresh_reuse").await;
    assert_eq!(log.items.len(), 1);
    assert_eq!(log.items[0].outcome, AuditOutcome::Failure);
    assert_eq!(log.items[0].actor_id, Some(first.user_id));
}

async fn refresh_works_with_the_cookie_alone(app: TestApp) {
    let client = reqwest::Client::builder()
        .cookie_store(true)
        .build()
        .unwrap_or_else(|e| panic!("building a client with cookies: {e}"));
    let email = unique_email("cookie");
    app.create_user(Role::Client, &email).await;
    let res = client.post(app.url("/api/auth/login")).json(&login_request(&email)).send().await;
    let res = res.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), 200);
    for _ in 0..3 {
        let res = client.post(app.url("/api/auth/refresh")).send().await.unwrap_or_else(|e| panic!("{e}"));
        let body: AuthResponse = expect(res, 200).await;
        assert!(body.access_token.is_some_and(|t| !t.is_empty()));
    }
    let res = client.post(app.url("/api/auth/logout")).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), 204);
    let res = client.post(app.url("/api/auth/refresh")).send().await.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(res.status(), 401);
}

async fn refresh_without_or_with_unknown_token_is_401(app: TestApp) {
    let res = app.call(Method::POST, "/api/auth/refresh").send().await;
    expect_problem(res, 401, "unauthenticated").await;
    let res = app.post_json("/api/auth/refresh", &refresh_body("rt_made_up")).await;
    expect_problem(res, 401, "invalid_token").await;
    let res = app.call(Method::POST, "/api/auth/refresh").body("application/json", "{oops").send().await;
    expect_problem(res, 400, "malformed_request").await;
}

async fn logout_ends_the_session_at_once(app: TestApp) {
    let (login, _) = app.register("Logout Co").await;
    let res = app.call(Method::POST, "/api/auth/logout").bearer(&login.access).send().await;
    assert_eq!(res.status(), 204);
    let cookie = header(&res, "set-cookie").unwrap_or_default();
    assert!(cookie.contains("Max-Age=0"), "the cookie is cleared: {cookie}");
    expect_problem(app.get_as(&login.access, "/api/auth/me").await, 401, "session_revoked").await;
    let res = app.post_json("/api/auth/refresh", &refresh_body(&login.refresh)).await;
    expect_problem(res, 401, "session_revoked").await;
    let res = app.call(Method::POST, "/api/auth/logout").send().await;
    expect_problem(res, 401, "unauthenticated").await;

    // A mobile app that only has its refresh token can sign out too.
    let second = app.login(&login.email).await;
    let res = app.post_json("/api/auth/logout", &refresh_body(&second.refresh)).await;
    expect_status(res, 204).await;
    expect_problem(app.get_as(&second.access, "/api/auth/me").await, 401, "session_revoked").await;
}

async fn me_lists_memberships_with_permissions(app: TestApp) {
    let (_, org_a) = app.register("Alpha").await;
    let org_b = app.create_org("Beta").await;
    let vendor = app.user(Role::Vendor, Some((org_a, OrgRole::Owner))).await;
    app.add_member(org_b, vendor.user_id, OrgRole::Member).await;
    let me: Me = expect(app.get_as(&vendor.access, "/api/auth/me").await, 200).await;
    assert_eq!(me.user.role, Role::Vendor);
    assert_eq!(me.memberships.len(), 2);
    assert_eq!(me.memberships[0].organization.name, "Alpha");
    for m in &me.memberships {
        assert_eq!(
            m.permissions,
            [
                Permission::OrgRead,
                Permission::AutomationsRead,
                Permission::TasksWork,
                Permission::FilesRead,
                Permission::FilesWrite
            ],
            "a vendor reads the organization, works on their tasks and their files, nothing more"
        );
    }
    let admin = app.admin().await;
    let me: Me = expect(app.get_as(&admin.access, "/api/auth/me").await, 200).await;
    assert_eq!(
        me.permissions,
        [
            Permission::AdminOrganizationsRead,
            Permission::AdminOrganizationsManage,
            Permission::AdminAuditRead,
            Permission::AdminMetricsRead,
            Permission::AdminFlagsRead,
            Permission::AdminUsersRead,
            Permission::AdminSettingsManage,
            Permission::AdminFlagsManage,
            Permission::AdminUsersManage,
            Permission::AdminUsageRead,
            Permission::AdminUsageKeysManage,
            Permission::AdminAutomationsRead,
            Permission::AdminAutomationsManage,
        ]
    );
}

async fn login_rehashes_outdated_password_hashes(app: TestApp) {
    use argon2::password_hash::PasswordHasher as _;
    let params = argon2::Params::new(8192, 1, 1, None).unwrap_or_else(|e| panic!("argon2 parameters: {e}"));
    let weak = argon2::Argon2::new(argon2::Algorithm::Argon2id, argon2::Version::V0x13, params);
    let old = weak
        .hash_password(PASSWORD.as_bytes())
        .map(|h| h.to_string())
        .unwrap_or_else(|e| panic!("hashing with old parameters: {e}"));
    let email = unique_email("rehash");
    api::services::auth::users::insert_user(
        &app.state.db,
        &email,
        "Old Hash",
        old.clone(),
        Role::Client,
        api::services::auth::users::Address::Confirmed,
        chrono::Utc::now(),
    )
    .await
    .unwrap_or_else(|e| panic!("{e}"));
    app.login(&email).await;
    let user = api::entities::auth::user::Entity::find()
        .filter(api::entities::auth::user::Column::Email.eq(email.as_str()))
        .one(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("reading the user: {e}"))
        .unwrap_or_else(|| panic!("user is there"));
    assert_ne!(user.password_hash, old);
    assert!(user.password_hash.contains("m=19456,t=2,p=1"), "{}", user.password_hash);
    app.login(&email).await;
}

async fn concurrent_registrations_never_fail_with_5xx(app: TestApp) {
    let calls = (0..8).map(|_| {
        let req = app.client.post(app.url("/api/auth/register")).json(&register_request("Same Name"));
        async move { req.send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
    });
    let statuses = futures_util::future::join_all(calls).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let admin = app.admin().await;
    let page: Page<AdminOrganization> =
        expect(app.get_as(&admin.access, "/api/admin/organizations?q=same-name&limit=100").await, 200).await;
    let mut slugs: Vec<String> = page.items.into_iter().map(|o| o.slug).collect();
    slugs.sort();
    slugs.dedup();
    assert_eq!(slugs.len(), 8, "every organization has its own slug: {slugs:?}");
}

async fn concurrent_refreshes_of_one_token_let_only_one_through(app: TestApp) {
    let (login, _) = app.register("Parallel Co").await;
    let calls = (0..6).map(|_| {
        let req = app.client.post(app.url("/api/auth/refresh")).json(&refresh_body(&login.refresh));
        async move { req.send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
    });
    let statuses = futures_util::future::join_all(calls).await;
    assert_eq!(statuses.iter().filter(|s| **s == 200).count(), 1, "{statuses:?}");
    assert!(statuses.iter().all(|s| *s == 200 || *s == 401), "{statuses:?}");
    // A second use of the token ended the session, whoever won.
    expect_problem(app.get_as(&login.access, "/api/auth/me").await, 401, "session_revoked").await;
}

async fn users_edit_their_own_name(app: TestApp) {
    let (login, _) = app.register("Profile Co").await;
    let rename = UpdateProfileRequest { name: Some("  New Name ".to_owned()) };
    let user: User = expect(app.patch_as(&login.access, "/api/auth/me", &rename).await, 200).await;
    assert_eq!(user.name, "New Name");
    let me: Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert_eq!(me.user.name, "New Name");
    let empty = UpdateProfileRequest { name: Some(String::new()) };
    expect_problem(app.patch_as(&login.access, "/api/auth/me", &empty).await, 422, "validation_failed").await;
    // An unknown field: deliberately not a DTO.
    let res = app.patch_as(&login.access, "/api/auth/me", &json!({"role": "ADMIN"})).await;
    expect_problem(res, 400, "malformed_request").await;
    let res =
        app.call(Method::PATCH, "/api/auth/me").json(&UpdateProfileRequest { name: Some("x".into()) }).send().await;
    expect_problem(res, 401, "unauthenticated").await;
    let me: Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert_eq!(me.user.role, Role::Client);
    let admin = app.admin().await;
    let log = app.audit_log(&admin, "action=auth.profile_update").await;
    assert!(!log.items.is_empty(), "the change is audited");
    assert_eq!(log.items[0].details["name"]["to"], "New Name");
}

db_test!(
    users_edit_their_own_name,
    concurrent_registrations_never_fail_with_5xx,
    concurrent_refreshes_of_one_token_let_only_one_through,
    register_creates_client_owner_and_signs_in,
    register_refuses_taken_email_and_weak_passwords,
    login_failures_look_the_same_and_are_audited,
    disabled_users_cannot_sign_in_and_lose_their_sessions,
    refresh_rotates_and_reuse_revokes_the_session,
    refresh_works_with_the_cookie_alone,
    refresh_without_or_with_unknown_token_is_401,
    logout_ends_the_session_at_once,
    me_lists_memberships_with_permissions,
    login_rehashes_outdated_password_hashes,
);
