//! Two-factor authentication: enrolment with codes from an independent TOTP implementation,
//! the sign-in step, replay refusal, recovery codes, the ADMIN requirement and resets.

use reqwest::Method;
use serde_json::json;
use shared::{OrgRole, Role};
use tests::fixtures::Login;
use tests::http::{expect_json, expect_problem, problem_fields};
use tests::totp::code_at;
use tests::{PASSWORD, TestApp, db_test};

async fn password_step(app: &TestApp, email: &str) -> String {
    let res = app.post_json("/api/auth/login", &json!({"email": email, "password": PASSWORD})).await;
    assert!(res.headers().get("set-cookie").is_none(), "no session before the second factor");
    let body = expect_json(res, 200).await;
    assert_eq!(body["mfa_required"], true);
    assert!(body.get("access_token").is_none() && body.get("refresh_token").is_none());
    body["mfa_token"].as_str().unwrap_or_default().to_owned()
}

async fn enrolment_then_sign_in_with_a_code_that_works_once(app: TestApp) {
    let (login, _) = app.register("Enrol Co").await;
    let setup = expect_json(app.post_as(&login.access, "/api/auth/mfa/setup", &json!({})).await, 200).await;
    let uri = setup["otpauth_uri"].as_str().unwrap_or_default();
    assert!(uri.starts_with("otpauth://totp/OMGsystems:"), "{uri}");
    // SHA-1, 6 digits and 30 s are the otpauth defaults, so the URI may leave them out.
    assert!(uri.contains("issuer=OMGsystems") && uri.contains("secret="), "{uri}");
    assert!(!uri.contains("algorithm=") || uri.contains("algorithm=SHA1"), "{uri}");
    assert!(setup["qr_code"].as_str().is_some_and(|q| q.starts_with("data:image/svg+xml;base64,")));
    let secret = setup["secret"].as_str().unwrap_or_default().to_owned();
    // A wrong code does not turn it on.
    let res = app.post_as(&login.access, "/api/auth/mfa/enable", &json!({"code": "000000"})).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["code"]);
    let code = code_at(&secret, app.now().timestamp());
    let codes =
        expect_json(app.post_as(&login.access, "/api/auth/mfa/enable", &json!({"code": code})).await, 200).await;
    assert_eq!(codes["recovery_codes"].as_array().map(Vec::len), Some(10));
    let me = expect_json(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert_eq!(me["user"]["mfa_enabled"], true);

    // The enrolment code was used; the same code cannot sign in.
    let token = password_step(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "code": code})).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    app.next_step();
    let fresh = code_at(&secret, app.now().timestamp());
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "code": fresh})).await;
    let signed = expect_json(res, 200).await;
    assert!(signed["access_token"].is_string() && signed["refresh_token"].is_string());
    // Replay of an accepted code is refused.
    let token = password_step(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "code": fresh})).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    // The MFA token is no access token.
    expect_problem(app.get_as(&token, "/api/auth/me").await, 401, "invalid_token").await;
    // It expires.
    app.clock.advance(chrono::Duration::minutes(6));
    let later = code_at(&secret, app.now().timestamp());
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "code": later})).await;
    expect_problem(res, 401, "invalid_token").await;
}

async fn recovery_codes_work_once_and_can_be_renewed(app: TestApp) {
    let (login, _) = app.register("Recovery Co").await;
    let (secret, codes) = app.enable_mfa(&login).await;
    let token = password_step(&app, &login.email).await;
    let res = app
        .post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "recovery_code": codes[0].to_uppercase()}))
        .await;
    expect_json(res, 200).await;
    let token = password_step(&app, &login.email).await;
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "recovery_code": codes[0]})).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token})).await;
    expect_problem(res, 422, "validation_failed").await;

    let code = code_at(&secret, app.now().timestamp());
    let renewed =
        expect_json(app.post_as(&login.access, "/api/auth/mfa/recovery-codes", &json!({"code": code})).await, 200)
            .await;
    let new_codes: Vec<String> = renewed["recovery_codes"]
        .as_array()
        .map(|a| a.iter().filter_map(|c| c.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    assert_eq!(new_codes.len(), 10);
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "recovery_code": codes[1]})).await;
    expect_problem(res, 401, "invalid_mfa_code").await;
    let res = app.post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "recovery_code": new_codes[3]})).await;
    expect_json(res, 200).await;

    let admin = app.admin().await;
    let log = expect_json(
        app.get_as(&admin.access, &format!("/api/admin/audit-logs?actor_id={}&action=mfa.*", login.user_id)).await,
        200,
    )
    .await;
    let actions: Vec<&str> =
        log["items"].as_array().map(|a| a.iter().filter_map(|e| e["action"].as_str()).collect()).unwrap_or_default();
    assert_eq!(
        actions,
        ["mfa.recovery_code_used", "mfa.recovery_codes_regenerate", "mfa.recovery_code_used", "mfa.enable"]
    );
}

