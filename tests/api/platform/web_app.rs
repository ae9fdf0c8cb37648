//! The server serves the web app: files, `index.html` for client routes, cache headers, CSP, no
//! way out of the web dir, and `/api` untouched.

use std::io::{Read, Write};
use std::path::PathBuf;

use reqwest::Method;
use shared::dto::system::HealthStatus;
use tests::http::{expect, expect_problem};
use tests::{Engine, TestApp};

const INDEX: &str = "<!doctype html><title>index</title>";
const APP_PAGE: &str = "<!doctype html><title>client portal</title>";
const ADMIN_PAGE: &str = "<!doctype html><title>admin portal</title>";
const ACCOUNT_PAGE: &str = "<!doctype html><title>account</title>";
const INSIGHTS_PAGE: &str = "<!doctype html><title>insights</title>";
const MONITORING_PAGE: &str = "<!doctype html><title>monitoring</title>";
const INGEST_PAGE: &str = "<!doctype html><title>ingest</title>";
const CONTROL_PAGE: &str = "<!doctype html><title>control</title>";
const FLAGS_PAGE: &str = "<!doctype html><title>flags</title>";
const USAGE_PAGE: &str = "<!doctype html><title>usage</title>";
const USERS_PAGE: &str = "<!doctype html><title>users</title>";
const TEAM_PAGE: &str = "<!doctype html><title>team</title>";
const SECRET: &str = "TOP-SECRET-NEXT-TO-THE-WEB-DIR";
const CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; img-src 'self' data:; style-src 'self'; \
connect-src 'self'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// A server whose web dir is `<tmp>/web`, with a secret file in `<tmp>` that must stay out of reach.
struct WebApp {
    app: TestApp,
    root: PathBuf,
    _tmp: tempfile::TempDir,
}

async fn with_web_dir(engine: Engine) -> Option<WebApp> {
    let tmp = tempfile::tempdir().expect("temp dir");
    let root = tmp.path().to_path_buf();
    let web = root.join("web");
    let files: [(PathBuf, &[u8]); 19] = [
        (root.join("secret.txt"), SECRET.as_bytes()),
        (web.join("index.html"), INDEX.as_bytes()),
        (web.join("app.html"), APP_PAGE.as_bytes()),
        (web.join("admin.html"), ADMIN_PAGE.as_bytes()),
        (web.join("account.html"), ACCOUNT_PAGE.as_bytes()),
        (web.join("insights.html"), INSIGHTS_PAGE.as_bytes()),
        (web.join("monitoring.html"), MONITORING_PAGE.as_bytes()),
        (web.join("ingest.html"), INGEST_PAGE.as_bytes()),
        (web.join("control.html"), CONTROL_PAGE.as_bytes()),
        (web.join("flags.html"), FLAGS_PAGE.as_bytes()),
        (web.join("usage.html"), USAGE_PAGE.as_bytes()),
        (web.join("users.html"), USERS_PAGE.as_bytes()),
        (web.join("team.html"), TEAM_PAGE.as_bytes()),
        (web.join("app-0123456789abcdef.css"), b"body{color:red}"),
        (web.join("web_bg-0123456789abcdef.wasm"), b"\0asm\x01\0\0\0"),
        (web.join("web_bg-0123456789abcdef.wasm.gz"), b"GZIPPED-VARIANT"),
        (web.join("favicon.svg"), b"<svg/>"),
        (web.join(".hidden"), SECRET.as_bytes()),
        (web.join("sub").join("inner.txt"), SECRET.as_bytes()),
    ];
    std::fs::create_dir_all(web.join("sub")).expect("web dir");
    for (path, content) in files {
        std::fs::write(&path, content).expect("web dir file");
    }
    let app = TestApp::spawn_with(engine, |c| c.web_dir = Some(web)).await?;
    Some(WebApp { app, root, _tmp: tmp })
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

/// Sends `GET <target>` exactly as given (reqwest and the url crate would resolve `..` and
/// `%2e%2e` before sending), with extra header lines, and returns the whole raw response.
async fn raw_get(app: &TestApp, target: &str, headers: &str) -> String {
    let addr = app.address.trim_start_matches("http://").to_owned();
    let request = format!("GET {target} HTTP/1.1\r\nHost: {addr}\r\n{headers}Connection: close\r\n\r\n");
    let response = tokio::task::spawn_blocking(move || {
        let mut stream = std::net::TcpStream::connect(&addr).expect("connect");
        stream.write_all(request.as_bytes()).expect("write");
        let mut buf = Vec::new();
        stream.read_to_end(&mut buf).expect("read");
        buf
    })
    .await
    .expect("join");
    String::from_utf8_lossy(&response).into_owned()
}

async fn serves_the_app_and_its_assets(engine: Engine) {
    let Some(web) = with_web_dir(engine).await else { return };
    let app = &web.app;
    // Each path gets the page of the bundle that holds it; a page is never answered by its name.
    for (path, page) in [
        ("/", INDEX),
        ("/index.html", INDEX),
        ("/app.html", INDEX),
        ("/admin.html", INDEX),
        ("/login?next=%2Fdashboard", INDEX),
        ("/a.b/c", INDEX),
        ("/administrator", INDEX),
        ("/dashboard", APP_PAGE),
        ("/dashboard/settings", APP_PAGE),
        ("/insights.html", INDEX),
        ("/admin", INSIGHTS_PAGE),
        ("/admin/", INSIGHTS_PAGE),
        ("/admin/organizations/123", ADMIN_PAGE),
        ("/admin/audit", CONTROL_PAGE),
        ("/admin/settings", CONTROL_PAGE),
        ("/admin/flags", FLAGS_PAGE),
        ("/admin/flags/0190aa", FLAGS_PAGE),
        ("/admin/usage", MONITORING_PAGE),
        ("/admin/usage/0190aa", MONITORING_PAGE),
        ("/admin/ingest-keys/0190aa", INGEST_PAGE),
        ("/monitoring.html", INDEX),
        ("/admin/users", USERS_PAGE),
        ("/admin/users/0190aa", USERS_PAGE),
        ("/users.html", INDEX),
        ("/flags.html", INDEX),
        ("/dashboard/usage", USAGE_PAGE),
        ("/dashboard/team", TEAM_PAGE),
        ("/invitations/accept", INDEX),
        ("/admin/security", ACCOUNT_PAGE),
        ("/dashboard/profile", ACCOUNT_PAGE),
    ] {
        let res = app.call(Method::GET, path).send().await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
        assert_eq!(header(&res, "content-security-policy"), CSP, "{path}");
        assert!(header(&res, "content-type").starts_with("text/html"), "{path}");
        assert_eq!(res.text().await.unwrap_or_default(), page, "{path}");
    }

    let res = app.call(Method::GET, "/app-0123456789abcdef.css").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
    assert!(header(&res, "content-type").starts_with("text/css"));
    assert_eq!(header(&res, "content-security-policy"), CSP);
    assert_eq!(res.text().await.unwrap_or_default(), "body{color:red}");

    let res = app.call(Method::GET, "/web_bg-0123456789abcdef.wasm").send().await;
    assert_eq!(header(&res, "content-type"), "application/wasm");
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");

    // Not content-hashed: cached briefly only.
    let res = app.call(Method::GET, "/favicon.svg").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "cache-control"), "public, max-age=3600");
}

