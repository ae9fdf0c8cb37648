//! `Idempotency-Key` on the operator's suspend and reactivate: a retry with the same key and body
//! answers the first answer again (`Idempotent-Replayed: true`) without doing the work twice;
//! the same key with another request is refused; keys are per user; no key, no change.

use reqwest::{Method, Response};
use shared::dto::organizations::{AdminOrganization, OrgStatus, SuspendOrganizationRequest};
use tests::fixtures::Login;
use tests::http::{expect, expect_problem, header, problem_fields};
use tests::{TestApp, db_test};
use uuid::Uuid;

const REPLAYED: &str = "Idempotent-Replayed";

fn reason(text: &str) -> SuspendOrganizationRequest {
    SuspendOrganizationRequest { reason: Some(text.to_owned()) }
}

async fn suspend(
    app: &TestApp,
    who: &Login,
    org: Uuid,
    key: Option<&str>,
    body: &SuspendOrganizationRequest,
) -> Response {
    let mut call = app.call(Method::POST, &format!("/api/admin/organizations/{org}/suspend")).bearer(&who.access);
    if let Some(k) = key {
        call = call.idempotency_key(k);
    }
    call.json(body).send().await
}

async fn reactivate(app: &TestApp, who: &Login, org: Uuid, key: Option<&str>) -> Response {
    let mut call = app.call(Method::POST, &format!("/api/admin/organizations/{org}/reactivate")).bearer(&who.access);
    if let Some(k) = key {
        call = call.idempotency_key(k);
    }
    call.send().await
}

/// A 200 answer and whether it was a replay (the header is absent on a first answer).
async fn answered(res: Response) -> (AdminOrganization, bool) {
    let replayed = match header(&res, REPLAYED).as_deref() {
        None => false,
        Some("true") => true,
        Some(other) => panic!("{REPLAYED}: {other:?}"),
    };
    (expect(res, 200).await, replayed)
}

async fn audit_count(app: &TestApp, admin: &Login, org: Uuid, action: &str) -> usize {
    app.audit_log(admin, &format!("organization_id={org}&action={action}")).await.items.len()
}

async fn event_types(app: &TestApp, org: Uuid) -> Vec<String> {
    app.domain_events().await.into_iter().filter(|e| e.org_id == org).map(|e| e.event_type).collect()
}

async fn status(app: &TestApp, admin: &Login, org: Uuid) -> AdminOrganization {
    expect(app.get_as(&admin.access, &format!("/api/admin/organizations/{org}")).await, 200).await
}

async fn the_same_key_and_body_answer_the_first_answer_again(app: TestApp) {
    let admin = app.admin().await;
    let org = app.create_org("Retried Co").await;
    let key = Uuid::now_v7().to_string();
    let (first, replayed) = answered(suspend(&app, &admin, org, Some(&key), &reason("Unpaid")).await).await;
    assert!(!replayed, "a first answer is no replay");
    assert_eq!(first.status, OrgStatus::Suspended);
    assert_eq!(first.suspension_reason.as_deref(), Some("Unpaid"));
    let (second, replayed) = answered(suspend(&app, &admin, org, Some(&key), &reason("Unpaid")).await).await;
    assert!(replayed, "the retry is answered from the stored answer");
    assert_eq!(second, first, "the same answer");
    // The work was done once.
    assert_eq!(audit_count(&app, &admin, org, "admin.organization.suspend").await, 1);
    assert_eq!(event_types(&app, org).await, ["organization.suspended"]);

    // The same key with another request is refused, and changes nothing.
    for other in [reason("Fraud"), SuspendOrganizationRequest::default()] {
        let res = suspend(&app, &admin, org, Some(&key), &other).await;
        expect_problem(res, 422, "idempotency_key_reused").await;
    }
    let res = reactivate(&app, &admin, org, Some(&key)).await;
    expect_problem(res, 422, "idempotency_key_reused").await;
    let now = status(&app, &admin, org).await;
    assert_eq!(now.status, OrgStatus::Suspended);
    assert_eq!(now.suspension_reason.as_deref(), Some("Unpaid"));
    assert_eq!(audit_count(&app, &admin, org, "admin.organization.*").await, 1);
    assert_eq!(event_types(&app, org).await, ["organization.suspended"]);
    // The first request still replays.
    let (third, replayed) = answered(suspend(&app, &admin, org, Some(&key), &reason("Unpaid")).await).await;
    assert!(replayed);
    assert_eq!(third, first);
}

async fn reactivation_takes_a_key_too(app: TestApp) {
    let admin = app.admin().await;
    let org = app.create_org("Back Again Co").await;
    app.suspend_org(&admin, org, None).await;
    let key = "reactivate-2026-12-01".to_owned();
    let (first, replayed) = answered(reactivate(&app, &admin, org, Some(&key)).await).await;
    assert!(!replayed);
    assert_eq!(first.status, OrgStatus::Active);
    let (second, replayed) = answered(reactivate(&app, &admin, org, Some(&key)).await).await;
    assert!(replayed);
    assert_eq!(second, first);
    assert_eq!(audit_count(&app, &admin, org, "admin.organization.reactivate").await, 1);
    assert_eq!(event_types(&app, org).await, ["organization.suspended", "organization.reactivated"]);
    // Without the key, the repeat is the conflict it always was.
    expect_problem(reactivate(&app, &admin, org, None).await, 409, "conflict").await;
}

