//! The operator's feature flags: create, list (search, archived, sort, pages), view, change,
//! archive, overrides and plan links, with their refusals; STAFF read, ADMIN write; every change
//! audited.

use reqwest::Method;
use serde_json::json;
use shared::dto::flags::{
    CreateFeatureFlagRequest, FeatureFlag, FeatureFlagDetail, SetFlagOverrideRequest, SetFlagPlansRequest,
    UpdateFeatureFlagRequest,
};
use shared::{OrgRole, Role};
use tests::fixtures::flags::flag_request;
use tests::http::{expect, expect_problem, expect_status};
use tests::{TestApp, db_test};
use uuid::Uuid;

/// `field:code` of each refused field.
fn field_codes(problem: &shared::Problem) -> Vec<String> {
    problem.errors.iter().map(|e| format!("{}:{}", e.field, e.code)).collect()
}

fn keys(items: &[FeatureFlag]) -> Vec<&str> {
    items.iter().map(|f| f.key.as_str()).collect()
}

async fn create_validates_and_refuses_duplicate_keys(app: TestApp) {
    let admin = app.admin().await;
    let created = app.create_flag(&admin, "usage.dashboard", false, 2_500).await;
    assert_eq!(created.flag.key, "usage.dashboard");
    assert_eq!(created.flag.rollout_bp, 2_500);
    assert!(!created.flag.enabled);
    assert!(created.overrides.is_empty() && created.plan_ids.is_empty());

    let res = app.post_as(&admin.access, "/api/admin/feature-flags", &flag_request("usage.dashboard", true, 0)).await;
    expect_problem(res, 409, "flag_key_taken").await;

    for (key, code) in [
        ("", "required"),
        ("a", "too_short"),
        ("Usage", "invalid_format"),
        ("_usage", "invalid_format"),
        ("usage dashboard", "invalid_format"),
        (&"k".repeat(65), "too_long"),
    ] {
        let res = app.post_as(&admin.access, "/api/admin/feature-flags", &flag_request(key, false, 0)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem.errors[0].field, "key", "{key:?}");
        assert_eq!(problem.errors[0].code, code, "{key:?}");
    }
    for bp in [-1, 10_001] {
        let res = app.post_as(&admin.access, "/api/admin/feature-flags", &flag_request("fine-key", false, bp)).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(field_codes(&problem), ["rollout_bp:out_of_range"], "{bp}");
    }
    let long = CreateFeatureFlagRequest { description: Some("d".repeat(501)), ..flag_request("fine-key", false, 0) };
    let problem =
        expect_problem(app.post_as(&admin.access, "/api/admin/feature-flags", &long).await, 422, "validation_failed")
            .await;
    assert_eq!(field_codes(&problem), ["description:too_long"]);
    let unknown = json!({ "key": "fine-key", "colour": "red" });
    expect_problem(app.post_as(&admin.access, "/api/admin/feature-flags", &unknown).await, 400, "malformed_request")
        .await;

    // A whole number written as a float is a whole number (JSON Schema's integer).
    let float = json!({ "key": "float.rollout", "rollout_bp": 2500.0 });
    let made: FeatureFlagDetail =
        expect(app.post_as(&admin.access, "/api/admin/feature-flags", &float).await, 201).await;
    assert_eq!(made.flag.rollout_bp, 2_500);
    let fraction = json!({ "key": "fraction.rollout", "rollout_bp": 2500.5 });
    expect_problem(app.post_as(&admin.access, "/api/admin/feature-flags", &fraction).await, 400, "malformed_request")
        .await;
    // A change is a JSON object (or no body, which changes nothing).
    let patch = format!("/api/admin/feature-flags/{}", made.flag.id);
    expect_problem(app.patch_as(&admin.access, &patch, &json!([null, null])).await, 400, "malformed_request").await;
    let res = app.call(Method::PATCH, &patch).bearer(&admin.access).send().await;
    let same: FeatureFlagDetail = expect(res, 200).await;
    assert_eq!(same.flag, made.flag);

    // The edges of the rollout are accepted.
    let full = app.create_flag(&admin, "full", false, 10_000).await;
    assert_eq!(full.flag.rollout_bp, 10_000);
    app.create_flag(&admin, "0zero", false, 0).await;

    // A retried create with the same Idempotency-Key answers the first answer again.
    let body = flag_request("retried.flag", true, 0);
    let first = app
        .call(Method::POST, "/api/admin/feature-flags")
        .bearer(&admin.access)
        .idempotency_key("k-1")
        .json(&body)
        .send()
        .await;
    let first: FeatureFlagDetail = expect(first, 201).await;
    let again = app
        .call(Method::POST, "/api/admin/feature-flags")
        .bearer(&admin.access)
        .idempotency_key("k-1")
        .json(&body)
        .send()
        .await;
    assert_eq!(tests::http::header(&again, "Idempotent-Replayed").as_deref(), Some("true"));
    let again: FeatureFlagDetail = expect(again, 201).await;
    assert_eq!(first.flag.id, again.flag.id);
    let other = flag_request("other.flag", true, 0);
    let res = app
        .call(Method::POST, "/api/admin/feature-flags")
        .bearer(&admin.access)
        .idempotency_key("k-1")
        .json(&other)
        .send()
        .await;
    expect_problem(res, 422, "idempotency_key_reused").await;
}

