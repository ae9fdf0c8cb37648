//! Forgotten and changed passwords, email verification, mail through the durable job queue.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::Role;
use shared::dto::auth::{
    AuthResponse, ChangePasswordRequest, ForgotPasswordRequest, LoginRequest, Me, ResetPasswordRequest,
    VerifyEmailRequest,
};
use tests::fixtures::auth::login_request;
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem, expect_status, problem_fields};
use tests::{TestApp, db_test};

/// The token of the last link in the last email to `to` whose link path is `path`.
const NEW_PASSWORD: &str = "A-Brand-New-Passphrase-7";

fn forgot(email: &str) -> ForgotPasswordRequest {
    ForgotPasswordRequest { email: email.to_owned() }
}

fn reset(token: &str, password: &str) -> ResetPasswordRequest {
    ResetPasswordRequest { token: token.to_owned(), password: password.to_owned() }
}

fn change(current: &str, new: &str) -> ChangePasswordRequest {
    ChangePasswordRequest { current_password: current.to_owned(), new_password: new.to_owned() }
}

fn with_password(email: &str, password: &str) -> LoginRequest {
    LoginRequest { email: email.to_owned(), password: password.to_owned() }
}

async fn forgot_always_answers_202_and_mails_a_single_use_link(app: TestApp) {
    let (login, _) = app.register("Forgetful Co").await;
    let known = app.post_json("/api/auth/password/forgot", &forgot(&login.email.to_uppercase())).await;
    expect_status(known, 202).await;
    let unknown = app.post_json("/api/auth/password/forgot", &forgot(&unique_email("nobody"))).await;
    expect_status(unknown, 202).await;
    assert!(app.sent_mail().is_empty(), "mail goes through the queue");
    assert!(app.run_jobs().await >= 2, "the verification and the reset email");
    let token = app.link_token(&login.email, "/reset-password");
    assert!(token.len() > 30);
    // A weak password does not use the token up.
    let res = app.post_json("/api/auth/password/reset", &reset(&token, "password1")).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["password"]);
    let res = app.post_json("/api/auth/password/reset", &reset(&token, NEW_PASSWORD)).await;
    expect_status(res, 204).await;
    // Every session ended; the new password works; the token is spent.
    expect_problem(app.get_as(&login.access, "/api/auth/me").await, 401, "session_revoked").await;
    let res = app.post_json("/api/auth/login", &with_password(&login.email, NEW_PASSWORD)).await;
    expect::<AuthResponse>(res, 200).await;
    let res = app.post_json("/api/auth/password/reset", &reset(&token, "Another-Passphrase-8")).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["token"]);
    app.run_jobs().await;
    assert!(app.sent_mail().iter().any(|m| m.contains("Your OMGsystems password was changed")));
}

async fn reset_links_expire_after_30_minutes(app: TestApp) {
    let email = unique_email("slow");
    app.create_user(Role::Client, &email).await;
    expect_status(app.post_json("/api/auth/password/forgot", &forgot(&email)).await, 202).await;
    app.run_jobs().await;
    let token = app.link_token(&email, "/reset-password");
    app.clock.advance(chrono::Duration::minutes(31));
    let res = app.post_json("/api/auth/password/reset", &reset(&token, NEW_PASSWORD)).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["token"]);
    let res = app.post_json("/api/auth/login", &login_request(&email)).await;
    expect::<AuthResponse>(res, 200).await;
}

async fn changing_the_password_ends_other_sessions(app: TestApp) {
    let (here, _) = app.register("Changer Co").await;
    let elsewhere = app.login(&here.email).await;
    let path = "/api/auth/password/change";
    let res = app.post_as(&here.access, path, &change("nope-nope-nope", NEW_PASSWORD)).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["current_password"]);
    let res = app.post_as(&here.access, path, &change(tests::PASSWORD, "12345678")).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["new_password"]);
    let res = app.post_as(&here.access, path, &change(tests::PASSWORD, NEW_PASSWORD)).await;
    expect_status(res, 204).await;
    expect::<Me>(app.get_as(&here.access, "/api/auth/me").await, 200).await;
    expect_problem(app.get_as(&elsewhere.access, "/api/auth/me").await, 401, "session_revoked").await;
    let res = app.post_json("/api/auth/login", &login_request(&here.email)).await;
    expect_problem(res, 401, "invalid_credentials").await;
}

