//! The list toolkit, through the organization list (the one with sort orders and search): cursors
//! are bound to their sort order and checked, search text is checked and matched literally on
//! both engines.

use serde_json::json;
use shared::dto::common::Page;
use shared::dto::organizations::AdminOrganization;
use tests::fixtures::Login;
use tests::fixtures::platform::forge_cursor;
use tests::http::{expect, expect_problem, problem_fields};
use tests::{TestApp, db_test};
use uuid::Uuid;

async fn page(app: &TestApp, admin: &Login, query: &str) -> Page<AdminOrganization> {
    expect(app.get_as(&admin.access, &format!("/api/admin/organizations?{query}")).await, 200).await
}

/// Asserts that the organization list refuses `query` with a validation problem on `field`
/// (reported at the calling line).
#[track_caller]
fn refused(app: &TestApp, admin: &Login, query: &str, field: &str) -> impl Future<Output = ()> {
    let at = std::panic::Location::caller();
    async move {
        let res = app.get_as(&admin.access, &format!("/api/admin/organizations?{query}")).await;
        let status = res.status();
        if status != 422 {
            let text = res.text().await.unwrap_or_else(|e| format!("(no body: {e})"));
            panic!("{at}: expected 422 for {query:?}, got {status}: {text}");
        }
        let problem = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(problem_fields(&problem), [field], "{at}: {query}");
    }
}

fn encoded(text: &str) -> String {
    url::form_urlencoded::byte_serialize(text.as_bytes()).collect()
}

async fn names_found(app: &TestApp, admin: &Login, q: &str) -> Vec<String> {
    let found: Vec<AdminOrganization> =
        app.all_items(&admin.access, &format!("/api/admin/organizations?limit=2&q={}", encoded(q))).await;
    let mut names: Vec<String> = found.into_iter().map(|o| o.name).collect();
    names.sort();
    names
}

async fn a_cursor_only_fits_the_sort_it_came_from(app: TestApp) {
    let admin = app.admin().await;
    for name in ["Alpha", "Bravo", "Charlie", "Delta"] {
        app.create_org(name).await;
    }
    let first = page(&app, &admin, "sort=name&limit=2").await;
    let by_name = first.next_cursor.unwrap_or_else(|| panic!("a second page"));
    let second = page(&app, &admin, &format!("sort=name&limit=2&cursor={by_name}")).await;
    assert_eq!(second.items.len(), 2, "the cursor works with its own order");
    for other in ["sort=-name", "sort=created_at", "sort=-created_at", ""] {
        refused(&app, &admin, &format!("{other}&limit=2&cursor={by_name}"), "cursor").await;
    }
    let newest = page(&app, &admin, "limit=2").await.next_cursor.unwrap_or_else(|| panic!("a second page"));
    for other in ["sort=name", "sort=-name", "sort=created_at"] {
        refused(&app, &admin, &format!("{other}&limit=2&cursor={newest}"), "cursor").await;
    }
    assert_eq!(page(&app, &admin, &format!("sort=-created_at&limit=2&cursor={newest}")).await.items.len(), 2);
}

async fn forged_cursors_are_checked(app: TestApp) {
    let admin = app.admin().await;
    for name in ["Alpha", "Bravo", "Charlie"] {
        app.create_org(name).await;
    }
    let id = Uuid::now_v7();
    // A well-formed cursor is accepted, so the refusals below are about its content.
    let clean = forge_cursor(&json!({"s": "name", "key": {"t": "Alpha"}, "id": id}));
    let after: Vec<String> =
        page(&app, &admin, &format!("sort=name&cursor={clean}")).await.items.into_iter().map(|o| o.name).collect();
    assert_eq!(after, ["Bravo", "Charlie"]);
    let long = "x".repeat(501);
    for key in ["a\u{0}b", "\u{0}", "Alpha\u{1}", long.as_str()] {
        let cursor = forge_cursor(&json!({"s": "name", "key": {"t": key}, "id": id}));
        refused(&app, &admin, &format!("sort=name&cursor={cursor}"), "cursor").await;
    }
    // A cursor of an order with a key needs the key; and it must be JSON of our shape.
    let keyless = forge_cursor(&json!({"s": "name", "id": id}));
    refused(&app, &admin, &format!("sort=name&cursor={keyless}"), "cursor").await;
    for garbage in [json!({"s": "name"}), json!([1, 2]), json!({"s": "name", "key": {"t": "A"}, "id": "not-a-uuid"})] {
        refused(&app, &admin, &format!("sort=name&cursor={}", forge_cursor(&garbage)), "cursor").await;
    }
    refused(&app, &admin, &format!("cursor={}", "A".repeat(1025)), "cursor").await;
}