async fn list_searches_filters_sorts_and_pages(app: TestApp) {
    let admin = app.admin().await;
    for key in ["delta", "alpha.beta", "charlie_100", "bravo-x", "echo"] {
        app.create_flag(&admin, key, false, 0).await;
    }
    let by_key: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags?limit=2").await;
    assert_eq!(keys(&by_key), ["alpha.beta", "bravo-x", "charlie_100", "delta", "echo"]);
    let desc: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags?limit=2&sort=-key").await;
    assert_eq!(keys(&desc), ["echo", "delta", "charlie_100", "bravo-x", "alpha.beta"]);
    let newest: Vec<FeatureFlag> =
        app.all_items(&admin.access, "/api/admin/feature-flags?limit=3&sort=-created_at").await;
    assert_eq!(keys(&newest), ["echo", "bravo-x", "charlie_100", "alpha.beta", "delta"]);
    let oldest: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags?sort=created_at").await;
    assert_eq!(keys(&oldest), ["delta", "alpha.beta", "charlie_100", "bravo-x", "echo"]);

    let found: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags?q=ALPHA").await;
    assert_eq!(keys(&found), ["alpha.beta"]);
    let found: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags?q=flag%20charlie").await;
    assert_eq!(keys(&found), ["charlie_100"], "descriptions are searched");
    let found: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags?q=_").await;
    assert_eq!(keys(&found), ["charlie_100"], "_ is matched literally");

    let echo = by_key[4].id;
    app.archive_flag(&admin, echo, true).await;
    let in_use: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags").await;
    assert_eq!(keys(&in_use), ["alpha.beta", "bravo-x", "charlie_100", "delta"], "archived flags are not listed");
    let archived: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags?archived=true").await;
    assert_eq!(keys(&archived), ["echo"]);
    assert!(archived[0].archived_at.is_some());
    let res = app.get_as(&admin.access, "/api/admin/feature-flags?sort=size").await;
    expect_problem(res, 422, "validation_failed").await;
}

async fn view_change_archive_overrides_and_plans_are_audited(app: TestApp) {
    let admin = app.admin().await;
    let (_, org) = app.register("Flagged Org").await;
    let flag = app.create_flag(&admin, "billing.portal", false, 0).await.flag;
    let path = format!("/api/admin/feature-flags/{}", flag.id);

    let view: FeatureFlagDetail = expect(app.get_as(&admin.access, &path).await, 200).await;
    assert_eq!(view.flag, flag);
    let nobody = Uuid::now_v7();
    expect_problem(app.get_as(&admin.access, &format!("/api/admin/feature-flags/{nobody}")).await, 404, "not_found")
        .await;

    let change = UpdateFeatureFlagRequest {
        description: Some("Billing pages".into()),
        enabled: Some(true),
        rollout_bp: Some(500),
    };
    let changed = app.update_flag(&admin, flag.id, change.clone()).await.flag;
    assert_eq!((changed.description.as_str(), changed.enabled, changed.rollout_bp), ("Billing pages", true, 500));
    // The same change again changes nothing and writes no entry.
    app.update_flag(&admin, flag.id, change).await;
    let too_big = UpdateFeatureFlagRequest { rollout_bp: Some(10_001), ..Default::default() };
    let problem = expect_problem(app.patch_as(&admin.access, &path, &too_big).await, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["rollout_bp:out_of_range"]);

    let with_override = app.set_flag_override(&admin, flag.id, org, false).await;
    assert_eq!(with_override.overrides.len(), 1);
    assert_eq!(with_override.overrides[0].organization.id, org);
    assert!(!with_override.overrides[0].enabled);
    assert_eq!(with_override.flag.override_count, 1);
    app.set_flag_override(&admin, flag.id, org, true).await;
    let res = app
        .call(Method::PUT, &format!("{path}/overrides/{nobody}"))
        .bearer(&admin.access)
        .json(&SetFlagOverrideRequest { enabled: true })
        .send()
        .await;
    expect_problem(res, 404, "not_found").await;
    let res = app
        .call(Method::PUT, &format!("/api/admin/feature-flags/{nobody}/overrides/{org}"))
        .bearer(&admin.access)
        .json(&SetFlagOverrideRequest { enabled: true })
        .send()
        .await;
    expect_problem(res, 404, "not_found").await;
    app.remove_flag_override(&admin, flag.id, org).await;
    expect_problem(app.delete_as(&admin.access, &format!("{path}/overrides/{org}")).await, 404, "not_found").await;

    let (plan_a, plan_b) = (Uuid::now_v7(), Uuid::now_v7());
    let plans = SetFlagPlansRequest { plan_ids: vec![plan_b, plan_a, plan_b] };
    let res = app.call(Method::PUT, &format!("{path}/plans")).bearer(&admin.access).json(&plans).send().await;
    let linked: FeatureFlagDetail = expect(res, 200).await;
    let mut want = vec![plan_a, plan_b];
    want.sort();
    assert_eq!(linked.plan_ids, want, "repeats count once");
    let too_many = SetFlagPlansRequest { plan_ids: (0..101).map(|_| Uuid::now_v7()).collect() };
    let res = app.call(Method::PUT, &format!("{path}/plans")).bearer(&admin.access).json(&too_many).send().await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(field_codes(&problem), ["plan_ids:too_many"]);

    app.archive_flag(&admin, flag.id, true).await;
    let res = app.call(Method::POST, &format!("{path}/archive")).bearer(&admin.access).send().await;
    expect_problem(res, 409, "conflict").await;
    let back = app.archive_flag(&admin, flag.id, false).await;
    assert!(back.flag.archived_at.is_none());
    assert_eq!(back.plan_ids, want, "plan links survive the archive");
    let res = app.call(Method::POST, &format!("{path}/unarchive")).bearer(&admin.access).send().await;
    expect_problem(res, 409, "conflict").await;

    let log = app.audit_log(&admin, "action=admin.feature_flag.*&limit=100").await;
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(
        actions,
        [
            "admin.feature_flag.unarchive",
            "admin.feature_flag.archive",
            "admin.feature_flag.plans_set",
            "admin.feature_flag.override_remove",
            "admin.feature_flag.override_set",
            "admin.feature_flag.override_set",
            "admin.feature_flag.update",
            "admin.feature_flag.create",
        ]
    );
    assert!(
        log.items
            .iter()
            .all(|e| e.target_id.as_deref() == Some(&flag.id.to_string()) && e.actor_id == Some(admin.user_id))
    );
    let update = &log.items[6].details;
    assert_eq!(update["rollout_bp"], json!({ "from": 0, "to": 500 }));
    assert_eq!(update["enabled"], json!({ "from": false, "to": true }));
    assert_eq!(update["description"]["to"], json!("Billing pages"));
    assert_eq!(log.items[5].details, json!({ "key": "billing.portal", "from": null, "to": false }));
    assert_eq!(log.items[4].details, json!({ "key": "billing.portal", "from": false, "to": true }));
    assert_eq!(log.items[3].details, json!({ "key": "billing.portal", "from": true, "to": null }));
    assert_eq!(log.items[3].organization_id, Some(org));
    assert_eq!(log.items[2].details["to"], json!(want));
    assert_eq!(log.items[2].details["from"], json!([]));
}

