//! Throttling and lockout of sign-in: per account, race-safe, expiring (with the server's
//! clock moved, not slept through); refusals audited once per window; a lock lifted on one
//! instance ends on the others.

use api::services::platform::refusals::{Flush, WINDOW};
use api::services::platform::throttle::lock_cache::TRUST_FOR;
use shared::Role;
use shared::dto::auth::{AuthResponse, ForgotPasswordRequest, LoginRequest, ResetPasswordRequest};
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem, expect_status, header};
use tests::{PASSWORD, TestApp, db_test};

fn body(email: &str, password: &str) -> LoginRequest {
    LoginRequest { email: email.to_owned(), password: password.to_owned() }
}

async fn attempt(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post_json("/api/auth/login", &body(email, password)).await
}

async fn back_off_then_lock_then_expire(app: TestApp) {
    // The first back-off lasts one second: however long the hashing takes, it must not pass.
    app.clock.freeze();
    let email = unique_email("locked");
    app.create_user(Role::Client, &email).await;
    for _ in 0..5 {
        expect_problem(attempt(&app, &email, "wrong-password").await, 401, "invalid_credentials").await;
    }
    // From the fifth failure on, each waits longer.
    let res = attempt(&app, &email, PASSWORD).await;
    assert_eq!(header(&res, "retry-after").as_deref(), Some("1"));
    expect_problem(res, 429, "rate_limited").await;
    for _ in 5..10 {
        app.clock.advance(chrono::Duration::seconds(20));
        expect_problem(attempt(&app, &email, "wrong-password").await, 401, "invalid_credentials").await;
    }
    // Ten failures: locked for 15 minutes, even with the right password.
    let res = attempt(&app, &email, PASSWORD).await;
    let retry = header(&res, "retry-after");
    let seconds: u64 =
        retry.as_deref().and_then(|v| v.parse().ok()).unwrap_or_else(|| panic!("Retry-After: {retry:?}"));
    assert!((890..=900).contains(&seconds), "{seconds}");
    expect_problem(res, 429, "rate_limited").await;
    app.clock.advance(chrono::Duration::minutes(16));
    expect::<AuthResponse>(attempt(&app, &email, PASSWORD).await, 200).await;
    // Success starts the count over.
    expect_problem(attempt(&app, &email, "wrong-password").await, 401, "invalid_credentials").await;
    expect::<AuthResponse>(attempt(&app, &email, PASSWORD).await, 200).await;

    let admin = app.admin().await;
    let log = app.audit_log(&admin, "action=auth.lockout").await;
    assert!(!log.items.is_empty(), "the lockout is audited");
    assert_eq!(log.items[0].actor_email.as_deref(), Some(email.as_str()));
}

