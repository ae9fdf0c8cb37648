//! API keys: created by owners with a subset of their permissions, shown once, accepted on
//! `/api/dashboard/*` with exactly their scopes, refused elsewhere, revocable, expiring; listed
//! in cursor pages, newest first.

use reqwest::Method;
use serde_json::json;
use shared::dto::api_keys::{ApiKey, CreateApiKeyRequest};
use shared::dto::common::{DEFAULT_PAGE_SIZE, Page};
use shared::dto::organizations::{Organization, UpdateOrganizationRequest};
use shared::dto::team::Member;
use shared::{OrgRole, Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::fixtures::platform::forge_cursor;
use tests::http::{expect, expect_problem, expect_status, header, problem_fields};
use tests::{TestApp, db_test};
use uuid::Uuid;

async fn keys_work_with_exactly_their_scopes(app: TestApp) {
    let (owner, org) = app.register_confirmed("Integrations Co").await;
    let created = app.create_api_key(&owner, &key_request("CRM sync", &[Permission::OrgRead])).await;
    let key = created.key.clone();
    assert!(key.starts_with("omg_") && key.len() > 40);
    assert_eq!(created.api_key.prefix, &key[..12]);
    assert_eq!(created.api_key.permissions, [Permission::OrgRead]);
    assert_eq!(created.api_key.created_by, owner.user_id);
    // Listed without the key.
    let res = app.get_as(&owner.access, "/api/dashboard/api-keys").await;
    let raw: serde_json::Value = expect(res, 200).await;
    assert!(!raw.to_string().contains(&key));
    let list: Page<ApiKey> = serde_json::from_value(raw).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(list.items.len(), 1);

    let org_json: Organization = expect(app.get_as(&key, "/api/dashboard/organization").await, 200).await;
    assert_eq!(org_json.id, org);
    expect_problem(app.get_as(&key, "/api/dashboard/members").await, 403, "forbidden").await;
    let rename = UpdateOrganizationRequest { name: Some("x".into()), ..Default::default() };
    let res = app.patch_as(&key, "/api/dashboard/organization", &rename).await;
    expect_problem(res, 403, "forbidden").await;
    // A key cannot manage keys, see the account API or the admin API.
    expect_problem(app.get_as(&key, "/api/dashboard/api-keys").await, 403, "forbidden").await;
    expect_problem(app.get_as(&key, "/api/auth/me").await, 401, "invalid_token").await;
    expect_problem(app.get_as(&key, "/api/admin/organizations").await, 401, "invalid_token").await;
    // Another organization answers 404.
    let (_, other) = app.register("Elsewhere Co").await;
    let res = app.call(Method::GET, "/api/dashboard/organization").bearer(&key).org(other).send().await;
    expect_problem(res, 404, "not_found").await;

    let list: Page<ApiKey> = expect(app.get_as(&owner.access, "/api/dashboard/api-keys").await, 200).await;
    assert!(list.items[0].last_used_at.is_some());
    assert_eq!(list.items[0].last_used_ip.as_deref(), Some("127.0.0.1"));

    let id = created.api_key.id;
    expect_status(app.delete_as(&owner.access, &format!("/api/dashboard/api-keys/{id}")).await, 204).await;
    expect_problem(app.get_as(&key, "/api/dashboard/organization").await, 401, "invalid_token").await;

    let admin = app.admin().await;
    let actions = app.audit_actions(&admin, &format!("organization_id={org}&action=api_key.*")).await;
    assert_eq!(actions, ["api_key.revoke", "api_key.first_use", "api_key.create"]);
}

async fn only_owners_create_keys_within_their_permissions(app: TestApp) {
    let (owner, org) = app.register_confirmed("Scoped Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let body = key_request("Nope", &[Permission::OrgRead]);
    expect_problem(app.post_as(&member.access, "/api/dashboard/api-keys", &body).await, 403, "forbidden").await;
    for permissions in [vec![], vec![Permission::AdminAuditRead], vec![Permission::ApiKeysManage]] {
        let res = app.post_as(&owner.access, "/api/dashboard/api-keys", &key_request("Bad", &permissions)).await;
        assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["permissions"]);
    }
    let past = CreateApiKeyRequest {
        expires_at: Some(chrono::Utc::now() - chrono::Duration::hours(1)),
        ..key_request("Old", &[Permission::OrgRead])
    };
    let res = app.post_as(&owner.access, "/api/dashboard/api-keys", &past).await;
    assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["expires_at"]);
    // An unknown field: deliberately not a DTO.
    let res = app
        .post_as(
            &owner.access,
            "/api/dashboard/api-keys",
            &json!({"name": "x", "permissions": ["org.read"], "role": "ADMIN"}),
        )
        .await;
    expect_problem(res, 400, "malformed_request").await;
    // A key from one organization cannot be revoked from another.
    let created = app.create_api_key(&owner, &body).await;
    let (stranger, _) = app.register("Stranger Co").await;
    let res = app.delete_as(&stranger.access, &format!("/api/dashboard/api-keys/{}", created.api_key.id)).await;
    expect_problem(res, 404, "not_found").await;
}