async fn registration_mails_a_verification_link(app: TestApp) {
    let (login, _) = app.register("Verify Co").await;
    app.run_jobs().await;
    let token = app.link_token(&login.email, "/verify-email");
    let me: Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert!(!me.user.email_verified);
    let verify = VerifyEmailRequest { token: token.clone() };
    expect_status(app.post_json("/api/auth/email/verify", &verify).await, 204).await;
    let me: Me = expect(app.get_as(&login.access, "/api/auth/me").await, 200).await;
    assert!(me.user.email_verified);
    let res = app.post_json("/api/auth/email/verify", &verify).await;
    expect_problem(res, 422, "validation_failed").await;
    let res = app.call(reqwest::Method::POST, "/api/auth/email/verify/resend").bearer(&login.access).send().await;
    expect_problem(res, 409, "conflict").await;
}

async fn verification_links_can_be_resent(app: TestApp) {
    let (login, _) = app.register("Resend Co").await;
    let res = app.call(reqwest::Method::POST, "/api/auth/email/verify/resend").bearer(&login.access).send().await;
    expect_status(res, 202).await;
    app.run_jobs().await;
    let links = app.sent_mail().iter().filter(|m| m.contains("/verify-email?token=")).count();
    assert_eq!(links, 2);
}

async fn queued_mail_survives_a_restart(mut app: TestApp) {
    let email = unique_email("durable");
    app.create_user(Role::Client, &email).await;
    expect_status(app.post_json("/api/auth/password/forgot", &forgot(&email)).await, 202).await;
    // The server goes down before any worker ran the job.
    app.restart().await;
    assert!(app.sent_mail().is_empty());
    assert_eq!(app.run_jobs().await, 1);
    app.link_token(&email, "/reset-password");
    assert_eq!(app.run_jobs().await, 0, "a job runs once");
}

async fn failed_deliveries_are_retried_with_back_off(app: TestApp) {
    // An SMTP server that is not there.
    let closed = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .unwrap_or_else(|e| panic!("finding a closed port: {e}"));
    let Some(app2) = TestApp::spawn_with(app.engine, |c| c.smtp_url = Some(format!("smtp://127.0.0.1:{closed}"))).await
    else {
        return;
    };
    drop(app);
    let email = unique_email("retry");
    app2.create_user(Role::Client, &email).await;
    expect_status(app2.post_json("/api/auth/password/forgot", &forgot(&email)).await, 202).await;
    assert_eq!(app2.run_jobs().await, 1);
    assert_eq!(app2.run_jobs().await, 0, "not due again yet");
    let job = api::entities::platform::job::Entity::find()
        .filter(api::entities::platform::job::Column::Kind.is_not_in(["maintenance", "file_purge"]))
        .one(&app2.state.db)
        .await
        .unwrap_or_else(|e| panic!("reading the job: {e}"))
        .unwrap_or_else(|| panic!("job"));
    assert_eq!(job.attempts, 1);
    assert!(job.done_at.is_none() && job.last_error.is_some());
    app2.clock.advance(chrono::Duration::seconds(31));
    assert_eq!(app2.run_jobs().await, 1, "retried after the back-off");
    let job = api::entities::platform::job::Entity::find()
        .filter(api::entities::platform::job::Column::Kind.is_not_in(["maintenance", "file_purge"]))
        .one(&app2.state.db)
        .await
        .unwrap_or_else(|e| panic!("reading the job: {e}"))
        .unwrap_or_else(|| panic!("job"));
    assert_eq!(job.attempts, 2);
}

async fn a_sign_in_from_a_new_device_is_mailed(app: TestApp) {
    let (login, _) = app.register("Devices Co").await;
    app.run_jobs().await;
    let before = app.sent_mail().len();
    // The same client again: nothing.
    app.login(&login.email).await;
    app.run_jobs().await;
    assert_eq!(app.sent_mail().len(), before);
    let res = app
        .client
        .post(app.url("/api/auth/login"))
        .header("User-Agent", "Mozilla/5.0 (iPhone) Safari")
        .json(&login_request(&login.email))
        .send()
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    expect::<AuthResponse>(res, 200).await;
    app.run_jobs().await;
    let mail = app.sent_mail();
    assert!(mail.iter().any(|m| m.contains("New sign-in to your OMGsystems account") && m.contains("iPhone")));
}

db_test!(
    forgot_always_answers_202_and_mails_a_single_use_link,
    reset_links_expire_after_30_minutes,
    changing_the_password_ends_other_sessions,
    registration_mails_a_verification_link,
    verification_links_can_be_resent,
    queued_mail_survives_a_restart,
    failed_deliveries_are_retried_with_back_off,
    a_sign_in_from_a_new_device_is_mailed,
);
