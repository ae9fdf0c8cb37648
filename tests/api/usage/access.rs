//! Who may report and read usage: only ingest keys report (a customer's session or API key is
//! refused, and an ingest key works nowhere else); STAFF issue and revoke keys; customers never
//! see them; the audit trail names the key as the actor of its first use.

use api::entities::organizations::organization;
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter};
use shared::dto::api_keys::ApiKey;
use shared::dto::audit::ActorType;
use shared::dto::common::Page;
use shared::dto::usage::admin::IngestKey;
use shared::{OrgRole, Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::fixtures::usage::{INGEST, batch, event};
use tests::http::{expect, expect_problem, expect_status};
use tests::{TestApp, db_test};

use super::at;

async fn only_ingest_keys_report_usage(app: TestApp) {
    app.travel_to(at("2031-03-10T12:00:00Z"));
    let (owner, org) = app.register_confirmed("Acme").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let staff = app.user(Role::Staff, None).await;
    let body = batch(vec![event("e-1", "api_calls", "1", app.now())]);
    expect_problem(app.post_as(&owner.access, INGEST, &body).await, 403, "forbidden").await;
    expect_problem(app.post_as(&member.access, INGEST, &body).await, 403, "forbidden").await;
    let customer_key =
        app.create_api_key(&owner, &key_request("Reporter", &[Permission::OrgRead, Permission::UsageRead])).await.key;
    expect_problem(app.post_as(&customer_key, INGEST, &body).await, 403, "forbidden").await;
    let made_up = key_request("Writer", &[Permission::UsageWrite]);
    let problem =
        expect_problem(app.post_as(&owner.access, "/api/dashboard/api-keys", &made_up).await, 422, "validation_failed")
            .await;
    assert_eq!(problem.errors[0].field, "permissions", "no customer key can carry usage.write");
    expect_problem(app.call(reqwest::Method::POST, INGEST).json(&body).send().await, 401, "unauthenticated").await;
    expect_problem(app.post_as("omgi_made-up", INGEST, &body).await, 401, "invalid_token").await;

    // STAFF issue keys; the key reports for its organization and works nowhere else.
    let issued = app.issue_ingest_key(&staff, org).await;
    assert_eq!(app.ingest(&issued.key, &body).await.accepted, 1);
    for path in ["/api/dashboard/usage", "/api/dashboard/usage-events", "/api/dashboard/organization", "/api/auth/me"] {
        expect_problem(app.get_as(&issued.key, path).await, 401, "invalid_token").await;
    }
    expect_problem(app.get_as(&issued.key, "/api/admin/usage/totals").await, 401, "invalid_token").await;
    let with_org = app.call(reqwest::Method::GET, "/api/dashboard/usage").bearer(&issued.key).org(org).send().await;
    expect_problem(with_org, 401, "invalid_token").await;

    // Customers never see ingest keys; operators do.
    let theirs: Page<ApiKey> = expect(app.get_as(&owner.access, "/api/dashboard/api-keys").await, 200).await;
    assert_eq!(theirs.items.iter().map(|k| k.name.as_str()).collect::<Vec<_>>(), ["Reporter"]);
    let path = format!("/api/admin/usage/organizations/{org}/ingest-keys");
    let listed: Page<IngestKey> = expect(app.get_as(&staff.access, &path).await, 200).await;
    assert_eq!(listed.items.len(), 1);
    assert_eq!((listed.items[0].id, listed.items[0].organization_id), (issued.ingest_key.id, org));
    assert!(listed.items[0].last_used_at.is_some(), "its use is recorded");
    assert!(!serde_json::to_string(&listed).unwrap_or_default().contains(&issued.key), "the key is shown once");

    // The organization's two-factor rule binds people, not ingest keys; a suspension binds both.
    organization::Entity::update_many()
        .col_expr(organization::Column::MfaRequired, Expr::value(true))
        .filter(organization::Column::Id.eq(org))
        .exec(&app.state.db)
        .await
        .unwrap_or_else(|e| panic!("{e}"));
    let later = batch(vec![event("e-2", "api_calls", "1", app.now())]);
    assert_eq!(app.ingest(&issued.key, &later).await.accepted, 1);
    app.suspend_org(&staff, org, None).await;
    let suspended = batch(vec![event("e-3", "api_calls", "1", app.now())]);
    expect_problem(app.post_as(&issued.key, INGEST, &suspended).await, 403, "org_suspended").await;
    app.reactivate_org(&staff, org).await;

    // Revoked: it stops at once.
    let revoke = format!("/api/admin/usage/ingest-keys/{}", issued.ingest_key.id);
    expect_status(app.delete_as(&staff.access, &revoke).await, 204).await;
    expect_problem(app.delete_as(&staff.access, &revoke).await, 404, "not_found").await;
    expect_problem(app.post_as(&issued.key, INGEST, &suspended).await, 401, "invalid_token").await;

    // The audit trail: the operator issued and revoked it, the key itself acted on first use.
    let admin = app.admin().await;
    let entries = app.audit_log(&admin, &format!("organization_id={org}&action=usage.")).await.items;
    let first_use: Vec<_> = entries.iter().filter(|e| e.action == "usage.ingest_key.first_use").collect();
    assert_eq!(first_use.len(), 1);
    assert_eq!(first_use[0].actor_type, ActorType::ApiKey);
    assert_eq!((first_use[0].api_key_id, first_use[0].actor_id), (Some(issued.ingest_key.id), None));
    let actions = app.audit_actions(&admin, &format!("organization_id={org}&action=admin.usage.")).await;
    assert_eq!(actions, ["admin.usage.ingest_key.revoke", "admin.usage.ingest_key.create"]);
}

async fn keys_are_issued_for_organizations_that_exist(app: TestApp) {
    let staff = app.user(Role::Staff, None).await;
    let nobody = uuid::Uuid::now_v7();
    let path = format!("/api/admin/usage/organizations/{nobody}/ingest-keys");
    let body = serde_json::json!({ "name": "Runner" });
    expect_problem(app.post_as(&staff.access, &path, &body).await, 404, "not_found").await;
    expect_problem(app.get_as(&staff.access, &path).await, 404, "not_found").await;
    let org = app.create_org("Named").await;
    let path = format!("/api/admin/usage/organizations/{org}/ingest-keys");
    let problem = expect_problem(
        app.post_as(&staff.access, &path, &serde_json::json!({ "name": " " })).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(problem.errors[0].field, "name");
    let customer = app.user(Role::Client, Some((org, OrgRole::Owner))).await;
    expect_problem(app.post_as(&customer.access, &path, &body).await, 403, "forbidden").await;
}

db_test!(only_ingest_keys_report_usage, keys_are_issued_for_organizations_that_exist);
