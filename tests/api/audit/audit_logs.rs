//! The audit trail: filters, pages, who acted (a person or an API key), and no way to change it
//! through the API.

use reqwest::Method;
use serde_json::json;
use shared::dto::audit::{ActorType, AuditLogEntry, AuditOutcome};
use shared::dto::organizations::{Organization, UpdateOrganizationRequest};
use shared::{Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};
use uuid::Uuid;

async fn filters_and_pages(app: TestApp) {
    let admin = app.admin().await;
    let (alice, org_a) = app.register("Audit A").await;
    let (_bob, _org_b) = app.register("Audit B").await;
    for _ in 0..3 {
        app.login(&alice.email).await;
    }
    let items = app.audit_log(&admin, &format!("actor_id={}&limit=100", alice.user_id)).await.items;
    assert_eq!(items.len(), 4, "alice registered and signed in three times: {items:?}");
    assert!(items.iter().all(|e| e.actor_id == Some(alice.user_id)));
    assert_eq!(items.iter().filter(|e| e.action == "auth.login").count(), 3, "registering is not a login");
    assert_eq!(items.iter().filter(|e| e.action == "auth.register").count(), 1);

    let items = app.audit_log(&admin, &format!("organization_id={org_a}")).await.items;
    assert_eq!(items.len(), 1);
    assert_eq!(items[0].action, "auth.register");

    let prefix = app.audit_log(&admin, "action=auth.*&limit=100").await.items;
    // The admin's sign-in, two registrations and alice's three sign-ins.
    assert_eq!(prefix.len(), 6, "{prefix:?}");
    assert!(prefix.iter().all(|e| e.action.starts_with("auth.")), "{prefix:?}");
    let exact = app.audit_log(&admin, "action=auth.login&limit=100").await.items;
    assert_eq!(exact.len(), 4, "{exact:?}");
    assert!(exact.iter().all(|e| e.action == "auth.login"), "{exact:?}");

    // Pages: newest first, no duplicates, nothing missed.
    let pages = app.all_pages::<AuditLogEntry>(&admin.access, "/api/admin/audit-logs?limit=3").await;
    assert!(pages.len() > 1, "several pages");
    assert!(pages.iter().all(|p| p.items.len() <= 3));
    let ids: Vec<Uuid> = pages.into_iter().flat_map(|p| p.items).map(|e| e.id).collect();
    let all = app.audit_log(&admin, "limit=100").await;
    assert!(all.next_cursor.is_none(), "everything fits one page of 100");
    let all_ids: Vec<Uuid> = all.items.iter().map(|e| e.id).collect();
    assert!(!all_ids.is_empty());
    assert_eq!(ids, all_ids);
    let mut sorted = ids.clone();
    sorted.sort();
    sorted.reverse();
    assert_eq!(ids, sorted, "newest first");
}

async fn time_range_filters(app: TestApp) {
    let admin = app.admin().await;
    let before = chrono::Utc::now() - chrono::Duration::seconds(1);
    app.register("Timed").await;
    let since = before.to_rfc3339_opts(chrono::SecondsFormat::Millis, true);
    let page = app.audit_log(&admin, &format!("action=auth.register&since={since}")).await;
    assert_eq!(page.items.len(), 1);
    let page = app.audit_log(&admin, &format!("action=auth.register&until={since}")).await;
    assert_eq!(page.items.len(), 0);
}

async fn the_trail_cannot_be_changed_or_read_by_customers(app: TestApp) {
    let admin = app.admin().await;
    for m in [Method::POST, Method::PUT, Method::PATCH, Method::DELETE] {
        let res = app.call(m, "/api/admin/audit-logs").bearer(&admin.access).json(&json!({})).send().await;
        expect_problem(res, 405, "method_not_allowed").await;
    }
    let client = app.user(Role::Client, None).await;
    expect_problem(app.get_as(&client.access, "/api/admin/audit-logs").await, 403, "forbidden").await;
    let denied = app.audit_log(&admin, "action=admin.access_denied").await.items;
    assert_eq!(denied.len(), 1, "{denied:?}");
    assert_eq!(denied[0].actor_id, Some(client.user_id));
    assert_eq!(denied[0].actor_type, ActorType::User);
    assert_eq!(denied[0].outcome, AuditOutcome::Failure);
    assert_eq!(denied[0].details["path"], "/api/admin/audit-logs");
}

async fn entries_tell_a_person_from_an_api_key(app: TestApp) {
    let (owner, org) = app.register_confirmed("Keyed Co").await;
    let created =
        app.create_api_key(&owner, &key_request("Renamer", &[Permission::OrgRead, Permission::OrgUpdate])).await;
    let by_key = UpdateOrganizationRequest { name: Some("Renamed by key".into()), ..Default::default() };
    let res = app.patch_as(&created.key, "/api/dashboard/organization", &by_key).await;
    assert_eq!(expect::<Organization>(res, 200).await.name, "Renamed by key");
    let by_person = UpdateOrganizationRequest { name: Some("Renamed by owner".into()), ..Default::default() };
    let res = app.patch_as(&owner.access, "/api/dashboard/organization", &by_person).await;
    assert_eq!(expect::<Organization>(res, 200).await.name, "Renamed by owner");

    let admin = app.admin().await;
    let entries = app.audit_log(&admin, "action=org.update").await.items;
    assert_eq!(entries.len(), 2, "{entries:?}");
    let (person, key) = (&entries[0], &entries[1]);

    assert_eq!(key.actor_type, ActorType::ApiKey);
    assert_eq!(key.api_key_id, Some(created.api_key.id));
    assert_eq!(key.actor_id, Some(owner.user_id), "a key acts for its creator");
    assert_eq!(key.actor_email.as_deref(), Some(owner.email.as_str()));
    assert_eq!(key.organization_id, Some(org));
    assert_eq!(key.details["name"]["to"], "Renamed by key");

    assert_eq!(person.actor_type, ActorType::User);
    assert_eq!(person.api_key_id, None);
    assert_eq!(person.actor_id, Some(owner.user_id));
    assert_eq!(person.organization_id, Some(org));
    assert_eq!(person.details["name"]["to"], "Renamed by owner");

    // On the wire: a person's entry has no `api_key_id` at all.
    let raw: serde_json::Value =
        expect(app.get_as(&admin.access, "/api/admin/audit-logs?action=org.update").await, 200).await;
    assert_eq!(raw["items"][0]["actor_type"], "user");
    assert!(raw["items"][0].get("api_key_id").is_none(), "{raw}");
    assert_eq!(raw["items"][1]["actor_type"], "api_key");
    assert_eq!(raw["items"][1]["api_key_id"], created.api_key.id.to_string());

    // A key's first use is its own entry, by the key.
    let first_use = app.audit_log(&admin, "action=api_key.first_use").await.items;
    assert_eq!(first_use.len(), 1, "{first_use:?}");
    assert_eq!(first_use[0].actor_type, ActorType::ApiKey);
    assert_eq!(first_use[0].api_key_id, Some(created.api_key.id));
    // Sign-ins are a person's.
    let logins = app.audit_log(&admin, "action=auth.login").await.items;
    assert!(!logins.is_empty());
    assert!(logins.iter().all(|e| e.actor_type == ActorType::User && e.api_key_id.is_none()), "{logins:?}");
}

db_test!(
    filters_and_pages,
    time_range_filters,
    the_trail_cannot_be_changed_or_read_by_customers,
    entries_tell_a_person_from_an_api_key,
);