async fn keys_expire_and_follow_their_organization(app: TestApp) {
    let (owner, org) = app.register_confirmed("Expiring Co").await;
    let body = CreateApiKeyRequest {
        expires_at: Some(app.now() + chrono::Duration::hours(1)),
        ..key_request("Temp", &[Permission::OrgRead, Permission::MembersRead])
    };
    let key = app.create_api_key(&owner, &body).await.key;
    expect::<Page<Member>>(app.get_as(&key, "/api/dashboard/members").await, 200).await;
    let admin = app.admin().await;
    app.suspend_org(&admin, org, None).await;
    expect_problem(app.get_as(&key, "/api/dashboard/members").await, 403, "org_suspended").await;
    app.reactivate_org(&admin, org).await;
    app.clock.advance(chrono::Duration::hours(2));
    expect_problem(app.get_as(&key, "/api/dashboard/members").await, 401, "invalid_token").await;
}

async fn creating_keys_needs_a_confirmed_email(app: TestApp) {
    let (owner, _) = app.register("Unconfirmed Co").await;
    let body = key_request("Too soon", &[Permission::OrgRead]);
    let problem =
        expect_problem(app.post_as(&owner.access, "/api/dashboard/api-keys", &body).await, 403, "email_unverified")
            .await;
    assert!(problem.detail.is_some_and(|d| d.contains("Confirm your email")));
    let list: Page<ApiKey> = expect(app.get_as(&owner.access, "/api/dashboard/api-keys").await, 200).await;
    assert!(list.items.is_empty(), "nothing was created");
    // The link from the registration mail confirms the address; then the key is created.
    app.confirm_email(&owner).await;
    app.create_api_key(&owner, &body).await;
}

async fn keys_come_in_cursor_pages_newest_first(app: TestApp) {
    let (owner, _) = app.register_confirmed("Many Keys Co").await;
    let mut created = Vec::new();
    for i in 0..25 {
        let key = app.create_api_key(&owner, &key_request(&format!("Key {i:02}"), &[Permission::OrgRead])).await;
        created.push(key.api_key.id);
    }
    // Another organization's keys never show up.
    let (stranger, _) = app.register_confirmed("Few Keys Co").await;
    app.create_api_key(&stranger, &key_request("Theirs", &[Permission::OrgRead])).await;
    let newest_first: Vec<Uuid> = created.iter().rev().copied().collect();

    let first: Page<ApiKey> = expect(app.get_as(&owner.access, "/api/dashboard/api-keys").await, 200).await;
    assert_eq!(first.items.len() as u64, DEFAULT_PAGE_SIZE, "the default page");
    assert!(first.next_cursor.is_some());
    assert_eq!(first.total, None, "no total unless asked for");

    let pages = app.all_pages::<ApiKey>(&owner.access, "/api/dashboard/api-keys?limit=10").await;
    assert_eq!(pages.iter().map(|p| p.items.len()).collect::<Vec<_>>(), [10, 10, 5]);
    let keys: Vec<ApiKey> = pages.into_iter().flat_map(|p| p.items).collect();
    assert_eq!(keys.iter().map(|k| k.id).collect::<Vec<_>>(), newest_first, "each key once, newest first");
    assert!(keys.windows(2).all(|w| w[0].created_at >= w[1].created_at), "newest first");
    assert_eq!(keys[0].name, "Key 24");

    let pages = app.all_pages::<ApiKey>(&owner.access, "/api/dashboard/api-keys?limit=10&total=true").await;
    assert!(pages.iter().all(|p| p.total == Some(25)), "{:?}", pages.iter().map(|p| p.total).collect::<Vec<_>>());
    let one: Page<ApiKey> = expect(app.get_as(&owner.access, "/api/dashboard/api-keys?limit=100").await, 200).await;
    assert_eq!(one.items.len(), 25);
    assert!(one.next_cursor.is_none());

    // A revoked key is still listed, and still counted.
    let revoked = newest_first[3];
    expect_status(app.delete_as(&owner.access, &format!("/api/dashboard/api-keys/{revoked}")).await, 204).await;
    let after: Page<ApiKey> =
        expect(app.get_as(&owner.access, "/api/dashboard/api-keys?limit=100&total=true").await, 200).await;
    assert_eq!(after.total, Some(25));
    assert!(after.items.iter().any(|k| k.id == revoked && k.revoked_at.is_some()));

    let by_name = forge_cursor(&json!({"s": "name", "key": {"t": "Key 10"}, "id": newest_first[9]}));
    for (query, field) in [
        ("limit=0", "limit"),
        ("limit=101", "limit"),
        ("limit=many", "limit"),
        ("cursor=not-a-cursor", "cursor"),
        ("cursor=%%%", "cursor"),
        (format!("cursor={by_name}").as_str(), "cursor"),
        ("total=maybe", "total"),
    ] {
        let res = app.get_as(&owner.access, &format!("/api/dashboard/api-keys?{query}")).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), [field], "{query}");
    }
}

