//! The operator's user directory: search, filters, sorts and pages of the list, and one account
//! with its memberships and live sessions; STAFF read, customers are refused.

use reqwest::Method;
use shared::dto::auth::UserStatus;
use shared::dto::users::{AdminUser, UserSort};
use shared::{OrgRole, Role};
use tests::fixtures::unique_email;
use tests::http::{expect_problem, expect_status};
use tests::{TestApp, db_test};
use uuid::Uuid;

fn ids(items: &[AdminUser]) -> Vec<Uuid> {
    items.iter().map(|u| u.id).collect()
}

async fn list_searches_filters_sorts_and_pages(app: TestApp) {
    let minute = chrono::Duration::minutes(1);
    let admin = app.admin().await;
    let zeta = app.create_org("Zeta Works").await;
    let alpha = app.create_org("Alpha Labs").await;
    app.clock.advance(minute);
    let staff = app.user(Role::Staff, None).await;
    app.clock.advance(minute);
    let client = app.user(Role::Client, Some((zeta, OrgRole::Owner))).await;
    app.add_member(alpha, client.user_id, OrgRole::Member).await;
    let vendor = app.create_user(Role::Vendor, &unique_email("vendor")).await;
    app.add_member(zeta, vendor, OrgRole::Member).await;
    let quiet = app.create_user(Role::Client, &unique_email("quiet")).await;
    app.set_user_disabled(&admin, quiet, true).await;
    let (a, s, c) = (admin.user_id, staff.user_id, client.user_id);

    let list = |query: String| {
        let token = admin.access.clone();
        let app = &app;
        async move { app.all_items::<AdminUser>(&token, &format!("/api/admin/users?{query}")).await }
    };
    let newest_first = list("limit=100".into()).await;
    assert_eq!(ids(&newest_first), [quiet, vendor, c, s, a]);
    assert_eq!(ids(&list("limit=2".into()).await), ids(&newest_first), "pages of two make the same list");
    assert_eq!(ids(&list("sort=created_at&limit=3".into()).await), [a, s, c, vendor, quiet]);

    let row = |id: Uuid| newest_first.iter().find(|u| u.id == id).cloned().unwrap_or_else(|| panic!("{id} listed"));
    let (c_row, q_row, a_row) = (row(c), row(quiet), row(a));
    assert_eq!((c_row.role, c_row.organization_count, c_row.status), (Role::Client, 2, UserStatus::Active));
    assert!(c_row.last_login_at.is_some() && c_row.email_verified && !c_row.mfa_enabled);
    assert_eq!((q_row.status, q_row.organization_count, q_row.last_login_at), (UserStatus::Disabled, 0, None));
    assert!(q_row.disabled_at.is_some());
    assert!(a_row.mfa_enabled && a_row.role == Role::Admin);

    // Search on email and name, ignoring case; each filter, and filters together.
    assert_eq!(ids(&list("q=QUIET-".into()).await), [quiet]);
    assert_eq!(ids(&list("q=test%20USER".into()).await).len(), 5, "every fixture user is named Test User");
    assert_eq!(ids(&list("q=nobody-at-all".into()).await), Vec::<Uuid>::new());
    assert_eq!(ids(&list("role=STAFF".into()).await), [s]);
    assert_eq!(ids(&list("role=CLIENT".into()).await), [quiet, c]);
    assert_eq!(ids(&list("status=disabled".into()).await), [quiet]);
    assert_eq!(ids(&list("status=active".into()).await), [vendor, c, s, a]);
    assert_eq!(ids(&list(format!("org_id={zeta}")).await), [vendor, c]);
    assert_eq!(ids(&list(format!("org_id={alpha}")).await), [c]);
    assert_eq!(ids(&list(format!("org_id={}", Uuid::now_v7())).await), Vec::<Uuid>::new());
    assert_eq!(ids(&list("mfa=true".into()).await), [a]);
    assert_eq!(ids(&list("mfa=false".into()).await), [quiet, vendor, c, s]);
    assert_eq!(ids(&list("role=CLIENT&status=active".into()).await), [c]);
    assert_eq!(ids(&list(format!("role=VENDOR&org_id={zeta}&mfa=false")).await), [vendor]);

    // By email (the role prefixes of the fixture emails order them), both ways, in pages.
    let by_email = [a, c, quiet, s, vendor];
    assert_eq!(ids(&list("sort=email&limit=2".into()).await), by_email);
    let mut reversed = by_email;
    reversed.reverse();
    assert_eq!(ids(&list("sort=-email&limit=3".into()).await), reversed);

    // By last sign-in: never signed in comes last either way; pages of one cross that boundary.
    let latest = [c, s, a, quiet, vendor];
    assert_eq!(ids(&list(format!("sort={}", UserSort::LastLoginDesc)).await), latest);
    assert_eq!(ids(&list("sort=-last_login_at&limit=1".into()).await), latest);
    let earliest = [a, s, c, vendor, quiet];
    assert_eq!(ids(&list("sort=last_login_at&limit=1".into()).await), earliest);
    assert_eq!(ids(&list("sort=last_login_at&limit=2&role=CLIENT".into()).await), [c, quiet]);

    // A cursor works only with the order it came from.
    let page: shared::dto::common::Page<AdminUser> =
        tests::http::expect(app.get_as(&admin.access, "/api/admin/users?sort=email&limit=1").await, 200).await;
    let cursor = page.next_cursor.unwrap_or_else(|| panic!("a next page"));
    let res = app.get_as(&admin.access, &format!("/api/admin/users?sort=-last_login_at&cursor={cursor}")).await;
    expect_problem(res, 422, "validation_failed").await;

    for bad in [
        "role=KING",
        "status=gone",
        "mfa=maybe",
        "org_id=not-a-uuid",
        "sort=name",
        "limit=0",
        "cursor=nope",
        &format!("q={}", "q".repeat(101)),
    ] {
        let res = app.get_as(&admin.access, &format!("/api/admin/users?{bad}")).await;
        expect_problem(res, 422, "validation_failed").await;
    }

    // STAFF read; customers are refused.
    let as_staff = app.all_items::<AdminUser>(&staff.access, "/api/admin/users?limit=100").await;
    assert_eq!(ids(&as_staff), ids(&newest_first));
    expect_problem(app.get_as(&client.access, "/api/admin/users").await, 403, "forbidden").await;
}

