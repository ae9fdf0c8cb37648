//! System settings: ADMIN only, typed by the registry (`shared::settings`), audited;
//! `signups_enabled` closes registration.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use shared::Role;
use shared::dto::auth::AuthResponse;
use shared::dto::settings::{SystemSettings, UpdateSystemSettingsRequest};
use shared::settings::{SettingKind, platform::SIGNUPS_ENABLED};
use tests::fixtures::Login;
use tests::fixtures::auth::{login_request, register_request};
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};

fn set(key: &str, value: Value) -> UpdateSystemSettingsRequest {
    UpdateSystemSettingsRequest([(key.to_owned(), value)].into_iter().collect())
}

async fn settings(app: &TestApp, admin: &Login) -> SystemSettings {
    expect(app.get_as(&admin.access, "/api/admin/settings").await, 200).await
}

async fn admins_close_and_reopen_signups(app: TestApp) {
    let admin = app.admin().await;
    let s = settings(&app, &admin).await;
    assert_eq!(serde_json::to_value(&s).unwrap_or_else(|e| panic!("{e}")), json!({"signups_enabled": true}));
    let res = app.patch_as(&admin.access, "/api/admin/settings", &set(SIGNUPS_ENABLED.key, json!(false))).await;
    assert!(!expect::<SystemSettings>(res, 200).await.bool("signups_enabled"));

    let body = register_request("Late Co");
    expect_problem(app.post_json("/api/auth/register", &body).await, 403, "signups_disabled").await;
    let res = app.post_json("/api/auth/login", &login_request(&body.email)).await;
    expect_problem(res, 401, "invalid_credentials").await;

    let res = app.patch_as(&admin.access, "/api/admin/settings", &set(SIGNUPS_ENABLED.key, json!(true))).await;
    assert!(expect::<SystemSettings>(res, 200).await.bool("signups_enabled"));
    expect::<AuthResponse>(app.post_json("/api/auth/register", &body).await, 201).await;

    let log = app.audit_log(&admin, "action=admin.settings.update").await;
    assert_eq!(log.items.len(), 2);
    assert_eq!(log.items[1].details["after"]["signups_enabled"], false);
}

async fn settings_are_typed_and_admin_only(app: TestApp) {
    let admin = app.admin().await;
    // A wrong type and an unknown key: deliberately raw JSON.
    let res = app.patch_as(&admin.access, "/api/admin/settings", &json!({"signups_enabled": "no"})).await;
    expect_problem(res, 400, "malformed_request").await;
    let res = app.patch_as(&admin.access, "/api/admin/settings", &json!({"maintenance": true})).await;
    expect_problem(res, 400, "malformed_request").await;
    let staff = app.user(Role::Staff, None).await;
    expect_problem(app.get_as(&staff.access, "/api/admin/settings").await, 403, "forbidden").await;
    let res = app.patch_as(&staff.access, "/api/admin/settings", &set(SIGNUPS_ENABLED.key, json!(false))).await;
    expect_problem(res, 403, "forbidden").await;
    assert!(settings(&app, &admin).await.bool("signups_enabled"));
}

async fn every_registered_setting_is_listed_with_its_default(app: TestApp) {
    let admin = app.admin().await;
    let s = settings(&app, &admin).await;
    let listed: BTreeSet<&str> = s.0.keys().map(String::as_str).collect();
    let registered: BTreeSet<&str> = shared::settings::all().map(|spec| spec.key).collect();
    assert!(!registered.is_empty());
    assert_eq!(listed, registered, "GET /api/admin/settings lists exactly the registry's keys");
    for spec in shared::settings::all() {
        let value = &s.0[spec.key];
        assert_eq!(spec.check(value), Ok(()), "{}: {value}", spec.key);
        assert_eq!(value, &spec.default_value(), "{} starts at its default", spec.key);
    }
}

/// A value of another JSON type than the setting's.
fn wrong_type(kind: SettingKind) -> Value {
    match kind {
        SettingKind::Bool { .. } => json!("yes"),
        SettingKind::Integer { .. } => json!(true),
        SettingKind::Choice { .. } => json!(1),
    }
}

/// A valid value other than the default.
fn another_value(kind: SettingKind) -> Value {
    match kind {
        SettingKind::Bool { default } => json!(!default),
        SettingKind::Integer { default, min, max } => json!(if default < max { default + 1 } else { min }),
        SettingKind::Choice { default, options } => json!(options.iter().find(|o| **o != default).unwrap_or(&default)),
    }
}

async fn bad_patches_are_refused_and_change_nothing(app: TestApp) {
    let admin = app.admin().await;
    let before = settings(&app, &admin).await;
    for spec in shared::settings::all() {
        // A wrong type, alone or next to a valid change of another setting.
        let res = app.patch_as(&admin.access, "/api/admin/settings", &json!({spec.key: wrong_type(spec.kind)})).await;
        expect_problem(res, 400, "malformed_request").await;
        for other in shared::settings::all().filter(|o| o.key != spec.key) {
            let body = json!({spec.key: wrong_type(spec.kind), other.key: another_value(other.kind)});
            let res = app.patch_as(&admin.access, "/api/admin/settings", &body).await;
            expect_problem(res, 400, "malformed_request").await;
        }
        // An unknown key next to a valid change.
        let body = json!({spec.key: another_value(spec.kind), "no_such_setting": true});
        let res = app.patch_as(&admin.access, "/api/admin/settings", &body).await;
        expect_problem(res, 400, "malformed_request").await;
        let body = json!({spec.key: another_value(spec.kind), "Signups_Enabled": another_value(spec.kind)});
        let res = app.patch_as(&admin.access, "/api/admin/settings", &body).await;
        expect_problem(res, 400, "malformed_request").await;
    }
    for body in [json!({"no_such_setting": 1}), json!({"": true}), json!([]), json!(null), json!("signups_enabled")] {
        let res = app.patch_as(&admin.access, "/api/admin/settings", &body).await;
        expect_problem(res, 400, "malformed_request").await;
    }
    assert_eq!(settings(&app, &admin).await, before, "nothing changed");
    let log = app.audit_log(&admin, "action=admin.settings.update").await;
    assert!(log.items.is_empty(), "a refused change is not audited as one: {:?}", log.items);
}

db_test!(
    admins_close_and_reopen_signups,
    settings_are_typed_and_admin_only,
    every_registered_setting_is_listed_with_its_default,
    bad_patches_are_refused_and_change_nothing,
);