async fn disabling_needs_password_and_code(app: TestApp) {
    let (login, _) = app.register("Disable Co").await;
    let (secret, _) = app.enable_mfa(&login).await;
    let code = code_at(&secret, app.now().timestamp());
    let res =
        app.post_as(&login.access, "/api/auth/mfa/disable", &json!({"password": "wrong-password", "code": code})).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["password"]);
    let res = app.post_as(&login.access, "/api/auth/mfa/disable", &json!({"password": PASSWORD, "code": code})).await;
    assert_eq!(res.status(), 204);
    let res = app.post_json("/api/auth/login", &json!({"email": login.email, "password": PASSWORD})).await;
    assert!(expect_json(res, 200).await["access_token"].is_string(), "no second step once it is off");
}

async fn admins_are_blocked_until_enrolled(app: TestApp) {
    let admin = app.user(Role::Admin, None).await;
    for path in ["/api/admin/organizations", "/api/admin/audit-logs", "/api/admin/settings"] {
        expect_problem(app.get_as(&admin.access, path).await, 403, "mfa_enrollment_required").await;
    }
    // Their own account pages still work, so they can enrol.
    expect_json(app.get_as(&admin.access, "/api/auth/me").await, 200).await;
    app.enable_mfa(&admin).await;
    expect_json(app.get_as(&admin.access, "/api/admin/organizations").await, 200).await;
    // STAFF may use MFA but need not.
    let staff = app.user(Role::Staff, None).await;
    expect_json(app.get_as(&staff.access, "/api/admin/organizations").await, 200).await;
}

async fn an_admin_resets_another_users_mfa(app: TestApp) {
    let admin = app.admin().await;
    let (user, _) = app.register("Lost Phone Co").await;
    app.enable_mfa(&user).await;
    let staff = app.user(Role::Staff, None).await;
    let path = format!("/api/admin/users/{}/mfa/reset", user.user_id);
    expect_problem(app.post_as(&staff.access, &path, &json!({})).await, 403, "forbidden").await;
    let res = app.post_as(&admin.access, &path, &json!({})).await;
    assert_eq!(res.status(), 204);
    let res = app.post_json("/api/auth/login", &json!({"email": user.email, "password": PASSWORD})).await;
    assert!(expect_json(res, 200).await["access_token"].is_string());
    let res =
        app.post_as(&admin.access, &format!("/api/admin/users/{}/mfa/reset", uuid::Uuid::now_v7()), &json!({})).await;
    expect_problem(res, 404, "not_found").await;
    let log =
        expect_json(app.get_as(&admin.access, "/api/admin/audit-logs?action=admin.user.mfa_reset").await, 200).await;
    assert_eq!(log["items"][0]["target_id"], user.user_id.to_string());
}

async fn owners_can_require_mfa_for_their_members(app: TestApp) {
    let (owner, org) = app.register("Strict Org").await;
    let member: Login = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let body = json!({"mfa_required": true});
    let res = app.call(Method::PATCH, "/api/dashboard/organization").bearer(&owner.access).json(&body).send().await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["mfa_required"]);
    app.enable_mfa(&owner).await;
    let res = app.call(Method::PATCH, "/api/dashboard/organization").bearer(&owner.access).json(&body).send().await;
    assert_eq!(expect_json(res, 200).await["mfa_required"], true);
    expect_problem(app.get_as(&member.access, "/api/dashboard/organization").await, 403, "mfa_enrollment_required")
        .await;
    app.enable_mfa(&member).await;
    expect_json(app.get_as(&member.access, "/api/dashboard/organization").await, 200).await;
}

async fn wrong_codes_are_throttled(app: TestApp) {
    let (login, _) = app.register("Guess Co").await;
    app.enable_mfa(&login).await;
    let token = password_step(&app, &login.email).await;
    let mut statuses = Vec::new();
    for i in 0..7 {
        let res = app
            .post_json("/api/auth/mfa/verify", &json!({"mfa_token": token, "code": format!("{:06}", 100_000 + i)}))
            .await;
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
