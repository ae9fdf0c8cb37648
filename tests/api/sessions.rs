//! The current user's sessions: list, revoke one, revoke the others; idle and absolute expiry.

use reqwest::Method;
use shared::Role;
use tests::fixtures::unique_email;
use tests::http::{expect_json, expect_problem};
use tests::{TestApp, db_test};

async fn sessions_are_listed_and_revoked(app: TestApp) {
    let email = unique_email("sess");
    app.create_user(Role::Client, &email).await;
    let phone = app.login(&email).await;
    let laptop = app.login(&email).await;
    let tablet = app.login(&email).await;
    let list = expect_json(app.get_as(&laptop.access, "/api/auth/sessions").await, 200).await;
    let items = list["items"].as_array().cloned().unwrap_or_default();
    assert_eq!(items.len(), 3);
    assert_eq!(items.iter().filter(|s| s["current"] == true).count(), 1);
    assert!(items.iter().all(|s| s["ip"] == "127.0.0.1"));

    // Revoke the phone from the laptop.
    let phone_sid = items
        .iter()
        .find(|s| s["current"] == false)
        .and_then(|s| s["id"].as_str())
        .map(str::to_owned)
        .unwrap_or_default();
    let res = app.call(Method::DELETE, &format!("/api/auth/sessions/{phone_sid}")).bearer(&laptop.access).send().await;
    assert_eq!(res.status(), 204);
    let res = app.call(Method::DELETE, &format!("/api/auth/sessions/{phone_sid}")).bearer(&laptop.access).send().await;
    expect_problem(res, 404, "not_found").await;
    let left = expect_json(app.get_as(&laptop.access, "/api/auth/sessions").await, 200).await;
    assert_eq!(left["items"].as_array().map(Vec::len), Some(2));

    // Revoke the others.
    let res = app.call(Method::POST, "/api/auth/sessions/revoke-others").bearer(&laptop.access).send().await;
    let n = expect_json(res, 200).await;
    assert_eq!(n["revoked"], 1);
    let revoked = [&phone, &tablet].iter().filter(|l| l.access != laptop.access).count();
    assert_eq!(revoked, 2);
    expect_problem(app.get_as(&tablet.access, "/api/auth/me").await, 401, "session_revoked").await;
    expect_json(app.get_as(&laptop.access, "/api/auth/me").await, 200).await;
    let list = expect_json(app.get_as(&laptop.access, "/api/auth/sessions").await, 200).await;
    assert_eq!(list["items"].as_array().map(Vec::len), Some(1));
}

async fn another_users_session_cannot_be_revoked(app: TestApp) {
    let (alice, _) = app.register("Alice Co").await;
    let (bob, _) = app.register("Bob Co").await;
    let bobs = expect_json(app.get_as(&bob.access, "/api/auth/sessions").await, 200).await;
    let bob_sid = bobs["items"][0]["id"].as_str().unwrap_or_default().to_owned();
    let res = app.call(Method::DELETE, &format!("/api/auth/sessions/{bob_sid}")).bearer(&alice.access).send().await;
    expect_problem(res, 404, "not_found").await;
    expect_json(app.get_as(&bob.access, "/api/auth/me").await, 200).await;
}

async fn idle_and_absolute_timeouts_end_sessions(app: TestApp) {
    let (client, _) = app.register("Idle Co").await;
    let admin = app.admin().await;
    // Operators' sessions idle out after an hour; customers' last longer.
    app.clock.advance(chrono::Duration::minutes(61));
    let res = app.post_json("/api/auth/refresh", &serde_json::json!({"refresh_token": admin.refresh})).await;
    expect_problem(res, 401, "session_revoked").await;
    let res = app.post_json("/api/auth/refresh", &serde_json::json!({"refresh_token": client.refresh})).await;
    let fresh = expect_json(res, 200).await;
    let refresh = fresh["refresh_token"].as_str().unwrap_or_default().to_owned();
    // Past the absolute lifetime nothing keeps a session alive.
    app.clock.advance(chrono::Duration::days(31));
    let res = app.post_json("/api/auth/refresh", &serde_json::json!({"refresh_token": refresh})).await;
    expect_problem(res, 401, "session_revoked").await;
}

db_test!(
    sessions_are_listed_and_revoked,
    another_users_session_cannot_be_revoked,
    idle_and_absolute_timeouts_end_sessions
);
