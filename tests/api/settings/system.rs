//! System settings: ADMIN only, typed by the registry (`shared::settings`), validated with field
//! errors, audited; `signup_mode` governs registration and `signups_enabled` is a view of it; the
//! schema endpoint describes the registry.

use std::collections::BTreeSet;

use serde_json::{Value, json};
use shared::Role;
use shared::dto::auth::AuthResponse;
use shared::dto::settings::{SettingType, SettingsSchema, SystemSettings, UpdateSystemSettingsRequest};
use shared::settings::SettingKind;
use shared::settings::platform::{SIGNUP_MODE, SIGNUPS_ENABLED};
use tests::fixtures::Login;
use tests::fixtures::auth::{login_request, register_request};
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};

/// `field:code` of each refused field.
fn problem_fields(problem: &shared::Problem) -> Vec<String> {
    problem.errors.iter().map(|e| format!("{}:{}", e.field, e.code)).collect()
}

fn set(key: &str, value: Value) -> UpdateSystemSettingsRequest {
    UpdateSystemSettingsRequest([(key.to_owned(), value)].into_iter().collect())
}

async fn settings(app: &TestApp, admin: &Login) -> SystemSettings {
    expect(app.get_as(&admin.access, "/api/admin/settings").await, 200).await
}

async fn admins_close_and_reopen_signups(app: TestApp) {
    let admin = app.admin().await;
    let s = settings(&app, &admin).await;
    assert_eq!(
        serde_json::to_value(&s).unwrap_or_else(|e| panic!("{e}")),
        json!({
            "signup_mode": "open",
            "signups_enabled": true,
            "support_email": "",
            "sales_email": "",
            "default_trial_days": 14,
            "file_max_size_mib": 25,
            "file_org_quota_mib": 1024,
        })
    );
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
    assert_eq!(log.items[1].details["after"]["signup_mode"], "closed");
    assert_eq!(log.items[0].details["before"]["signup_mode"], "closed");
    assert_eq!(log.items[0].details["after"]["signup_mode"], "open");
}

async fn signup_mode_governs_registration(app: TestApp) {
    let admin = app.admin().await;
    let patch = |body: Value| {
        let token = admin.access.clone();
        let app = &app;
        async move { app.patch_as(&token, "/api/admin/settings", &body).await }
    };
    let s: SystemSettings = expect(patch(json!({"signup_mode": "invite_only"})).await, 200).await;
    assert_eq!(s.0["signup_mode"], "invite_only");
    assert!(s.bool("signups_enabled"), "invite_only still lets invited people register");
    let body = register_request("Invited Co");
    expect_problem(app.post_json("/api/auth/register", &body).await, 403, "invite_required").await;

    // Writing signups_enabled moves the mode: false closes, true opens.
    let s: SystemSettings = expect(patch(json!({"signups_enabled": false})).await, 200).await;
    assert_eq!(s.0["signup_mode"], "closed");
    expect_problem(app.post_json("/api/auth/register", &body).await, 403, "signups_disabled").await;
    let s: SystemSettings = expect(patch(json!({"signups_enabled": true})).await, 200).await;
    assert_eq!(s.0["signup_mode"], "open");

    // Both keys at once must agree; the whole GET body sent back is a valid change.
    for (mode, enabled) in [("open", false), ("invite_only", false), ("closed", true)] {
        let res = patch(json!({"signup_mode": mode, "signups_enabled": enabled})).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), ["signups_enabled:inconsistent"], "{mode} {enabled}");
    }
    let mut whole = expect::<SystemSettings>(patch(json!({})).await, 200).await;
    whole.0.insert("signup_mode".into(), json!("invite_only"));
    let s: SystemSettings = expect(patch(serde_json::to_value(&whole).unwrap_or_default()).await, 200).await;
    assert_eq!(s, whole);
    let s: SystemSettings = expect(patch(json!({"signup_mode": "closed", "signups_enabled": false})).await, 200).await;
    assert!(!s.bool("signups_enabled"));
    let s: SystemSettings = expect(patch(json!({"signup_mode": "open"})).await, 200).await;
    assert!(s.bool("signups_enabled"));
    expect::<AuthResponse>(app.post_json("/api/auth/register", &body).await, 201).await;

    let registrations = app.audit_log(&admin, "action=auth.register").await;
    let reasons: Vec<&Value> = registrations.items.iter().filter_map(|e| e.details.get("reason")).collect();
    assert_eq!(reasons, [&json!("signups_disabled"), &json!("invite_required")]);
    // Six changes (invite_only, closed, open, invite_only, closed, open); the empty one is none.
    let log = app.audit_log(&admin, "action=admin.settings.update").await;
    assert_eq!(log.items.len(), 6, "{:?}", log.items);
}

