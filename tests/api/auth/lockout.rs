//! Throttling and lockout of sign-in: per account, race-safe, expiring (with the server's
//! clock moved, not slept through).

use shared::Role;
use shared::dto::auth::{AuthResponse, LoginRequest};
use tests::fixtures::unique_email;
use tests::http::{expect, expect_problem, header};
use tests::{PASSWORD, TestApp, db_test};

fn body(email: &str, password: &str) -> LoginRequest {
    LoginRequest { email: email.to_owned(), password: password.to_owned() }
}

async fn attempt(app: &TestApp, email: &str, password: &str) -> reqwest::Response {
    app.post_json("/api/auth/login", &body(email, password)).await
}

async fn back_off_then_lock_then_expire(app: TestApp) {
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

db_test!(back_off_then_lock_then_expire, parallel_guesses_cannot_pass_the_limit, unknown_accounts_are_throttled_too);
