//! Two-factor authentication: enrolment with codes from an independent TOTP implementation,
//! the sign-in step, replay refusal, recovery codes, the ADMIN requirement and resets.

use reqwest::Method;
use shared::dto::auth::{
    AuthResponse, Me, MfaCodeRequest, MfaDisableRequest, MfaSetup, MfaSetupRequest, MfaVerifyRequest, RecoveryCodes,
};
use shared::dto::common::Page;
use shared::dto::organizations::{AdminOrganization, Organization, UpdateOrganizationRequest};
use shared::{OrgRole, Role};
use tests::fixtures::Login;
use tests::fixtures::auth::login_request;
use tests::http::{expect, expect_problem, expect_status, header, problem_fields};
use tests::totp::code_at;
use tests::{PASSWORD, TestApp, db_test};

async fn password_step(app: &TestApp, email: &str) -> String {
    let res = app.post_json("/api/auth/login", &login_request(email)).await;
    assert!(header(&res, "set-cookie").is_none(), "no session before the second factor");
    let body: AuthResponse = expect(res, 200).await;
    assert!(body.mfa_required);
    assert!(body.access_token.is_none() && body.refresh_token.is_none());
    body.mfa_token.unwrap_or_else(|| panic!("the password step answers an mfa_token"))
}

fn with_code(mfa_token: &str, code: &str) -> MfaVerifyRequest {
    MfaVerifyRequest { mfa_token: mfa_token.to_owned(), code: Some(code.to_owned()), recovery_code: None }
}

fn with_recovery_code(mfa_token: &str, code: &str) -> MfaVerifyRequest {
    MfaVerifyRequest { mfa_token: mfa_token.to_owned(), code: None, recovery_code: Some(code.to_owned()) }
}

fn code(code: &str) -> MfaCodeRequest {
    MfaCodeRequest { code: code.to_owned() }
}

async fn enrolment_then_sign_in_with_a_code_that_works_once(app: TestApp) {
    let (login, _) = app.register("Enrol Co").await;
    let res = app.post_as(&login.access, "/api/auth/mfa/setup", &MfaSetupRequest { password: PASSWORD.into() }).await;
    let setup: MfaSetup = expect(res, 200).await;
    let uri = &setup.otpauth_uri;
    assert!(uri.starts_with("otpauth://totp/OMGsystems:"), "{uri}");
    // SHA-1, 6 digits and 30 s are the otpauth defaults, so the URI may leave them out.
    assert!(uri.contains("issuer=OMGsystems") && uri.contains("secret="), "{uri}");
    assert!(!uri.contains("algorithm=") || uri.contains("algorithm=SHA1"), "{uri}");
    assert!(setup.qr_code.starts_with("data:image/svg+xml;base64,"));
    let secret = setup.secret.clone();
    // A wrong code does not turn it on.
    let res = app.post_as(&login.access, "/api/auth/mfa/enable", &code("000000")).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["code"]);
    let enrolment = code_at(&secret, app.now().timestamp());
    let codes: RecoveryCodes =
        expect(app.post_as(&login.access, "/api/auth/mfa/enable", &code(&enrolment)).await, 200).await;
    assert_eq!(codes.recovery_codes.len(), 10);
    let me: Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert!(me.user.mfa_enabled);

    // The enrolment code was used; the same code cannot sign in.
    let token = password_step(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &with_code(&token, &enrolment)).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    app.next_step();
    let fresh = code_at(&secret, app.now().timestamp());
    let res = app.post_json("/api/auth/mfa/verify", &with_code(&token, &fresh)).await;
    let signed: AuthResponse = expect(res, 200).await;
    assert!(signed.access_token.is_some() && signed.refresh_token.is_some());
    // Replay of an accepted code is refused.
    let token = password_step(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &with_code(&token, &fresh)).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    // The MFA token is no access token.
    expect_problem(app.get_as(&token, "/api/auth/me").await, 401, "invalid_token").await;
    // It expires.
    app.clock.advance(chrono::Duration::minutes(6));
    let later = code_at(&secret, app.now().timestamp());
    let res = app.post_json("/api/auth/mfa/verify", &with_code(&token, &later)).await;
    expect_problem(res, 401, "invalid_token").await;
}

async fn recovery_codes_work_once_and_can_be_renewed(app: TestApp) {
    let (login, _) = app.register("Recovery Co").await;
    let (secret, codes) = app.enable_mfa(&login).await;
    let token = password_step(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &with_recovery_code(&token, &codes[0].to_uppercase())).await;
    expect::<AuthResponse>(res, 200).await;
    let token = password_step(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &with_recovery_code(&token, &codes[0])).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    let neither = MfaVerifyRequest { mfa_token: token.clone(), code: None, recovery_code: None };
    let res = app.post_json("/api/auth/mfa/verify", &neither).await;
    expect_problem(res, 422, "validation_failed").await;

    let current = code_at(&secret, app.now().timestamp());
    let renewed: RecoveryCodes =
        expect(app.post_as(&login.access, "/api/auth/mfa/recovery-codes", &code(&current)).await, 200).await;
    let new_codes = renewed.recovery_codes;
    assert_eq!(new_codes.len(), 10);
    let res = app.post_json("/api/auth/mfa/verify", &with_recovery_code(&token, &codes[1])).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    let res = app.post_json("/api/auth/mfa/verify", &with_recovery_code(&token, &new_codes[3])).await;
    expect::<AuthResponse>(res, 200).await;

    let admin = app.admin().await;
    let actions = app.audit_actions(&admin, &format!("actor_id={}&action=mfa.*", login.user_id)).await;
    assert_eq!(
        actions,
        ["mfa.recovery_code_used", "mfa.recovery_codes_regenerate", "mfa.recovery_code_used", "mfa.enable"]
    );
}