async fn staff_read_admins_write_clients_are_refused(app: TestApp) {
    let admin = app.admin().await;
    let staff = app.user(Role::Staff, None).await;
    let (owner, org) = app.register("Client Org").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let flag = app.create_flag(&admin, "staff.visible", true, 0).await.flag;
    let path = format!("/api/admin/feature-flags/{}", flag.id);

    let list: Vec<FeatureFlag> = app.all_items(&staff.access, "/api/admin/feature-flags").await;
    assert_eq!(keys(&list), ["staff.visible"]);
    expect_status(app.get_as(&staff.access, &path).await, 200).await;

    let create = flag_request("staff.made", false, 0);
    let change = UpdateFeatureFlagRequest { enabled: Some(false), ..Default::default() };
    let set = SetFlagOverrideRequest { enabled: false };
    let plans = SetFlagPlansRequest { plan_ids: vec![Uuid::now_v7()] };
    for who in [&staff, &owner, &member] {
        let refused = [
            app.post_as(&who.access, "/api/admin/feature-flags", &create).await,
            app.patch_as(&who.access, &path, &change).await,
            app.call(Method::POST, &format!("{path}/archive")).bearer(&who.access).send().await,
            app.call(Method::POST, &format!("{path}/unarchive")).bearer(&who.access).send().await,
            app.call(Method::PUT, &format!("{path}/overrides/{org}")).bearer(&who.access).json(&set).send().await,
            app.delete_as(&who.access, &format!("{path}/overrides/{org}")).await,
            app.call(Method::PUT, &format!("{path}/plans")).bearer(&who.access).json(&plans).send().await,
        ];
        for res in refused {
            expect_problem(res, 403, "forbidden").await;
        }
    }
    for who in [&owner, &member] {
        expect_problem(app.get_as(&who.access, "/api/admin/feature-flags").await, 403, "forbidden").await;
        expect_problem(app.get_as(&who.access, &path).await, 403, "forbidden").await;
    }
    // Nothing changed.
    let view: FeatureFlagDetail = expect(app.get_as(&admin.access, &path).await, 200).await;
    assert_eq!(view.flag, flag);
    let all: Vec<FeatureFlag> = app.all_items(&admin.access, "/api/admin/feature-flags").await;
    assert_eq!(all.len(), 1);
}

db_test!(
    create_validates_and_refuses_duplicate_keys,
    list_searches_filters_sorts_and_pages,
    view_change_archive_overrides_and_plans_are_audited,
    staff_read_admins_write_clients_are_refused
);
