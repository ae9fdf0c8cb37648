//! Every role against every endpoint of the platform core, as a table.

use reqwest::Method;
use serde_json::{Value, json};
use shared::{OrgRole, Role};
use tests::http::expect_problem;
use tests::{TestApp, db_test};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Admin,
    Staff,
    Owner,
    Member,
    Vendor,
    /// A CLIENT with no membership.
    Outsider,
}

const WHO: [Who; 7] = [Who::Anonymous, Who::Admin, Who::Staff, Who::Owner, Who::Member, Who::Vendor, Who::Outsider];

/// Expected status per caller, in `WHO` order.
struct Row {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    expect: [u16; 7],
}

fn rows() -> Vec<Row> {
    let r =
        |method: Method, path: &'static str, body: Option<Value>, expect: [u16; 7]| Row { method, path, body, expect };
    vec![
        //                                                                 anon admin staff owner member vendor outsider
        r(Method::GET, "/api/auth/me", None, [401, 200, 200, 200, 200, 200, 200]),
        r(Method::GET, "/api/auth/sessions", None, [401, 200, 200, 200, 200, 200, 200]),
        r(Method::PATCH, "/api/auth/me", Some(json!({"name": "Same"})), [401, 200, 200, 200, 200, 200, 200]),
        r(Method::GET, "/api/dashboard/organization", None, [401, 404, 404, 200, 200, 200, 404]),
        r(
            Method::PATCH,
            "/api/dashboard/organization",
            Some(json!({"name": "Matrix Org"})),
            [401, 404, 404, 200, 403, 403, 404],
        ),
        r(Method::GET, "/api/dashboard/members", None, [401, 404, 404, 200, 200, 403, 404]),
        r(Method::GET, "/api/dashboard/api-keys", None, [401, 404, 404, 200, 403, 403, 404]),
        r(Method::GET, "/api/admin/organizations", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/organizations/{org}", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::POST,
            "/api/admin/organizations/{other}/suspend",
            Some(json!({})),
            [401, 200, 409, 403, 403, 403, 403],
        ),
        r(Method::POST, "/api/admin/organizations/{other}/reactivate", None, [401, 200, 409, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/audit-logs", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/settings", None, [401, 200, 403, 403, 403, 403, 403]),
        r(
            Method::PATCH,
            "/api/admin/settings",
            Some(json!({"signups_enabled": true})),
            [401, 200, 403, 403, 403, 403, 403],
        ),
    ]
}

async fn every_role_against_every_endpoint(app: TestApp) {
    let (owner, org) = app.register("Matrix Org").await;
    let other = app.create_org("Other Org").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let admin = app.admin().await;
    let staff = app.user(Role::Staff, None).await;
    let outsider = app.user(Role::Client, None).await;
    let token = |who: Who| -> Option<String> {
        match who {
            Who::Anonymous => None,
            Who::Admin => Some(admin.access.clone()),
            Who::Staff => Some(staff.access.clone()),
            Who::Owner => Some(owner.access.clone()),
            Who::Member => Some(member.access.clone()),
            Who::Vendor => Some(vendor.access.clone()),
            Who::Outsider => Some(outsider.access.clone()),
        }
    };
    let mut failures = Vec::new();
    for row in rows() {
        for (i, who) in WHO.iter().enumerate() {
            let path = row.path.replace("{org}", &org.to_string()).replace("{other}", &other.to_string());
            let mut call = app.call(row.method.clone(), &path);
            if let Some(t) = token(*who) {
                call = call.bearer(&t);
            }
            if let Some(b) = &row.body {
                call = call.json(b);
            }
            let res = call.send().await;
            let got = res.status().as_u16();
            if got != row.expect[i] {
                failures.push(format!("{} {} as {who:?}: expected {}, got {got}", row.method, row.path, row.expect[i]));
            }
            if got >= 400 {
                let code = match got {
                    401 => "unauthenticated",
                    403 => "forbidden",
                    404 => "not_found",
                    409 => "conflict",
                    _ => "unexpected",
                };
                expect_problem(res, got, code).await;
            }
        }
    }
    assert!(failures.is_empty(), "permission matrix mismatches:\n{}", failures.join("\n"));
}

db_test!(every_role_against_every_endpoint);
