//! The current user's sessions: cursor pages, revoke one, revoke the others; idle and absolute
//! expiry.

use reqwest::Method;
use shared::Role;
use shared::dto::auth::{AuthResponse, Me, RefreshRequest, RevokedCount, Session};
use shared::dto::common::{DEFAULT_PAGE_SIZE, Page};
use tests::fixtures::platform::forge_cursor;
use tests::fixtures::{Login, unique_email};
use tests::http::{expect, expect_problem, expect_status, problem_fields};
use tests::{TestApp, db_test};
use uuid::Uuid;

fn refresh_body(token: &str) -> RefreshRequest {
    RefreshRequest { refresh_token: Some(token.to_owned()) }
}

async fn sessions(app: &TestApp, who: &Login) -> Vec<Session> {
    let page: Page<Session> = expect(app.get_as(&who.access, "/api/auth/sessions").await, 200).await;
    assert!(page.next_cursor.is_none(), "one page: {page:?}");
    page.items
}

async fn sessions_are_listed_and_revoked(app: TestApp) {
    let email = unique_email("sess");
    app.create_user(Role::Client, &email).await;
    let phone = app.login(&email).await;
    let laptop = app.login(&email).await;
    let tablet = app.login(&email).await;
    let items = sessions(&app, &laptop).await;
    assert_eq!(items.len(), 3);
    assert_eq!(items.iter().filter(|s| s.current).count(), 1);
    assert!(items.iter().all(|s| s.ip.as_deref() == Some("127.0.0.1")));

    // Revoke the phone from the laptop.
    let phone_sid = items.iter().find(|s| !s.current).map(|s| s.id).unwrap_or_else(|| panic!("another session"));
    let path = format!("/api/auth/sessions/{phone_sid}");
    expect_status(app.delete_as(&laptop.access, &path).await, 204).await;
    expect_problem(app.delete_as(&laptop.access, &path).await, 404, "not_found").await;
    assert_eq!(sessions(&app, &laptop).await.len(), 2);

    // Revoke the others.
    let res = app.call(Method::POST, "/api/auth/sessions/revoke-others").bearer(&laptop.access).send().await;
    let n: RevokedCount = expect(res, 200).await;
    assert_eq!(n.revoked, 1);
    let revoked = [&phone, &tablet].iter().filter(|l| l.access != laptop.access).count();
    assert_eq!(revoked, 2);
    expect_problem(app.get_as(&tablet.access, "/api/auth/me").await, 401, "session_revoked").await;
    expect::<Me>(app.get_as(&laptop.access, "/api/auth/me").await, 200).await;
    assert_eq!(sessions(&app, &laptop).await.len(), 1);
}

async fn another_users_session_cannot_be_revoked(app: TestApp) {
    let (alice, _) = app.register("Alice Co").await;
    let (bob, _) = app.register("Bob Co").await;
    let bobs = sessions(&app, &bob).await;
    assert_eq!(bobs.len(), 1);
    let res = app.delete_as(&alice.access, &format!("/api/auth/sessions/{}", bobs[0].id)).await;
    expect_problem(res, 404, "not_found").await;
    expect::<Me>(app.get_as(&bob.access, "/api/auth/me").await, 200).await;
}

async fn idle_and_absolute_timeouts_end_sessions(app: TestApp) {
    let (client, _) = app.register("Idle Co").await;
    let admin = app.admin().await;
    // Operators' sessions idle out after an hour; customers' last longer.
    app.clock.advance(chrono::Duration::minutes(61));
    let res = app.post_json("/api/auth/refresh", &refresh_body(&admin.refresh)).await;
    expect_problem(res, 401, "session_revoked").await;
    let res = app.post_json("/api/auth/refresh", &refresh_body(&client.refresh)).await;
    let fresh = Login::from_auth_response(&expect::<AuthResponse>(res, 200).await);
    // Past the absolute lifetime nothing keeps a session alive.
    app.clock.advance(chrono::Duration::days(31));
    let res = app.post_json("/api/auth/refresh", &refresh_body(&fresh.refresh)).await;
    expect_problem(res, 401, "session_revoked").await;
}

async fn sessions_come_in_cursor_pages_newest_first(app: TestApp) {
    let email = unique_email("devices");
    app.create_user(Role::Client, &email).await;
    let mut logins = Vec::new();
    for _ in 0..25 {
        logins.push(app.login(&email).await);
    }
    let newest = logins.last().cloned().unwrap_or_else(|| panic!("25 sign-ins"));
    let expected: Vec<Uuid> = logins.iter().rev().map(Login::session_id).collect();

    // The default page is 20, without a total unless asked for.
    let first: Page<Session> = expect(app.get_as(&newest.access, "/api/auth/sessions").await, 200).await;
    assert_eq!(first.items.len() as u64, DEFAULT_PAGE_SIZE);
    assert!(first.next_cursor.is_some());
    assert_eq!(first.total, None);

    let pages = app.all_pages::<Session>(&newest.access, "/api/auth/sessions?limit=10").await;
    let sizes: Vec<usize> = pages.iter().map(|p| p.items.len()).collect();
    assert_eq!(sizes, [10, 10, 5]);
    let items: Vec<Session> = pages.into_iter().flat_map(|p| p.items).collect();
    let ids: Vec<Uuid> = items.iter().map(|s| s.id).collect();
    assert_eq!(ids, expected, "every session once, the newest sign-in first");
    assert!(items.windows(2).all(|w| w[0].last_seen_at >= w[1].last_seen_at), "ordered by last use: {items:?}");
    assert_eq!(items.iter().filter(|s| s.current).map(|s| s.id).collect::<Vec<_>>(), [newest.session_id()]);

    let all: Page<Session> = expect(app.get_as(&newest.access, "/api/auth/sessions?limit=100").await, 200).await;
    assert_eq!(all.items.iter().map(|s| s.id).collect::<Vec<_>>(), expected);
    assert!(all.next_cursor.is_none());
    let one: Page<Session> = expect(app.get_as(&newest.access, "/api/auth/sessions?limit=1").await, 200).await;
    assert_eq!(one.items.len(), 1);

    // Another person's sessions never show up.
    let (other, _) = app.register("Other Devices").await;
    assert_eq!(sessions(&app, &other).await.len(), 1);

    let by_name = forge_cursor(&serde_json::json!({"s": "name", "key": {"t": "x"}, "id": Uuid::now_v7()}));
    let no_key = forge_cursor(&serde_json::json!({"s": "default", "id": Uuid::now_v7()}));
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=ten", "limit"),
        ("limit=-1", "limit"),
        ("cursor=garbage", "cursor"),
        (format!("cursor={by_name}").as_str(), "cursor"),
        (format!("cursor={no_key}").as_str(), "cursor"),
    ] {
        let res = app.get_as(&newest.access, &format!("/api/auth/sessions?{query}")).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), [field], "{query}");
    }
}

db_test!(
    sessions_are_listed_and_revoked,
    another_users_session_cannot_be_revoked,
    idle_and_absolute_timeouts_end_sessions,
    sessions_come_in_cursor_pages_newest_first,
);