async fn one_account_with_memberships_and_live_sessions(app: TestApp) {
    let admin = app.admin().await;
    let (owner, beta) = app.register("Beta Org").await;
    let alpha = app.create_org("Alpha Org").await;
    app.add_member(alpha, owner.user_id, OrgRole::Member).await;
    let phone = app.login(&owner.email).await;

    let d = app.admin_user(&admin, owner.user_id).await;
    assert_eq!(d.user.id, owner.user_id);
    assert_eq!(d.user.email, owner.email);
    assert_eq!((d.user.role, d.user.status, d.user.organization_count), (Role::Client, UserStatus::Active, 2));
    let orgs: Vec<(Uuid, &str, OrgRole)> =
        d.memberships.iter().map(|m| (m.organization.id, m.organization.name.as_str(), m.org_role)).collect();
    assert_eq!(orgs, [(alpha, "Alpha Org", OrgRole::Member), (beta, "Beta Org", OrgRole::Owner)]);
    let sessions: Vec<Uuid> = d.sessions.iter().map(|s| s.id).collect();
    assert_eq!(sessions, [phone.session_id(), owner.session_id()], "most recently used first");
    assert!(d.sessions.iter().all(|s| !s.current), "none of them is the ADMIN's");

    // An ended session is not listed.
    expect_status(app.call(Method::POST, "/api/auth/logout").bearer(&phone.access).send().await, 204).await;
    let d = app.admin_user(&admin, owner.user_id).await;
    assert_eq!(d.sessions.iter().map(|s| s.id).collect::<Vec<_>>(), [owner.session_id()]);

    // The operator's own account marks the session asking.
    let me = app.admin_user(&admin, admin.user_id).await;
    assert!(me.sessions.iter().any(|s| s.current && s.id == admin.session_id()), "{:?}", me.sessions);
    assert!(me.user.mfa_enabled && me.memberships.is_empty());

    // Unknown and malformed ids are 404; STAFF read; customers are refused.
    let res = app.get_as(&admin.access, &format!("/api/admin/users/{}", Uuid::now_v7())).await;
    expect_problem(res, 404, "not_found").await;
    expect_problem(app.get_as(&admin.access, "/api/admin/users/not-a-uuid").await, 404, "not_found").await;
    let staff = app.user(Role::Staff, None).await;
    assert_eq!(app.admin_user(&staff, owner.user_id).await.memberships.len(), 2);
    let res = app.get_as(&owner.access, &format!("/api/admin/users/{}", owner.user_id)).await;
    expect_problem(res, 403, "forbidden").await;
}

db_test!(list_searches_filters_sorts_and_pages, one_account_with_memberships_and_live_sessions);