async fn search_text_is_checked(app: TestApp) {
    let admin = app.admin().await;
    app.create_org("Searchable").await;
    let long = "x".repeat(101);
    let long_accented = encoded(&"é".repeat(101));
    for q in ["%00", "a%00b", "%00searchable", "%01", "a%0Ab", long.as_str(), long_accented.as_str()] {
        refused(&app, &admin, &format!("q={q}"), "q").await;
    }
    // Up to 100 characters (not bytes) are fine; surrounding blanks do not count.
    assert!(page(&app, &admin, &format!("q={}", "x".repeat(100))).await.items.is_empty());
    assert!(page(&app, &admin, &format!("q={}", encoded(&"é".repeat(100)))).await.items.is_empty());
    assert_eq!(page(&app, &admin, &format!("q={}", encoded("  searchable  "))).await.items.len(), 1);
    assert_eq!(page(&app, &admin, "q=").await.items.len(), 1, "an empty search is no filter");
}

async fn search_matches_wildcards_literally(app: TestApp) {
    let admin = app.admin().await;
    for name in ["100% Co", "1000 Widgets", "snake_case Ltd", "Plain Co", "Back\\slash Co", "Percent Co"] {
        app.create_org(name).await;
    }
    assert_eq!(names_found(&app, &admin, "100%").await, ["100% Co"]);
    assert_eq!(names_found(&app, &admin, "%").await, ["100% Co"]);
    assert_eq!(names_found(&app, &admin, "_").await, ["snake_case Ltd"]);
    assert_eq!(names_found(&app, &admin, "e_c").await, ["snake_case Ltd"]);
    assert_eq!(names_found(&app, &admin, "\\").await, ["Back\\slash Co"]);
    assert_eq!(names_found(&app, &admin, "k\\s").await, ["Back\\slash Co"]);
    assert_eq!(names_found(&app, &admin, "%_").await, Vec::<String>::new());
    assert_eq!(names_found(&app, &admin, "100").await, ["100% Co", "1000 Widgets"]);
    assert_eq!(names_found(&app, &admin, "PLAIN").await, ["Plain Co"]);
}

async fn a_cursor_key_of_the_wrong_type_is_422(app: TestApp) {
    let admin = app.admin().await;
    app.create_org("Alpha").await;
    let id = Uuid::now_v7();
    // The name order's key is text; a time there must be refused like any other bad cursor,
    // not bound against the text column (PostgreSQL fails the query).
    let time_key = forge_cursor(&json!({"s": "name", "key": {"ts": "2026-01-01T00:00:00Z"}, "id": id}));
    refused(&app, &admin, &format!("sort=name&cursor={time_key}"), "cursor").await;
    let time_key_desc = forge_cursor(&json!({"s": "-name", "key": {"ts": "2026-01-01T00:00:00Z"}, "id": id}));
    refused(&app, &admin, &format!("sort=-name&cursor={time_key_desc}"), "cursor").await;
    // The sessions list is ordered by a time; a text key there is refused too.
    let text_key = forge_cursor(&json!({"s": "default", "key": {"t": "zzz"}, "id": id}));
    let res = app.get_as(&admin.access, &format!("/api/auth/sessions?cursor={text_key}")).await;
    let problem = expect_problem(res, 422, "validation_failed").await;
    assert_eq!(problem_fields(&problem), ["cursor"]);
}

db_test!(
    a_cursor_only_fits_the_sort_it_came_from,
    forged_cursors_are_checked,
    search_text_is_checked,
    search_matches_wildcards_literally,
    a_cursor_key_of_the_wrong_type_is_422,
);
