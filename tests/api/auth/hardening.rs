//! Account security hardening: no secret in the job queue or in clear at rest, single-use MFA
//! tokens, throttled and uniform MFA management, bounded sign-in input, decaying throttles,
//! registration limits, sessions ending when MFA changes, API keys under the MFA rule, the
//! cookie-only refresh token and trusted proxy hops.

use reqwest::Method;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::dto::api_keys::CreatedApiKey;
use shared::dto::auth::Session;
use shared::dto::auth::{
    AuthResponse, ChangePasswordRequest, ForgotPasswordRequest, LoginRequest, MfaCodeRequest, MfaDisableRequest,
    MfaSetupRequest, MfaVerifyRequest, ResetPasswordRequest,
};
use shared::dto::common::Page;
use shared::dto::organizations::{Organization, UpdateOrganizationRequest};
use shared::{OrgRole, Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::fixtures::auth::{login_request, register_request, unique_email};
use tests::http::{expect, expect_problem, expect_status, header, problem_fields};
use tests::{Engine, PASSWORD, TestApp, db_test};

use api::entities::auth::{one_time_token, recovery_code, user};
use api::entities::platform::job;

/// The token in the last emailed link to `path`.
async fn job_payloads(app: &TestApp) -> Vec<String> {
    job::Entity::find()
        .all(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("reading jobs: {e}"))
        .into_iter()
        .map(|j| j.payload)
        .collect()
}

async fn link_emails_keep_no_secret_in_the_job_queue(app: TestApp) {
    let (owner, _) = app.register("Quiet Queue Co").await;
    let res = app.post_json("/api/auth/password/forgot", &ForgotPasswordRequest { email: owner.email.clone() }).await;
    expect_status(res, 202).await;
    let before = job_payloads(&app).await;
    assert!(before.len() >= 2, "the verification and the reset link are queued: {before:?}");
    assert!(before.iter().all(|p| !p.contains("token") && !p.contains("http")), "{before:?}");
    assert!(app.run_jobs().await >= 2);
    let after = job_payloads(&app).await;
    assert!(after.iter().all(|p| !p.contains("token") && !p.contains("http")), "{after:?}");
    let token = app.link_token(&owner.email, "/reset-password");
    assert!(token.len() >= 40, "{token}");
    let stored = one_time_token::Entity::find().all(&app.state.db).await.unwrap_or_default();
    assert!(!stored.is_empty());
    assert!(stored.iter().all(|t| t.token_hash != token), "only hashes are stored");
    let res = app
        .post_json(
            "/api/auth/password/reset",
            &ResetPasswordRequest { token, password: "A-new-long-password-77".into() },
        )
        .await;
    expect_status(res, 204).await;
}

/// A user with MFA on: their login and TOTP secret.
async fn mfa_user(app: &TestApp) -> (tests::fixtures::auth::Login, String) {
    let login = app.user(Role::Client, None).await;
    let (secret, _) = app.enable_mfa(&login).await;
    (login, secret)
}

async fn mfa_token(app: &TestApp, email: &str) -> String {
    let res = app.post_json("/api/auth/login", &login_request(email)).await;
    let body: AuthResponse = expect(res, 200).await;
    assert!(body.mfa_required);
    body.mfa_token.unwrap_or_else(|| panic!("an mfa_token"))
}

fn verify_request(mfa_token: &str, secret: &str, app: &TestApp) -> MfaVerifyRequest {
    MfaVerifyRequest {
        mfa_token: mfa_token.to_owned(),
        code: Some(tests::totp::code_at(secret, app.now().timestamp())),
        recovery_code: None,
    }
}

async fn an_mfa_token_opens_one_session(app: TestApp) {
    let (login, secret) = mfa_user(&app).await;
    let token = mfa_token(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &verify_request(&token, &secret, &app)).await;
    let _: AuthResponse = expect(res, 200).await;
    app.next_step();
    let res = app.post_json("/api/auth/mfa/verify", &verify_request(&token, &secret, &app)).await;
    expect_problem(res, 401, "invalid_token").await;
}

async fn a_password_change_withdraws_pending_mfa_tokens(app: TestApp) {
    let (login, secret) = mfa_user(&app).await;
    let token = mfa_token(&app, &login.email).await;
    let change =
        ChangePasswordRequest { current_password: PASSWORD.into(), new_password: "Another-long-password-5".into() };
    expect_status(app.post_as(&login.access, "/api/auth/password/change", &change).await, 204).await;
    let res = app.post_json("/api/auth/mfa/verify", &verify_request(&token, &secret, &app)).await;
    expect_problem(res, 401, "invalid_token").await;
}

async fn mfa_management_is_throttled_and_does_not_tell_which_failed(app: TestApp) {
    let (login, secret) = mfa_user(&app).await;
    let code = tests::totp::code_at(&secret, app.now().timestamp());
    let wrong_password = MfaDisableRequest { password: "not-the-password".into(), code: code.clone() };
    let wrong_code = MfaDisableRequest { password: PASSWORD.into(), code: "000000".into() };
    let a = expect_problem(
        app.post_as(&login.access, "/api/auth/mfa/disable", &wrong_password).await,
        422,
        "validation_failed",
    )
    .await;
    let b = expect_problem(
        app.post_as(&login.access, "/api/auth/mfa/disable", &wrong_code).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(a.errors, b.errors, "a wrong password and a wrong code answer alike");
    for _ in 0..3 {
        let res =
            app.post_as(&login.access, "/api/auth/mfa/recovery-codes", &MfaCodeRequest { code: "000000".into() }).await;
        expect_problem(res, 422, "validation_failed").await;
    }
    // Five failures in all: the next check waits, even with the right password and code.
    let right = MfaDisableRequest { password: PASSWORD.into(), code };
    let res = app.post_as(&login.access, "/api/auth/mfa/disable", &right).await;
    assert!(header(&res, "retry-after").is_some(), "429 carries Retry-After");
    expect_problem(res, 429, "rate_limited").await;
    let me: shared::dto::auth::Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert!(me.user.mfa_enabled, "nothing changed");
}

async fn an_email_with_a_colon_can_enrol(app: TestApp) {
    let email = format!("odd:{}", unique_email("name"));
    app.create_user(Role::Client, &email).await;
    let login = app.login(&email).await;
    app.enable_mfa(&login).await;
}

async fn api_keys_obey_the_org_mfa_requirement(app: TestApp) {
    let (first, org_id) = app.register("Strict Co").await;
    let second = app.user(Role::Client, Some((org_id, OrgRole::Owner))).await;
    let key: CreatedApiKey = app.create_api_key(&second, &key_request("report", &[Permission::OrgRead])).await;
    expect_status(app.get_as(&key.key, "/api/dashboard/organization").await, 200).await;
    app.enable_mfa(&first).await;
    let require = UpdateOrganizationRequest { name: None, mfa_required: Some(true), time_zone: None };
    let _: Organization = expect(app.patch_as(&first.access, "/api/dashboard/organization", &require).await, 200).await;
    let res = app.get_as(&key.key, "/api/dashboard/organization").await;
    expect_problem(res, 403, "mfa_enrollment_required").await;
}

async fn turning_mfa_on_ends_other_sessions(app: TestApp) {
    let here = app.user(Role::Client, None).await;
    let elsewhere = app.login(&here.email).await;
    expect_status(app.get_as(&elsewhere.access, "/api/auth/me").await, 200).await;
    app.enable_mfa(&here).await;
    expect_problem(app.get_as(&elsewhere.access, "/api/auth/me").await, 401, "session_revoked").await;
    expect_status(app.get_as(&here.access, "/api/auth/me").await, 200).await;
}

async fn an_admin_mfa_reset_ends_every_session(app: TestApp) {
    let admin = app.admin().await;
    let (target, _) = mfa_user(&app).await;
    let path = format!("/api/admin/users/{}/mfa/reset", target.user_id);
    expect_status(app.call(Method::POST, &path).bearer(&admin.access).send().await, 204).await;
    expect_problem(app.get_as(&target.access, "/api/auth/me").await, 401, "session_revoked").await;
}

async fn oversized_or_binary_sign_in_input_is_refused_first(app: TestApp) {
    for email in ["x".repeat(400) + "@example.com", "ann\u{0}@example.com".into()] {
        let res =
            app.post_json("/api/auth/login", &LoginRequest { email: email.clone(), password: PASSWORD.into() }).await;
        expect_problem(res, 422, "validation_failed").await;
        let res = app.post_json("/api/auth/password/forgot", &ForgotPasswordRequest { email }).await;
        expect_problem(res, 422, "validation_failed").await;
    }
    let huge = LoginRequest { email: unique_email("huge"), password: "p".repeat(5000) };
    expect_problem(app.post_json("/api/auth/login", &huge).await, 422, "validation_failed").await;
}

async fn mfa_setup_asks_for_the_password_again(app: TestApp) {
    let login = app.user(Role::Client, None).await;
    let setup = "/api/auth/mfa/setup";
    // No body at all is refused before anything is made.
    let res = app.call(reqwest::Method::POST, setup).bearer(&login.access).send().await;
    assert!(res.status().is_client_error(), "{}", res.status());
    let wrong = MfaSetupRequest { password: "not-the-password".into() };
    let problem = expect_problem(app.post_as(&login.access, setup, &wrong).await, 422, "validation_failed").await;
    assert_eq!(problem_fields(&problem), ["password"]);
    // Nothing was started: there is no secret to confirm.
    let stored = user::Entity::find_by_id(login.user_id).one(&app.state.db).await.ok().flatten();
    assert!(stored.is_some_and(|u| u.mfa_secret.is_none()));
    let res = app.post_as(&login.access, "/api/auth/mfa/enable", &MfaCodeRequest { code: "000000".into() }).await;
    expect_problem(res, 409, "conflict").await;
    // Guessing the password here is throttled like every other check of it.
    for _ in 0..4 {
        expect_problem(app.post_as(&login.access, setup, &wrong).await, 422, "validation_failed").await;
    }
    let res = app.post_as(&login.access, setup, &wrong).await;
    assert!(header(&res, "retry-after").is_some());
    expect_problem(res, 429, "rate_limited").await;
}

async fn throttle_counts_decay_when_quiet(app: TestApp) {
    let login = app.user(Role::Client, None).await;
    let wrong = LoginRequest { email: login.email.clone(), password: "wrong-password-1".into() };
    for _ in 0..5 {
        expect_problem(app.post_json("/api/auth/login", &wrong).await, 401, "invalid_credentials").await;
    }
    expect_problem(app.post_json("/api/auth/login", &wrong).await, 429, "rate_limited").await;
    app.clock.advance(chrono::Duration::minutes(16));
    for _ in 0..5 {
        expect_problem(app.post_json("/api/auth/login", &wrong).await, 401, "invalid_credentials").await;
    }
    expect_problem(app.post_json("/api/auth/login", &wrong).await, 429, "rate_limited").await;
}

async fn registration_is_throttled_per_address(app: TestApp) {
    for i in 0..10 {
        expect_status(app.post_json("/api/auth/register", &register_request(&format!("Burst {i}"))).await, 201).await;
    }
    let res = app.post_json("/api/auth/register", &register_request("One too many")).await;
    assert!(header(&res, "retry-after").is_some());
    expect_problem(res, 429, "rate_limited").await;
}

async fn second_factors_are_not_stored_in_clear(app: TestApp) {
    let login = app.user(Role::Client, None).await;
    let (secret, codes) = app.enable_mfa(&login).await;
    let row = user::Entity::find_by_id(login.user_id).one(&app.state.db).await.ok().flatten();
    let stored = row.and_then(|u| u.mfa_secret).unwrap_or_default();
    assert!(stored.starts_with("v1:") && !stored.contains(&secret), "{stored}");
    let hashes = recovery_code::Entity::find()
        .filter(recovery_code::Column::UserId.eq(login.user_id))
        .all(&app.state.db)
        .await
        .unwrap_or_default();
    assert_eq!(hashes.len(), 10);
    assert!(hashes.iter().all(|h| h.code_hash.starts_with("h1:")));
    let token = mfa_token(&app, &login.email).await;
    let with_code = MfaVerifyRequest { mfa_token: token, code: None, recovery_code: Some(codes[0].clone()) };
    let _: AuthResponse = expect(app.post_json("/api/auth/mfa/verify", &with_code).await, 200).await;
}

async fn clear_totp_secrets_are_sealed_at_start(mut app: TestApp) {
    let (login, secret) = mfa_user(&app).await;
    user::Entity::update_many()
        .col_expr(user::Column::MfaSecret, Expr::value(secret.clone()))
        .filter(user::Column::Id.eq(login.user_id))
        .exec(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("storing a legacy secret: {e}"));
    app.restart().await;
    let row = user::Entity::find_by_id(login.user_id).one(&app.state.db).await.ok().flatten();
    assert!(row.and_then(|u| u.mfa_secret).is_some_and(|s| s.starts_with("v1:")));
    let token = mfa_token(&app, &login.email).await;
    let _: AuthResponse =
        expect(app.post_json("/api/auth/mfa/verify", &verify_request(&token, &secret, &app)).await, 200).await;
}

async fn the_web_app_can_keep_the_refresh_token_out_of_the_body(app: TestApp) {
    let login = app.user(Role::Client, None).await;
    let res = app
        .call(Method::POST, "/api/auth/login")
        .header("X-Refresh-Token-Transport", "cookie")
        .json(&login_request(&login.email))
        .send()
        .await;
    assert!(header(&res, "set-cookie").is_some_and(|c| c.starts_with("omg_refresh=")));
    let body: AuthResponse = expect(res, 200).await;
    assert!(body.access_token.is_some() && body.refresh_token.is_none());
    let body: AuthResponse = expect(app.post_json("/api/auth/login", &login_request(&login.email)).await, 200).await;
    assert!(body.refresh_token.is_some(), "other clients keep it in the body");
}

db_test!(
    link_emails_keep_no_secret_in_the_job_queue,
    an_mfa_token_opens_one_session,
    a_password_change_withdraws_pending_mfa_tokens,
    mfa_management_is_throttled_and_does_not_tell_which_failed,
    an_email_with_a_colon_can_enrol,
    api_keys_obey_the_org_mfa_requirement,
    turning_mfa_on_ends_other_sessions,
    an_admin_mfa_reset_ends_every_session,
    oversized_or_binary_sign_in_input_is_refused_first,
    mfa_setup_asks_for_the_password_again,
    throttle_counts_decay_when_quiet,
    registration_is_throttled_per_address,
    second_factors_are_not_stored_in_clear,
    clear_totp_secrets_are_sealed_at_start,
    the_web_app_can_keep_the_refresh_token_out_of_the_body,
);

/// Behind one trusted proxy, the client is the address that proxy saw (the rightmost
/// `X-Forwarded-For` entry); what the client wrote further left is not believed.
async fn only_trusted_hops_name_the_client(app: TestApp) {
    let email = unique_email("proxied");
    app.create_user(Role::Client, &email).await;
    let res = app
        .call(Method::POST, "/api/auth/login")
        .header("X-Forwarded-For", "6.6.6.6, 198.51.100.7")
        .json(&login_request(&email))
        .send()
        .await;
    let body: AuthResponse = expect(res, 200).await;
    let access = body.access_token.unwrap_or_default();
    let sessions: Page<Session> = expect(app.get_as(&access, "/api/auth/sessions").await, 200).await;
    assert_eq!(sessions.items.len(), 1);
    assert_eq!(sessions.items[0].ip.as_deref(), Some("198.51.100.7"));
}

async fn spawn_behind_a_proxy(engine: Engine) -> Option<TestApp> {
    TestApp::spawn_with(engine, |c| {
        c.trust_proxy = true;
        c.trusted_proxy_hops = 1;
    })
    .await
}

mod only_trusted_hops_name_the_client {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        if let Some(app) = super::spawn_behind_a_proxy(tests::Engine::Sqlite).await {
            super::only_trusted_hops_name_the_client(app).await;
        }
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        if let Some(app) = super::spawn_behind_a_proxy(tests::Engine::Postgres).await {
            super::only_trusted_hops_name_the_client(app).await;
        }
    }
}
