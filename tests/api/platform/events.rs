//! The domain events outbox (`domain_events`): a change writes its event in the same
//! transaction, so there is exactly one event per change and none for a refused one.

use api::entities::platform::domain_event;
use shared::dto::organizations::{OrgStatus, Organization, SuspendOrganizationRequest};
use shared::events::DomainEventType;
use tests::fixtures::Login;
use tests::http::expect_problem;
use tests::{TestApp, db_test};
use uuid::Uuid;

/// The event's `data`, as the organization's dashboard DTO.
fn organization_of(event: &domain_event::Model) -> Organization {
    serde_json::from_str(&event.data)
        .unwrap_or_else(|e| panic!("{} data is not an Organization: {e}: {}", event.event_type, event.data))
}

fn assert_event(event: &domain_event::Model, event_type: DomainEventType, org: Uuid, status: OrgStatus) {
    assert_eq!(event.event_type, event_type.as_str());
    assert_eq!(event.org_id, org);
    assert_eq!(event.subject_type, "organization");
    assert_eq!(event.subject_id, org);
    let data = organization_of(event);
    assert_eq!(data.id, org);
    assert_eq!(data.status, status);
    let raw: serde_json::Value = serde_json::from_str(&event.data).unwrap_or_else(|e| panic!("{e}"));
    assert!(raw.get("suspension_reason").is_none(), "no operator notes in an event: {raw}");
}

async fn suspend_status(
    app: &TestApp,
    admin: &Login,
    org: Uuid,
    body: &SuspendOrganizationRequest,
) -> reqwest::Response {
    app.post_as(&admin.access, &format!("/api/admin/organizations/{org}/suspend"), body).await
}

async fn suspension_and_reactivation_write_one_event_each(app: TestApp) {
    let admin = app.admin().await;
    let (_, org) = app.register("Evented Co").await;
    assert!(app.domain_events().await.is_empty(), "registering emits nothing");

    let suspended = app.suspend_org(&admin, org, Some("Unpaid")).await;
    let events = app.domain_events().await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_event(&events[0], DomainEventType::OrganizationSuspended, org, OrgStatus::Suspended);
    let data = organization_of(&events[0]);
    assert_eq!(data.name, "Evented Co");
    assert_eq!(data.member_count, 1);
    assert_eq!(data.updated_at, suspended.updated_at);

    app.reactivate_org(&admin, org).await;
    let events = app.domain_events().await;
    assert_eq!(events.len(), 2, "{events:?}");
    assert_event(&events[1], DomainEventType::OrganizationReactivated, org, OrgStatus::Active);
    assert!(events[0].id < events[1].id, "time-ordered ids");
}

async fn refused_changes_write_no_event(app: TestApp) {
    let admin = app.admin().await;
    let org = app.create_org("Quiet Co").await;
    // Not suspended: reactivating is refused.
    let path = format!("/api/admin/organizations/{org}/reactivate");
    expect_problem(app.call(reqwest::Method::POST, &path).bearer(&admin.access).send().await, 409, "conflict").await;
    // No such organization.
    let res = suspend_status(&app, &admin, Uuid::now_v7(), &SuspendOrganizationRequest::default()).await;
    expect_problem(res, 404, "not_found").await;
    // Invalid reason.
    let too_long = SuspendOrganizationRequest { reason: Some("x".repeat(501)) };
    expect_problem(suspend_status(&app, &admin, org, &too_long).await, 422, "validation_failed").await;
    assert!(app.domain_events().await.is_empty(), "no event for a refused change");

    app.suspend_org(&admin, org, None).await;
    // Already suspended: refused, no second event.
    let res = suspend_status(&app, &admin, org, &SuspendOrganizationRequest::default()).await;
    expect_problem(res, 409, "conflict").await;
    let events = app.domain_events().await;
    assert_eq!(events.len(), 1, "{events:?}");
    assert_event(&events[0], DomainEventType::OrganizationSuspended, org, OrgStatus::Suspended);
    // Customers cannot suspend; nothing is written for them either.
    let (owner, own_org) = app.register("Customer Co").await;
    let res = suspend_status(&app, &owner, own_org, &SuspendOrganizationRequest::default()).await;
    expect_problem(res, 403, "forbidden").await;
    assert_eq!(app.domain_events().await.len(), 1);
}

async fn each_organization_gets_its_own_events(app: TestApp) {
    let admin = app.admin().await;
    let first = app.create_org("First Evented").await;
    let second = app.create_org("Second Evented").await;
    app.suspend_org(&admin, first, None).await;
    app.suspend_org(&admin, second, None).await;
    app.reactivate_org(&admin, second).await;
    let events = app.domain_events().await;
    let of = |org: Uuid| events.iter().filter(|e| e.org_id == org).map(|e| e.event_type.as_str()).collect::<Vec<_>>();
    assert_eq!(of(first), ["organization.suspended"]);
    assert_eq!(of(second), ["organization.suspended", "organization.reactivated"]);
    assert_eq!(events.len(), 3);
}

db_test!(
    suspension_and_reactivation_write_one_event_each,
    refused_changes_write_no_event,
    each_organization_gets_its_own_events,
);