/// The `RateLimit-*` headers of an answer, as numbers.
fn rate_headers(res: &reqwest::Response) -> [Option<u64>; 3] {
    ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset"].map(|h| header(res, h).and_then(|v| v.parse().ok()))
}

async fn each_key_has_its_own_request_limit(app: TestApp) {
    let (owner, _) = app.register_confirmed("Limited Co").await;
    let slow = CreateApiKeyRequest { rate_limit_per_minute: Some(3), ..key_request("Slow", &[Permission::OrgRead]) };
    let slow = app.create_api_key(&owner, &slow).await;
    assert_eq!(slow.api_key.rate_limit_per_minute, Some(3));
    let standard = app.create_api_key(&owner, &key_request("Standard", &[Permission::OrgRead])).await;
    assert_eq!(standard.api_key.rate_limit_per_minute, None);
    let path = "/api/dashboard/organization";
    // A burst of the limit, each answer saying what is left; then 429 until a request is due.
    for left in [2, 1, 0] {
        let res = app.get_as(&slow.key, path).await;
        assert_eq!(rate_headers(&res)[..2], [Some(3), Some(left)]);
        expect_status(res, 200).await;
    }
    let res = app.get_as(&slow.key, path).await;
    assert_eq!(header(&res, "retry-after").as_deref(), Some("20"), "one request every 20 seconds");
    assert_eq!(rate_headers(&res), [Some(3), Some(0), Some(60)]);
    expect_problem(res, 429, "rate_limited").await;
    // Answers the key cannot use carry the headers too; other keys and people are not limited.
    let res = app.get_as(&standard.key, "/api/dashboard/members").await;
    assert_eq!(rate_headers(&res)[..2], [Some(600), Some(599)]);
    expect_problem(res, 403, "forbidden").await;
    let res = app.get_as(&owner.access, path).await;
    assert_eq!(rate_headers(&res), [None, None, None]);
    expect_status(res, 200).await;
    app.clock.advance(chrono::Duration::seconds(20));
    let res = app.get_as(&slow.key, path).await;
    assert_eq!(rate_headers(&res), [Some(3), Some(0), Some(60)]);
    expect_status(res, 200).await;
    // Limits are whole requests a minute from 1 to 100,000.
    for bad in [0, 100_001] {
        let req =
            CreateApiKeyRequest { rate_limit_per_minute: Some(bad), ..key_request("Bad", &[Permission::OrgRead]) };
        let res = app.post_as(&owner.access, "/api/dashboard/api-keys", &req).await;
        assert_eq!(problem_fields(&expect_problem(res, 422, "validation_failed").await), ["rate_limit_per_minute"]);
    }
    // A whole number written as a float is that number (JSON Schema's integer); a fraction is not.
    let body = |limit: f64| json!({"name": "Float", "permissions": ["org.read"], "rate_limit_per_minute": limit});
    let res = app.post_as(&owner.access, "/api/dashboard/api-keys", &body(60.0)).await;
    let created: shared::dto::api_keys::CreatedApiKey = expect(res, 201).await;
    assert_eq!(created.api_key.rate_limit_per_minute, Some(60));
    let res = app.post_as(&owner.access, "/api/dashboard/api-keys", &body(1.5)).await;
    expect_problem(res, 400, "malformed_request").await;
}

async fn the_default_key_limit_is_configurable(app: TestApp) {
    let Some(app) = TestApp::spawn_with(app.engine, |c| c.api_key_rate_limit = 1).await else { return };
    let (owner, _) = app.register_confirmed("Strict Co").await;
    let key = app.create_api_key(&owner, &key_request("Once", &[Permission::OrgRead])).await;
    expect_status(app.get_as(&key.key, "/api/dashboard/organization").await, 200).await;
    let res = app.get_as(&key.key, "/api/dashboard/organization").await;
    assert_eq!(header(&res, "retry-after").as_deref(), Some("60"));
    expect_problem(res, 429, "rate_limited").await;
}

async fn parallel_creates_all_succeed(app: TestApp) {
    let (owner, _) = app.register_confirmed("Busy Co").await;
    let creates = (0..40).map(|i| {
        let req = key_request(&format!("Parallel {i}"), &[Permission::OrgRead]);
        let call = app.client.post(app.url("/api/dashboard/api-keys")).bearer_auth(&owner.access).json(&req);
        async move { call.send().await.map(|r| r.status().as_u16()).unwrap_or(0) }
    });
    let statuses = futures_util::future::join_all(creates).await;
    assert!(statuses.iter().all(|s| *s == 201), "{statuses:?}");
    let keys: Vec<ApiKey> = app.all_items(&owner.access, "/api/dashboard/api-keys").await;
    assert_eq!(keys.len(), 40);
}

db_test!(
    each_key_has_its_own_request_limit,
    the_default_key_limit_is_configurable,
    parallel_creates_all_succeed,
    keys_work_with_exactly_their_scopes,
    only_owners_create_keys_within_their_permissions,
    keys_expire_and_follow_their_organization,
    creating_keys_needs_a_confirmed_email,
    keys_come_in_cursor_pages_newest_first,
);