async fn without_a_key_a_repeat_is_refused_as_before(app: TestApp) {
    let admin = app.admin().await;
    let org = app.create_org("Keyless Co").await;
    let (first, replayed) = answered(suspend(&app, &admin, org, None, &reason("Unpaid")).await).await;
    assert!(!replayed);
    assert_eq!(first.status, OrgStatus::Suspended);
    expect_problem(suspend(&app, &admin, org, None, &reason("Unpaid")).await, 409, "conflict").await;
    assert_eq!(audit_count(&app, &admin, org, "admin.organization.suspend").await, 1);
    assert_eq!(event_types(&app, org).await, ["organization.suspended"]);
}

async fn malformed_keys_are_refused_and_change_nothing(app: TestApp) {
    let admin = app.admin().await;
    let org = app.create_org("Bad Keys Co").await;
    for key in ["k".repeat(256), "two words".to_owned(), String::new(), "   ".to_owned()] {
        let res = suspend(&app, &admin, org, Some(&key), &reason("Unpaid")).await;
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), ["Idempotency-Key"], "{key:?}");
        let res = reactivate(&app, &admin, org, Some(&key)).await;
        expect_problem(res, 422, "validation_failed").await;
    }
    let now = status(&app, &admin, org).await;
    assert_eq!(now.status, OrgStatus::Active, "nothing changed");
    assert_eq!(audit_count(&app, &admin, org, "admin.organization.*").await, 0);
    assert!(event_types(&app, org).await.is_empty());
    // 255 visible characters are a key.
    let longest = "k".repeat(255);
    let (first, replayed) = answered(suspend(&app, &admin, org, Some(&longest), &reason("Unpaid")).await).await;
    assert!(!replayed);
    assert_eq!(first.status, OrgStatus::Suspended);
    let (_, replayed) = answered(suspend(&app, &admin, org, Some(&longest), &reason("Unpaid")).await).await;
    assert!(replayed);
}

async fn keys_are_per_user(app: TestApp) {
    let first_admin = app.admin().await;
    let second_admin = app.admin().await;
    let org = app.create_org("Shared Key Co").await;
    let other_org = app.create_org("Other Key Co").await;
    let key = "same-key-for-everyone";
    let (first, replayed) = answered(suspend(&app, &first_admin, org, Some(key), &reason("Unpaid")).await).await;
    assert!(!replayed);
    // Another operator with the same key and body is not answered from the first one's request.
    let res = suspend(&app, &second_admin, org, Some(key), &reason("Unpaid")).await;
    assert_eq!(header(&res, REPLAYED), None);
    expect_problem(res, 409, "conflict").await;
    // A refused request keeps nothing: the key is still free for its own first use.
    let (theirs, replayed) =
        answered(suspend(&app, &second_admin, other_org, Some(key), &reason("Unpaid")).await).await;
    assert!(!replayed);
    assert_eq!(theirs.id, other_org);
    // The first operator's answer is still theirs.
    let (again, replayed) = answered(suspend(&app, &first_admin, org, Some(key), &reason("Unpaid")).await).await;
    assert!(replayed);
    assert_eq!(again, first);
    assert_eq!(audit_count(&app, &first_admin, org, "admin.organization.suspend").await, 1);
    assert_eq!(audit_count(&app, &first_admin, other_org, "admin.organization.suspend").await, 1);
}

async fn a_failed_request_is_not_kept(app: TestApp) {
    let admin = app.admin().await;
    let org = app.create_org("Try Again Co").await;
    let nowhere = Uuid::now_v7();
    let key = "retry-after-failure";
    for _ in 0..2 {
        expect_problem(suspend(&app, &admin, nowhere, Some(key), &reason("Unpaid")).await, 404, "not_found").await;
    }
    // Already suspended: 409; once it is active again, the same key and body do the work.
    app.suspend_org(&admin, org, None).await;
    let other_key = "suspend-twice";
    expect_problem(suspend(&app, &admin, org, Some(other_key), &reason("Unpaid")).await, 409, "conflict").await;
    app.reactivate_org(&admin, org).await;
    let (done, replayed) = answered(suspend(&app, &admin, org, Some(other_key), &reason("Unpaid")).await).await;
    assert!(!replayed, "the earlier failure was not stored");
    assert_eq!(done.status, OrgStatus::Suspended);
    assert_eq!(done.suspension_reason.as_deref(), Some("Unpaid"));
}

db_test!(
    the_same_key_and_body_answer_the_first_answer_again,
    reactivation_takes_a_key_too,
    without_a_key_a_repeat_is_refused_as_before,
    malformed_keys_are_refused_and_change_nothing,
    keys_are_per_user,
    a_failed_request_is_not_kept,
);