async fn precompressed_files_go_to_clients_that_take_gzip(engine: Engine) {
    let Some(web) = with_web_dir(engine).await else { return };
    let app = &web.app;
    let wasm = "/web_bg-0123456789abcdef.wasm";
    for accept in ["Accept-Encoding: gzip\r\n", "Accept-Encoding: gzip, deflate, br, zstd\r\n"] {
        let response = raw_get(app, wasm, accept).await.to_ascii_lowercase();
        assert!(response.starts_with("http/1.1 200"), "{accept}: {response}");
        assert!(response.contains("\r\ncontent-encoding: gzip\r\n"), "{accept}: {response}");
        assert!(response.contains("\r\ncontent-type: application/wasm\r\n"), "{accept}: {response}");
        assert!(response.contains("\r\nvary: accept-encoding\r\n"), "{accept}: {response}");
        assert!(response.contains("\r\ncache-control: public, max-age=31536000, immutable\r\n"), "{response}");
        assert!(response.ends_with("gzipped-variant"), "{accept}: {response}");
    }
    for accept in ["", "Accept-Encoding: identity\r\n", "Accept-Encoding: gzip;q=0, identity\r\n"] {
        let response = raw_get(app, wasm, accept).await.to_ascii_lowercase();
        assert!(response.starts_with("http/1.1 200"), "{accept}: {response}");
        assert!(!response.contains("content-encoding"), "{accept}: {response}");
        assert!(response.contains("\r\nvary: accept-encoding\r\n"), "{accept}: {response}");
        assert!(response.ends_with("\0asm\x01\0\0\0"), "{accept}: {response}");
    }
}

