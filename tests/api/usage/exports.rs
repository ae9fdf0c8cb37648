//! The raw events list (filters, newest first, pages) and the CSV exports: headers, the list's
//! filters and order, RFC 4180 quoting and formula neutralisation.

use chrono::Duration;
use serde_json::json;
use shared::dto::usage::events::UsageEvent;
use tests::fixtures::usage::{batch, event};
use tests::http::header;
use tests::{TestApp, db_test};

use super::at;

async fn events_list_and_export_with_the_same_filters(app: TestApp) {
    app.travel_to(at("2031-03-12T12:00:00Z"));
    let admin = app.admin().await;
    let (owner, org) = app.register_confirmed("Acme").await;
    let key = app.issue_ingest_key(&admin, org).await.key;
    let now = app.now();
    let mut with_props = event("with,comma", "api_calls", "1.5", now - Duration::hours(1));
    with_props["properties"] = json!({ "route": "/v1/run", "note": "said \"hi\"" });
    let events = vec![
        event("=HYPERLINK(\"http://x\")", "api_calls", "2", now - Duration::hours(5)),
        event("+1", "api_calls", "3", now - Duration::hours(4)),
        event("-2", "emails_sent", "4", now - Duration::hours(3)),
        event("@cmd", "api_calls", "0.001", now - Duration::hours(2)),
        with_props,
        event("plain", "api_calls", "5", now - Duration::days(2)),
    ];
    assert_eq!(app.ingest(&key, &batch(events)).await.accepted, 6);

    let listed: Vec<UsageEvent> = app.all_items(&owner.access, "/api/dashboard/usage-events?limit=2").await;
    let ids: Vec<&str> = listed.iter().map(|e| e.event_id.as_str()).collect();
    assert_eq!(ids, ["with,comma", "@cmd", "-2", "+1", "=HYPERLINK(\"http://x\")", "plain"], "newest first");
    assert_eq!(listed[0].properties["route"], "/v1/run");

    let filtered: Vec<UsageEvent> = app
        .all_items(&owner.access, "/api/dashboard/usage-events?metric=api_calls&from=2031-03-12&to=2031-03-12")
        .await;
    let filtered_ids: Vec<&str> = filtered.iter().map(|e| e.event_id.as_str()).collect();
    assert_eq!(filtered_ids, ["with,comma", "@cmd", "+1", "=HYPERLINK(\"http://x\")"]);

    let res = app
        .get_as(&owner.access, "/api/dashboard/usage-events/export.csv?metric=api_calls&from=2031-03-12&to=2031-03-12")
        .await;
    assert_eq!(res.status().as_u16(), 200);
    assert_eq!(header(&res, "content-type").as_deref(), Some("text/csv; charset=utf-8"));
    assert_eq!(header(&res, "content-disposition").as_deref(), Some("attachment; filename=\"usage-events.csv\""));
    let text = res.text().await.unwrap_or_default();
    let lines: Vec<&str> = text.split_terminator("\r\n").collect();
    assert_eq!(lines[0], "id,event_id,metric,quantity,timestamp,received_at,properties");
    assert_eq!(lines.len(), 5, "the header and the list's four rows: {text}");
    let expected_ids = filtered.iter().map(|e| e.id.to_string());
    for ((line, id), (event_id, quantity)) in lines[1..].iter().zip(expected_ids).zip([
        ("\"with,comma\"", "1.5"),
        ("'@cmd", "0.001"),
        ("'+1", "3"),
        ("\"'=HYPERLINK(\"\"http://x\"\")\"", "2"),
    ]) {
        assert!(line.starts_with(&format!("{id},{event_id},api_calls,{quantity},")), "{line}");
    }
    assert!(lines[1].ends_with(r#","{""route"":""/v1/run"",""note"":""said \""hi\""""}""#), "{}", lines[1]);

    let all =
        app.get_as(&owner.access, "/api/dashboard/usage-events/export.csv").await.text().await.unwrap_or_default();
    assert_eq!(all.split_terminator("\r\n").count(), 7, "every event without filters");
    assert!(all.contains(",'-2,emails_sent,4,"), "a text cell starting with - is neutralised: {all}");

    let res = app
        .get_as(
            &owner.access,
            "/api/dashboard/usage/export.csv?metric=api_calls,emails_sent&from=2031-03-10&to=2031-03-12",
        )
        .await;
    assert_eq!(header(&res, "content-disposition").as_deref(), Some("attachment; filename=\"usage.csv\""));
    let text = res.text().await.unwrap_or_default();
    assert_eq!(
        text,
        "metric,unit,period_start,quantity,events\r\n\
         api_calls,calls,2031-03-10,5,1\r\n\
         api_calls,calls,2031-03-11,0,0\r\n\
         api_calls,calls,2031-03-12,6.501,4\r\n\
         emails_sent,emails,2031-03-10,0,0\r\n\
         emails_sent,emails,2031-03-11,0,0\r\n\
         emails_sent,emails,2031-03-12,4,1\r\n"
    );
}

db_test!(events_list_and_export_with_the_same_filters);