async fn disabling_needs_password_and_code(app: TestApp) {
    let (login, _) = app.register("Disable Co").await;
    let (secret, _) = app.enable_mfa(&login).await;
    let current = code_at(&secret, app.now().timestamp());
    let wrong = MfaDisableRequest { password: "wrong-password".to_owned(), code: current.clone() };
    let res = app.post_as(&login.access, "/api/auth/mfa/disable", &wrong).await;
    // A wrong password answers like a wrong code: the answer does not tell which was wrong.
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["code"]);
    let right = MfaDisableRequest { password: PASSWORD.to_owned(), code: current };
    expect_status(app.post_as(&login.access, "/api/auth/mfa/disable", &right).await, 204).await;
    let res = app.post_json("/api/auth/login", &login_request(&login.email)).await;
    assert!(expect::<AuthResponse>(res, 200).await.access_token.is_some(), "no second step once it is off");
}

async fn admins_are_blocked_until_enrolled(app: TestApp) {
    let admin = app.user(Role::Admin, None).await;
    for path in ["/api/admin/organizations", "/api/admin/audit-logs", "/api/admin/settings"] {
        expect_problem(app.get_as(&admin.access, path).await, 403, "mfa_enrollment_required").await;
    }
    // Their own account pages still work, so they can enrol.
    expect::<Me>(app.get_as(&admin.access, "/api/auth/me").await, 200).await;
    app.enable_mfa(&admin).await;
    expect::<Page<AdminOrganization>>(app.get_as(&admin.access, "/api/admin/organizations").await, 200).await;
    // STAFF may use MFA but need not.
    let staff = app.user(Role::Staff, None).await;
    expect::<Page<AdminOrganization>>(app.get_as(&staff.access, "/api/admin/organizations").await, 200).await;
}

async fn an_admin_resets_another_users_mfa(app: TestApp) {
    let admin = app.admin().await;
    let (user, _) = app.register("Lost Phone Co").await;
    app.enable_mfa(&user).await;
    let staff = app.user(Role::Staff, None).await;
    let path = format!("/api/admin/users/{}/mfa/reset", user.user_id);
    expect_problem(app.call(Method::POST, &path).bearer(&staff.access).send().await, 403, "forbidden").await;
    expect_status(app.call(Method::POST, &path).bearer(&admin.access).send().await, 204).await;
    let res = app.post_json("/api/auth/login", &login_request(&user.email)).await;
    assert!(expect::<AuthResponse>(res, 200).await.access_token.is_some());
    let unknown = format!("/api/admin/users/{}/mfa/reset", uuid::Uuid::now_v7());
    let res = app.call(Method::POST, &unknown).bearer(&admin.access).send().await;
    expect_problem(res, 404, "not_found").await;
    let log = app.audit_log(&admin, "action=admin.user.mfa_reset").await;
    assert!(!log.items.is_empty(), "the reset is audited");
    assert_eq!(log.items[0].target_id, Some(user.user_id.to_string()));
}

async fn owners_can_require_mfa_for_their_members(app: TestApp) {
    let (owner, org) = app.register("Strict Org").await;
    let member: Login = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let body = UpdateOrganizationRequest { mfa_required: Some(true), ..Default::default() };
    let res = app.patch_as(&owner.access, "/api/dashboard/organization", &body).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["mfa_required"]);
    app.enable_mfa(&owner).await;
    let res = app.patch_as(&owner.access, "/api/dashboard/organization", &body).await;
    assert!(expect::<Organization>(res, 200).await.mfa_required);
    expect_problem(app.get_as(&member.access, "/api/dashboard/organization").await, 403, "mfa_enrollment_required")
        .await;
    app.enable_mfa(&member).await;
    expect::<Organization>(app.get_as(&member.access, "/api/dashboard/organization").await, 200).await;
}

async fn wrong_codes_are_throttled(app: TestApp) {
    let (login, _) = app.register("Guess Co").await;
    app.enable_mfa(&login).await;
    let token = password_step(&app, &login.email).await;
    let mut statuses = Vec::new();
    for i in 0..7 {
        let res = app.post_json("/api/auth/mfa/verify", &with_code(&token, &format!("{:06}", 100_000 + i))).await;
        statuses.push(res.status().as_u16());
    }
    assert_eq!(statuses, [401, 401, 401, 401, 401, 429, 429]);
}

db_test!(
    enrolment_then_sign_in_with_a_code_that_works_once,
    recovery_codes_work_once_and_can_be_renewed,
    disabling_needs_password_and_code,
    admins_are_blocked_until_enrolled,
    an_admin_resets_another_users_mfa,
    owners_can_require_mfa_for_their_members,
    wrong_codes_are_throttled,
);