async fn head_works(engine: Engine) {
    let Some(web) = with_web_dir(engine).await else { return };
    let app = &web.app;
    for (path, content_type, cache) in [
        ("/dashboard", "text/html", "no-cache"),
        ("/", "text/html", "no-cache"),
        ("/app-0123456789abcdef.css", "text/css", "public, max-age=31536000, immutable"),
    ] {
        let res = app.call(Method::HEAD, path).send().await;
        assert_eq!(res.status(), 200, "{path}");
        assert!(header(&res, "content-type").starts_with(content_type), "{path}");
        assert_eq!(header(&res, "cache-control"), cache, "{path}");
        assert_eq!(header(&res, "content-security-policy"), CSP, "{path}");
        assert!(res.bytes().await.unwrap_or_default().is_empty(), "{path}: HEAD answered a body");
    }
}

async fn cannot_escape_the_web_dir(engine: Engine) {
    let Some(web) = with_web_dir(engine).await else { return };
    let (app, root) = (&web.app, &web.root);
    let secret_path = root.join("secret.txt").display().to_string();
    let encoded_path = secret_path.replace('/', "%2f");
    let targets = [
        "/../secret.txt".to_owned(),
        "/web/../secret.txt".to_owned(),
        "/../../../../../../etc/passwd".to_owned(),
        "/%2e%2e/secret.txt".to_owned(),
        "/%2E%2E/secret.txt".to_owned(),
        "/..%2fsecret.txt".to_owned(),
        "/%2e%2e%2fsecret.txt".to_owned(),
        "/.%2e/secret.txt".to_owned(),
        "/%2e%2e%2f%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd".to_owned(),
        "/..%5csecret.txt".to_owned(),
        "/%252e%252e/secret.txt".to_owned(),
        format!("/{secret_path}"),
        format!("/{encoded_path}"),
        format!("/%2f{encoded_path}"),
        "/.hidden".to_owned(),
        "/sub/inner.txt".to_owned(),
        "/sub%2finner.txt".to_owned(),
    ];
    for target in &targets {
        let response = raw_get(app, target, "").await;
        let status = response.split(' ').nth(1).unwrap_or_default();
        assert!(!response.contains(SECRET) && !response.contains("root:"), "{target} escaped the web dir: {response}");
        assert!(
            (status == "200" && response.contains(INDEX)) || status == "400" || status == "404",
            "{target}: {response}"
        );
    }
}

async fn the_api_is_unchanged(engine: Engine) {
    let Some(web) = with_web_dir(engine).await else { return };
    let app = &web.app;
    for path in ["/api/nope", "/api", "/api/dashboard/nope", "/api/index.html"] {
        let res = app.call(Method::GET, path).send().await;
        assert!(res.headers().get("content-security-policy").is_none(), "{path}");
        expect_problem(res, 404, "not_found").await;
    }
    let health: HealthStatus = expect(app.call(Method::GET, "/api/health").send().await, 200).await;
    assert_eq!(health.status, "ok");
    let res = app.call(Method::GET, "/api/docs/").send().await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("content-security-policy").is_none());
    assert!(res.text().await.unwrap_or_default().contains("swagger"));
    // Only GET and HEAD reach the web app.
    for method in [Method::POST, Method::PUT, Method::DELETE] {
        let res = app.call(method.clone(), "/dashboard").send().await;
        assert_ne!(header(&res, "content-type"), "text/html", "{method}");
        expect_problem(res, 405, "method_not_allowed").await;
    }
    expect_problem(app.call(Method::POST, "/app-0123456789abcdef.css").send().await, 405, "method_not_allowed").await;
}

async fn a_missing_asset_is_404_not_the_app(engine: Engine) {
    let Some(web) = with_web_dir(engine).await else { return };
    for path in ["/web-ffffffffffffffff.js", "/web_bg-ffffffffffffffff.wasm", "/favicon.ico"] {
        expect_problem(web.app.call(Method::GET, path).send().await, 404, "not_found").await;
    }
}

async fn without_a_web_dir_other_paths_are_404(engine: Engine) {
    let Some(app) = TestApp::spawn(engine).await else { return };
    expect_problem(app.call(Method::GET, "/").send().await, 404, "not_found").await;
    expect_problem(app.call(Method::GET, "/dashboard").send().await, 404, "not_found").await;
}

/// Like `db_test!`, for tests that configure their own server.
macro_rules! web_test {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                super::$name(tests::Engine::Sqlite).await;
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                super::$name(tests::Engine::Postgres).await;
            }
        }
    )+};
}

web_test!(
    serves_the_app_and_its_assets,
    precompressed_files_go_to_clients_that_take_gzip,
    head_works,
    cannot_escape_the_web_dir,
    the_api_is_unchanged,
    a_missing_asset_is_404_not_the_app,
    without_a_web_dir_other_paths_are_404
);