async fn parallel_guesses_cannot_pass_the_limit(app: TestApp) {
    let email = unique_email("parallel");
    app.create_user(Role::Client, &email).await;
    let calls = (0..20).map(|_| {
        let req = app.client.post(app.url("/api/auth/login")).json(&body(&email, "wrong-password"));
        async move { req.send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
    });
    let statuses = futures_util::future::join_all(calls).await;
    assert_eq!(statuses.iter().filter(|s| **s == 401).count(), 5, "{statuses:?}");
    assert_eq!(statuses.iter().filter(|s| **s == 429).count(), 15, "{statuses:?}");
}

async fn unknown_accounts_are_throttled_too(app: TestApp) {
    let email = unique_email("nobody");
    for _ in 0..5 {
        expect_problem(attempt(&app, &email, "whatever-1").await, 401, "invalid_credentials").await;
    }
    expect_problem(attempt(&app, &email, "whatever-1").await, 429, "rate_limited").await;
}

/// Writes the refusal windows that `mode` selects, as the server's flusher would.
async fn flush_refusals(app: &TestApp, mode: Flush) -> usize {
    app.state.refusals.flush(&app.state.db, app.now(), mode).await.unwrap_or_else(|e| panic!("flushing: {e}"))
}

async fn refused_attempts_are_audited_once_per_window(app: TestApp) {
    let email = unique_email("storm");
    for _ in 0..5 {
        expect_problem(attempt(&app, &email, "whatever-1").await, 401, "invalid_credentials").await;
    }
    for _ in 5..10 {
        app.clock.advance(chrono::Duration::seconds(20));
        expect_problem(attempt(&app, &email, "whatever-1").await, 401, "invalid_credentials").await;
    }
    // Locked for 15 minutes: every attempt now is refused.
    for _ in 0..7 {
        expect_problem(attempt(&app, &email, "whatever-1").await, 429, "rate_limited").await;
    }
    let admin = app.admin().await;
    let refusals = async || {
        let log = app.audit_log(&admin, "action=auth.login").await;
        log.items.into_iter().filter(|e| e.details["reason"] == "rate_limited").collect::<Vec<_>>()
    };
    // The window is still open: nothing written yet.
    assert_eq!(flush_refusals(&app, Flush::Closed).await, 0);
    assert!(refusals().await.is_empty());
    app.clock.advance(WINDOW);
    assert_eq!(flush_refusals(&app, Flush::Closed).await, 1);
    let entries = refusals().await;
    assert_eq!(entries.len(), 1, "one entry for the window: {entries:#?}");
    let entry = &entries[0];
    assert_eq!(entry.details["count"], 7);
    assert_eq!(entry.actor_email.as_deref(), Some(email.as_str()));
    assert_eq!(entry.ip.as_deref(), Some("127.0.0.1"));
    assert!(entry.details["first_at"].as_str() <= entry.details["last_at"].as_str());
    // A new window starts with the next refusal; stopping writes whatever is open.
    expect_problem(attempt(&app, &email, "whatever-1").await, 429, "rate_limited").await;
    assert_eq!(flush_refusals(&app, Flush::All).await, 1);
    let counts: Vec<_> = refusals().await.iter().map(|e| e.details["count"].clone()).collect();
    assert_eq!(counts, [1, 7]);
}

async fn a_lock_lifted_on_one_instance_ends_on_the_others(app: TestApp) {
    // A second server on the same database stands in for another instance.
    if app.engine != tests::Engine::Postgres {
        return;
    }
    let url = app.state.config.database_url.clone();
    let Some(second) = TestApp::spawn_with(tests::Engine::Sqlite, |c| c.database_url = url).await else { return };
    let email = unique_email("lifted");
    app.create_user(Role::Client, &email).await;
    for _ in 0..5 {
        expect_problem(attempt(&app, &email, "wrong-password").await, 401, "invalid_credentials").await;
    }
    for _ in 5..10 {
        app.clock.advance(chrono::Duration::seconds(20));
        expect_problem(attempt(&app, &email, "wrong-password").await, 401, "invalid_credentials").await;
    }
    // Locked on both; the second instance now remembers the lock.
    expect_problem(attempt(&app, &email, PASSWORD).await, 429, "rate_limited").await;
    expect_problem(attempt(&second, &email, PASSWORD).await, 429, "rate_limited").await;
    // The owner resets the password on the first instance, which lifts the lock there at once.
    let forgot = ForgotPasswordRequest { email: email.clone() };
    expect_status(app.post_json("/api/auth/password/forgot", &forgot).await, 202).await;
    app.run_jobs().await;
    let token = app.link_token(&email, "/reset-password");
    let new_password = "Lifted-Lock-Password-7";
    let reset = ResetPasswordRequest { token, password: new_password.into() };
    expect_status(app.post_json("/api/auth/password/reset", &reset).await, 204).await;
    expect::<AuthResponse>(attempt(&app, &email, new_password).await, 200).await;
    // The other instance trusts what it remembered only briefly, then reads the database again.
    expect_problem(attempt(&second, &email, new_password).await, 429, "rate_limited").await;
    second.clock.advance(TRUST_FOR);
    expect::<AuthResponse>(attempt(&second, &email, new_password).await, 200).await;
}

db_test!(
    back_off_then_lock_then_expire,
    parallel_guesses_cannot_pass_the_limit,
    unknown_accounts_are_throttled_too,
    refused_attempts_are_audited_once_per_window,
    a_lock_lifted_on_one_instance_ends_on_the_others,
);
