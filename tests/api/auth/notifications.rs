//! Email notification preferences: every category on until turned off; security always sent.

use reqwest::Method;
use serde_json::json;
use shared::dto::auth::ChangePasswordRequest;
use shared::dto::notifications::{NotificationCategory, NotificationPreferences};
use tests::http::{expect, expect_problem, expect_status, problem_fields};
use tests::{PASSWORD, TestApp, db_test};

fn enabled(prefs: &NotificationPreferences, category: NotificationCategory) -> bool {
    prefs.preferences.iter().find(|p| p.category == category).map(|p| p.enabled).unwrap_or_else(|| panic!("{category}"))
}

async fn every_category_is_on_until_turned_off_and_security_stays_on(app: TestApp) {
    let (owner, _) = app.register_confirmed("Quiet Co").await;
    let prefs: NotificationPreferences =
        expect(app.get_as(&owner.access, "/api/auth/me/notifications").await, 200).await;
    assert_eq!(prefs.preferences.len(), NotificationCategory::ALL.len());
    assert!(prefs.preferences.iter().all(|p| p.enabled));
    assert_eq!(
        prefs.preferences.iter().filter(|p| !p.optional).map(|p| p.category).collect::<Vec<_>>(),
        [NotificationCategory::Security]
    );

    let put = |body: serde_json::Value| {
        app.call(Method::PUT, "/api/auth/me/notifications").bearer(&owner.access).json(&body).send()
    };
    let off = json!({"preferences": [{"category": "automations", "enabled": false}, {"category": "product", "enabled": false}]});
    let prefs: NotificationPreferences = expect(put(off).await, 200).await;
    assert!(!enabled(&prefs, NotificationCategory::Automations));
    assert!(!enabled(&prefs, NotificationCategory::Product));
    assert!(enabled(&prefs, NotificationCategory::Team), "the others stay as they were");
    // Turning one back on keeps the other off; the answer is what a later read sees.
    let prefs: NotificationPreferences =
        expect(put(json!({"preferences": [{"category": "product", "enabled": true}]})).await, 200).await;
    assert!(enabled(&prefs, NotificationCategory::Product));
    let read: NotificationPreferences =
        expect(app.get_as(&owner.access, "/api/auth/me/notifications").await, 200).await;
    assert_eq!(read, prefs);
    assert!(!enabled(&read, NotificationCategory::Automations));

    // Refusals change nothing.
    let res = put(json!({"preferences": [{"category": "security", "enabled": false}]})).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["preferences[0].category"]);
    let twice = json!({"preferences": [{"category": "team", "enabled": false}, {"category": "team", "enabled": true}]});
    assert_eq!(
        problem_fields(&expect_problem(put(twice).await, 422, "validation_failed").await),
        ["preferences[1].category"]
    );
    let unknown = put(json!({"preferences": [{"category": "spam", "enabled": false}]})).await;
    assert!(unknown.status().is_client_error());
    let read: NotificationPreferences =
        expect(app.get_as(&owner.access, "/api/auth/me/notifications").await, 200).await;
    assert_eq!(read, prefs);
    let anonymous = app.call(Method::GET, "/api/auth/me/notifications").send().await;
    expect_problem(anonymous, 401, "unauthenticated").await;

    // Security mail goes whatever the preferences, with the footer that says so.
    let all_off: Vec<_> = NotificationCategory::ALL
        .iter()
        .filter(|c| c.optional())
        .map(|c| json!({"category": c.as_str(), "enabled": false}))
        .collect();
    expect_status(put(json!({ "preferences": all_off })).await, 200).await;
    let change = ChangePasswordRequest {
        current_password: PASSWORD.to_owned(),
        new_password: "A-Brand-New-Passphrase-7".to_owned(),
    };
    expect_status(app.post_as(&owner.access, "/api/auth/password/change", &change).await, 204).await;
    app.run_jobs().await;
    let mail = app.sent_mail();
    let sent = mail.iter().find(|m| m.contains("Your OMGsystems password was changed")).expect("the security notice");
    assert!(sent.contains(&format!("To: {}", owner.email)));
    assert!(sent.contains("because of activity on your OMGsystems account"));
    assert!(!sent.contains("preferences"), "security mail has no preferences link: {sent}");
}

db_test!(every_category_is_on_until_turned_off_and_security_stays_on);

async fn batched_notices_send_one_email_per_window(app: TestApp) {
    use api::notices::Notice;
    use api::services::auth::notices::SecurityAlert;
    use api::services::platform::notify::{Recipient, notify_batched};
    let (owner, _) = app.register_confirmed("Batch Co").await;
    app.run_jobs().await;
    let before = app.sent_mail().len();
    let me: shared::dto::auth::Me = expect(app.get_as(&owner.access, "/api/auth/me").await, 200).await;
    let (app, user_id) = (&app, me.user.id);
    let queue = |what: &'static str| async move {
        let tx = app.state.begin_write().await.unwrap_or_else(|e| panic!("{e}"));
        let notice = Notice::Security(SecurityAlert::MfaChanged { what: what.to_owned() });
        let window = chrono::Duration::minutes(10);
        notify_batched(&tx, app.state.now(), Recipient::User(user_id), notice, "thread-1", window)
            .await
            .unwrap_or_else(|e| panic!("{e}"));
        tx.commit().await.unwrap_or_else(|e| panic!("{e}"));
    };
    queue("first").await;
    queue("second").await;
    assert_eq!(app.run_jobs().await, 0, "a batch waits for its window");
    app.clock.advance(chrono::Duration::minutes(10));
    assert_eq!(app.run_jobs().await, 1, "one job for the whole window");
    let mail = app.sent_mail();
    assert_eq!(mail.len(), before + 1);
    assert!(mail[before].contains("first"));
    // Once sent, the next notice starts a new window.
    queue("third").await;
    app.clock.advance(chrono::Duration::minutes(10));
    assert_eq!(app.run_jobs().await, 1);
    assert!(app.sent_mail().last().is_some_and(|m| m.contains("third")));
}

db_test!(batched_notices_send_one_email_per_window);
