//! The operator's organization management: search, filter, sort, pages, view, suspend,
//! reactivate — all audited.

use reqwest::Method;
use shared::Role;
use shared::dto::common::Page;
use shared::dto::organizations::{AdminOrganization, OrgStatus, SuspendOrganizationRequest};
use tests::fixtures::Login;
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};
use uuid::Uuid;

async fn all_pages(app: &TestApp, admin: &Login, query: &str) -> Vec<AdminOrganization> {
    app.all_items(&admin.access, &format!("/api/admin/organizations?{query}")).await
}

fn names(items: &[AdminOrganization]) -> Vec<&str> {
    items.iter().map(|o| o.name.as_str()).collect()
}

async fn list_searches_filters_sorts_and_pages(app: TestApp) {
    let admin = app.admin().await;
    for name in ["Delta Works", "alpha labs", "Charlie & Co", "Bravo Widgets", "Echo 100%"] {
        app.create_org(name).await;
    }
    let newest = all_pages(&app, &admin, "limit=2").await;
    assert_eq!(names(&newest), ["Echo 100%", "Bravo Widgets", "Charlie & Co", "alpha labs", "Delta Works"]);
    let oldest = all_pages(&app, &admin, "limit=3&sort=created_at").await;
    assert_eq!(names(&oldest), ["Delta Works", "alpha labs", "Charlie & Co", "Bravo Widgets", "Echo 100%"]);
    // Name order follows the database's collation; pages must agree with one full page.
    let by_name = all_pages(&app, &admin, "limit=2&sort=name").await;
    let one_page = all_pages(&app, &admin, "limit=100&sort=name").await;
    assert_eq!(names(&by_name), names(&one_page), "name order is stable across pages");
    let mut unique = names(&by_name);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5);
    let by_name_desc = all_pages(&app, &admin, "limit=2&sort=-name").await;
    let mut reversed = names(&by_name);
    reversed.reverse();
    assert_eq!(names(&by_name_desc), reversed);

    let found = all_pages(&app, &admin, "q=ALPHA").await;
    assert_eq!(names(&found), ["alpha labs"]);
    let found = all_pages(&app, &admin, "q=100%25").await;
    assert_eq!(names(&found), ["Echo 100%"], "% is matched literally");
    let found = all_pages(&app, &admin, "q=widgets").await;
    assert_eq!(names(&found), ["Bravo Widgets"], "slugs and names are searched");
    let none = all_pages(&app, &admin, "q=zzz").await;
    assert!(none.is_empty());

    let charlie = found_id(&app, &admin, "Charlie").await;
    app.suspend_org(&admin, charlie, None).await;
    let suspended = all_pages(&app, &admin, "status=suspended").await;
    assert_eq!(names(&suspended), ["Charlie & Co"]);
    let active = all_pages(&app, &admin, "status=active&limit=100").await;
    assert_eq!(active.len(), 4);
}

async fn found_id(app: &TestApp, admin: &Login, q: &str) -> Uuid {
    let page: Page<AdminOrganization> =
        expect(app.get_as(&admin.access, &format!("/api/admin/organizations?q={q}")).await, 200).await;
    assert_eq!(page.items.len(), 1, "one organization matches {q:?}: {page:?}");
    page.items[0].id
}

async fn view_suspend_and_reactivate(app: TestApp) {
    let admin = app.admin().await;
    let (_, org) = app.register("Lifecycle Inc").await;
    let view: AdminOrganization =
        expect(app.get_as(&admin.access, &format!("/api/admin/organizations/{org}")).await, 200).await;
    assert_eq!(view.name, "Lifecycle Inc");
    assert_eq!(view.status, OrgStatus::Active);
    assert_eq!(view.member_count, 1);
    expect_problem(
        app.get_as(&admin.access, &format!("/api/admin/organizations/{}", Uuid::now_v7())).await,
        404,
        "not_found",
    )
    .await;

    let suspend = format!("/api/admin/organizations/{org}/suspend");
    let too_long = SuspendOrganizationRequest { reason: Some("x".repeat(501)) };
    expect_problem(app.post_as(&admin.access, &suspend, &too_long).await, 422, "validation_failed").await;
    // No body at all: the reason is optional.
    let res = app.call(Method::POST, &suspend).bearer(&admin.access).send().await;
    let suspended: AdminOrganization = expect(res, 200).await;
    assert_eq!(suspended.status, OrgStatus::Suspended);
    assert!(suspended.suspended_at.is_some());
    let again = SuspendOrganizationRequest { reason: Some("again".into()) };
    expect_problem(app.post_as(&admin.access, &suspend, &again).await, 409, "conflict").await;
    let reactivate = format!("/api/admin/organizations/{org}/reactivate");
    let res = app.call(Method::POST, &reactivate).bearer(&admin.access).send().await;
    let raw: serde_json::Value = expect(res, 200).await;
    assert!(raw.get("suspended_at").is_none(), "no suspended_at while active: {raw}");
    let active: AdminOrganization = serde_json::from_value(raw).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(active.status, OrgStatus::Active);
    let res = app.call(Method::POST, &reactivate).bearer(&admin.access).send().await;
    expect_problem(res, 409, "conflict").await;
    let unknown = format!("/api/admin/organizations/{}/suspend", Uuid::now_v7());
    let res = app.post_as(&admin.access, &unknown, &SuspendOrganizationRequest::default()).await;
    expect_problem(res, 404, "not_found").await;

    let log = app.audit_log(&admin, &format!("organization_id={org}&action=admin.*")).await;
    let actions: Vec<&str> = log.items.iter().map(|e| e.action.as_str()).collect();
    assert_eq!(actions, ["admin.organization.reactivate", "admin.organization.suspend"]);
    assert_eq!(log.items[1].actor_id, Some(admin.user_id));
    assert_eq!(log.items[1].target_type.as_deref(), Some("organization"));
}

async fn staff_manage_organizations_too(app: TestApp) {
    let staff = app.user(Role::Staff, None).await;
    let (_, org) = app.register("Staffed").await;
    let body = app.suspend_org(&staff, org, Some("Fraud check")).await;
    assert_eq!(body.suspension_reason.as_deref(), Some("Fraud check"));
}

db_test!(list_searches_filters_sorts_and_pages, view_suspend_and_reactivate, staff_manage_organizations_too);
