//! Ingestion: each event answered on its own, a retried batch counted once, concurrent batches
//! with overlapping ids counted once, the batch's limits, and rollups that always equal a
//! recount of the raw events.

use chrono::Duration;
use futures_util::future::join_all;
use serde_json::json;
use shared::dto::usage::ingest::{IngestStatus, IngestUsageResponse, UsageRefusal};
use tests::fixtures::usage::{INGEST, batch, event};
use tests::http::{expect, expect_problem, header};
use tests::{TestApp, db_test};

use super::at;

/// `(event_id, status, reason)` of each result.
fn outcomes(res: &IngestUsageResponse) -> Vec<(Option<&str>, IngestStatus, Option<UsageRefusal>)> {
    res.results.iter().map(|r| (r.event_id.as_deref(), r.status, r.reason)).collect()
}

async fn each_event_is_answered_on_its_own(app: TestApp) {
    app.travel_to(at("2031-03-10T12:00:00Z"));
    let admin = app.admin().await;
    let (owner, org) = app.register_confirmed("Acme").await;
    let key = app.issue_ingest_key(&admin, org).await.key;
    let now = app.now();
    let mut big = event("big", "api_calls", "1", now);
    big["properties"] = json!({ "k": "x".repeat(2_041) });
    let mut fits = event("fits", "emails_sent", "2", now);
    fits["properties"] = json!({ "k": "x".repeat(2_040) });
    let body = batch(vec![
        event("a", "api_calls", "3", now - Duration::hours(1)),
        event("b", "api_calls", "1.5", now - Duration::days(1)),
        event("c", "storage_gb_hours", "0.125", now),
        event("a", "api_calls", "3", now),
        event("old", "api_calls", "1", now - Duration::days(35) - Duration::seconds(1)),
        event("oldest", "api_calls", "1", now - Duration::days(35)),
        event("soon", "api_calls", "1", now + Duration::minutes(5) + Duration::seconds(1)),
        event("latest", "api_calls", "1", now + Duration::minutes(5)),
        event("precise", "api_calls", "1.2345", now),
        event("negative", "api_calls", "-1", now),
        event("fruit", "bananas", "1", now),
        big,
        fits,
        json!({ "event_id": "half", "metric": "api_calls" }),
    ]);
    let res = app.ingest(&key, &body).await;
    use IngestStatus::{Accepted, Duplicate, Refused};
    assert_eq!(
        outcomes(&res),
        [
            (Some("a"), Accepted, None),
            (Some("b"), Accepted, None),
            (Some("c"), Accepted, None),
            (Some("a"), Duplicate, None),
            (Some("old"), Refused, Some(UsageRefusal::TooOld)),
            (Some("oldest"), Accepted, None),
            (Some("soon"), Refused, Some(UsageRefusal::InTheFuture)),
            (Some("latest"), Accepted, None),
            (Some("precise"), Refused, Some(UsageRefusal::TooManyDecimals)),
            (Some("negative"), Refused, Some(UsageRefusal::NegativeQuantity)),
            (Some("fruit"), Refused, Some(UsageRefusal::UnknownMetric)),
            (Some("big"), Refused, Some(UsageRefusal::PropertiesTooLarge)),
            (Some("fits"), Accepted, None),
            (Some("half"), Refused, Some(UsageRefusal::Malformed)),
        ]
    );
    assert_eq!(res.results.iter().map(|r| r.index).collect::<Vec<_>>(), (0..14).collect::<Vec<u32>>());
    assert_eq!((res.accepted, res.duplicates, res.refused), (6, 1, 7));

    let stored = app.recount_usage(org).await;
    assert_eq!(app.usage_rollups(org).await, stored, "the rollups equal a recount of the raw events");
    assert_eq!(stored.values().map(|(_, n)| n).sum::<i64>(), 6);
    // Quantities come back as the decimals they were sent as.
    let res = app.get_as(&owner.access, "/api/dashboard/usage?metric=api_calls,storage_gb_hours&from=2031-03-09").await;
    let text = res.text().await.unwrap_or_default();
    assert!(text.contains(r#""total":5.5"#), "3 + 1.5 + 1 (the oldest is before the range): {text}");
    assert!(text.contains(r#""total":0.125"#), "{text}");
}

async fn a_retried_batch_counts_once(app: TestApp) {
    app.travel_to(at("2031-03-10T12:00:00Z"));
    let admin = app.admin().await;
    let org = app.create_org("Retries").await;
    let key = app.issue_ingest_key(&admin, org).await.key;
    let now = app.now();
    let first = batch((0..3).map(|i| event(&format!("r-{i}"), "automation_runs", "2", now)).collect());
    let res = app.ingest(&key, &first).await;
    assert_eq!((res.accepted, res.duplicates), (3, 0));
    let again = app.ingest(&key, &first).await;
    assert_eq!((again.accepted, again.duplicates, again.refused), (0, 3, 0), "a retry without a key: duplicates");
    assert!(again.results.iter().all(|r| r.status == IngestStatus::Duplicate));

    // With an Idempotency-Key the retry gets the first answer again.
    let second = batch(vec![event("r-3", "automation_runs", "2", now), event("r-0", "automation_runs", "2", now)]);
    let send = |body: serde_json::Value| {
        let key = key.clone();
        let app = &app;
        async move {
            app.call(reqwest::Method::POST, INGEST).bearer(&key).idempotency_key("batch-2").json(&body).send().await
        }
    };
    let fresh: IngestUsageResponse = expect(send(second.clone()).await, 200).await;
    assert_eq!((fresh.accepted, fresh.duplicates), (1, 1));
    let res = send(second.clone()).await;
    assert_eq!(header(&res, "idempotent-replayed").as_deref(), Some("true"));
    let replayed: IngestUsageResponse = expect(res, 200).await;
    assert_eq!(replayed, fresh);
    expect_problem(send(first.clone()).await, 422, "idempotency_key_reused").await;

    let rollups = app.usage_rollups(org).await;
    assert_eq!(rollups, app.recount_usage(org).await);
    assert_eq!(rollups.values().copied().collect::<Vec<_>>(), [(8_000, 4)], "four runs of 2, counted once each");
}

async fn concurrent_batches_with_overlapping_ids_count_once(app: TestApp) {
    app.travel_to(at("2031-03-10T12:00:00Z"));
    let admin = app.admin().await;
    let org = app.create_org("Concurrent").await;
    let key = app.issue_ingest_key(&admin, org).await.key;
    let now = app.now();
    // Six batches of 100: batch i holds ids 50i to 50i + 99, so each id is in two batches
    // (350 ids in all), on two days and two metrics.
    let batches: Vec<_> = (0..6)
        .map(|i| {
            let events = (50 * i..50 * i + 100)
                .map(|n| {
                    let metric = if n % 2 == 0 { "api_calls" } else { "emails_sent" };
                    event(&format!("c-{n:04}"), metric, "1.5", now - Duration::days(n % 2))
                })
                .collect();
            batch(events)
        })
        .collect();
    let answers = join_all(batches.iter().map(|b| app.post_as(&key, INGEST, b))).await;
    let mut accepted = 0;
    for res in answers {
        let res: IngestUsageResponse = expect(res, 200).await;
        assert_eq!(res.accepted + res.duplicates, 100);
        accepted += res.accepted;
    }
    assert_eq!(accepted, 350, "every id counted once across the batches");
    let rollups = app.usage_rollups(org).await;
    assert_eq!(rollups, app.recount_usage(org).await, "the rollups equal a recount of the raw events");
    assert_eq!(rollups.values().map(|(q, n)| (*q, *n)).fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1)), (525_000, 350));
}

async fn a_batch_has_its_limits(app: TestApp) {
    app.travel_to(at("2031-03-10T12:00:00Z"));
    let admin = app.admin().await;
    let org = app.create_org("Limits").await;
    let key = app.issue_ingest_key(&admin, org).await.key;
    let now = app.now();
    let too_many = batch((0..1_001).map(|i| event(&format!("m-{i}"), "api_calls", "1", now)).collect());
    let problem = expect_problem(app.post_as(&key, INGEST, &too_many).await, 422, "validation_failed").await;
    assert_eq!((problem.errors[0].field.as_str(), problem.errors[0].code.as_str()), ("events", "too_many"));
    let problem = expect_problem(app.post_as(&key, INGEST, &batch(vec![])).await, 422, "validation_failed").await;
    assert_eq!((problem.errors[0].field.as_str(), problem.errors[0].code.as_str()), ("events", "required"));
    let full = batch((0..1_000).map(|i| event(&format!("m-{i}"), "api_calls", "1", now)).collect());
    assert_eq!(app.ingest(&key, &full).await.accepted, 1_000, "1,000 is a batch");

    let mut huge = event("huge", "api_calls", "1", now);
    huge["properties"] = json!({ "padding": "x".repeat(4 * 1024 * 1024) });
    expect_problem(app.post_as(&key, INGEST, &batch(vec![huge])).await, 413, "payload_too_large").await;
    let res = app.call(reqwest::Method::POST, INGEST).bearer(&key).body("text/plain", "{}").send().await;
    expect_problem(res, 415, "unsupported_media_type").await;
    let res =
        app.call(reqwest::Method::POST, INGEST).bearer(&key).body("application/json", "{\"events\": [").send().await;
    expect_problem(res, 400, "malformed_request").await;
    let res = app.post_as(&key, INGEST, &json!({ "events": [], "extra": 1 })).await;
    expect_problem(res, 400, "malformed_request").await;
    assert_eq!(
        app.recount_usage(org).await.values().map(|(_, n)| n).sum::<i64>(),
        1_000,
        "refused batches change nothing"
    );
}

db_test!(
    each_event_is_answered_on_its_own,
    a_retried_batch_counts_once,
    concurrent_batches_with_overlapping_ids_count_once,
    a_batch_has_its_limits,
);