async fn values_are_validated_with_field_errors(app: TestApp) {
    let admin = app.admin().await;
    let before = settings(&app, &admin).await;
    let cases = [
        (json!({"default_trial_days": 366}), vec!["default_trial_days:out_of_range"]),
        (json!({"default_trial_days": -1}), vec!["default_trial_days:out_of_range"]),
        (json!({"support_email": "not an address"}), vec!["support_email:invalid_format"]),
        (json!({"sales_email": "sales@localhost"}), vec!["sales_email:invalid_format"]),
        (json!({"sales_email": format!("{}@example.com", "s".repeat(250))}), vec!["sales_email:too_long"]),
        (json!({"signup_mode": "sometimes"}), vec!["signup_mode:out_of_range"]),
        (
            json!({"default_trial_days": 400, "support_email": "@example.com", "signup_mode": "open"}),
            vec!["default_trial_days:out_of_range", "support_email:invalid_format"],
        ),
    ];
    for (body, fields) in cases {
        let res = app.patch_as(&admin.access, "/api/admin/settings", &body).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), fields, "{body}");
    }
    assert_eq!(settings(&app, &admin).await, before, "a refused change changes nothing");

    let body =
        json!({"support_email": "  Help@Example.COM ", "default_trial_days": 0, "sales_email": "sales@example.com"});
    let s: SystemSettings = expect(app.patch_as(&admin.access, "/api/admin/settings", &body).await, 200).await;
    assert_eq!(s.0["support_email"], "help@example.com", "stored trimmed and lower-cased");
    assert_eq!(s.0["default_trial_days"], 0);
    // A whole number written as a float is a whole number (JSON Schema's integer).
    let body = json!({"default_trial_days": 30.0});
    let s: SystemSettings = expect(app.patch_as(&admin.access, "/api/admin/settings", &body).await, 200).await;
    assert_eq!(s.0["default_trial_days"], json!(30));
    let res = app.patch_as(&admin.access, "/api/admin/settings", &json!({"default_trial_days": 30.5})).await;
    expect_problem(res, 400, "malformed_request").await;
    let body = json!({"support_email": "", "default_trial_days": 365});
    let s: SystemSettings = expect(app.patch_as(&admin.access, "/api/admin/settings", &body).await, 200).await;
    assert_eq!((&s.0["support_email"], &s.0["default_trial_days"]), (&json!(""), &json!(365)));
    assert_eq!(s.0["sales_email"], "sales@example.com");

    // The same values again change nothing and are not audited again.
    let same: SystemSettings = expect(app.patch_as(&admin.access, "/api/admin/settings", &body).await, 200).await;
    assert_eq!(same, s);
    let log = app.audit_log(&admin, "action=admin.settings.update").await;
    assert_eq!(log.items.len(), 3);
    assert_eq!(log.items[0].details["before"]["default_trial_days"], 30);
    assert_eq!(log.items[0].details["after"]["default_trial_days"], 365);
    assert_eq!(log.items[0].details["before"]["support_email"], "help@example.com");
    assert_eq!(log.items[0].details["after"]["support_email"], "");
}

async fn the_schema_describes_every_setting_by_area(app: TestApp) {
    let admin = app.admin().await;
    let schema: SettingsSchema = expect(app.get_as(&admin.access, "/api/admin/settings/schema").await, 200).await;
    assert_eq!(schema, SettingsSchema::of_registry());
    let areas: Vec<&str> = schema.areas.iter().map(|a| a.area.as_str()).collect();
    assert_eq!(areas, ["platform", "support", "growth", "billing", "files"]);
    let described: Vec<&str> = schema.areas.iter().flat_map(|a| a.settings.iter().map(|s| s.key.as_str())).collect();
    let registered: Vec<&str> = shared::settings::all().map(|s| s.key).collect();
    assert_eq!(described, registered);
    let find = |key: &str| schema.areas.iter().flat_map(|a| &a.settings).find(|s| s.key == key).cloned();
    let trial = find("default_trial_days").unwrap_or_else(|| panic!("default_trial_days is described"));
    assert_eq!(trial.setting_type, SettingType::Integer);
    assert_eq!((trial.minimum, trial.maximum, &trial.default), (Some(0), Some(365), &json!(14)));
    let mode = find(SIGNUP_MODE.key).unwrap_or_else(|| panic!("signup_mode is described"));
    assert_eq!(mode.setting_type, SettingType::Choice);
    assert_eq!(mode.options, ["open", "invite_only", "closed"]);
    assert!(!mode.label.is_empty() && !mode.help.is_empty());
    let email = find("support_email").unwrap_or_else(|| panic!("support_email is described"));
    assert_eq!((email.setting_type, email.max_length, &email.default), (SettingType::Email, Some(254), &json!("")));

    let staff = app.user(Role::Staff, None).await;
    expect_problem(app.get_as(&staff.access, "/api/admin/settings/schema").await, 403, "forbidden").await;
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
        SettingKind::Email => json!(true),
    }
}

/// A valid value other than the default.
fn another_value(kind: SettingKind) -> Value {
    match kind {
        SettingKind::Bool { default } => json!(!default),
        SettingKind::Integer { default, min, max } => json!(if default < max { default + 1 } else { min }),
        SettingKind::Choice { default, options } => json!(options.iter().find(|o| **o != default).unwrap_or(&default)),
        SettingKind::Email => json!("someone@example.com"),
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
    signup_mode_governs_registration,
    values_are_validated_with_field_errors,
    the_schema_describes_every_setting_by_area,
    settings_are_typed_and_admin_only,
    every_registered_setting_is_listed_with_its_default,
    bad_patches_are_refused_and_change_nothing,
);
