//! The server serves the web app: files, `index.html` for client routes, cache headers, CSP.

use reqwest::Method;
use tests::http::{expect_json, expect_problem};
use tests::{Engine, TestApp};

async fn with_web_dir(engine: Engine) -> Option<(TestApp, tempfile::TempDir)> {
    let dir = tempfile::tempdir().ok()?;
    std::fs::write(dir.path().join("index.html"), "<!doctype html><title>index</title>").ok()?;
    std::fs::write(dir.path().join("app-0123456789abcdef.css"), "body{}").ok()?;
    std::fs::write(dir.path().join("web_bg-0123456789abcdef.wasm"), b"\0asm\x01\0\0\0").ok()?;
    std::fs::write(dir.path().join("favicon.svg"), "<svg/>").ok()?;
    let path = dir.path().to_path_buf();
    let app = TestApp::spawn_with(engine, |c| c.web_dir = Some(path)).await?;
    Some((app, dir))
}

fn header(res: &reqwest::Response, name: &str) -> String {
    res.headers().get(name).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned()
}

async fn serves_the_app_and_its_assets(engine: Engine) {
    let Some((app, _dir)) = with_web_dir(engine).await else { return };
    for path in ["/", "/dashboard/settings", "/admin/organizations/123", "/login?next=%2Fdashboard"] {
        let res = app.call(Method::GET, path).send().await;
        assert_eq!(res.status(), 200, "{path}");
        assert_eq!(header(&res, "cache-control"), "no-cache", "{path}");
        assert!(header(&res, "content-security-policy").starts_with("default-src 'self'"), "{path}");
        assert!(header(&res, "content-type").starts_with("text/html"));
        assert!(res.text().await.unwrap_or_default().contains("<title>index</title>"));
    }
    let res = app.call(Method::GET, "/app-0123456789abcdef.css").send().await;
    assert_eq!(res.status(), 200);
    assert_eq!(header(&res, "cache-control"), "public, max-age=31536000, immutable");
    assert!(header(&res, "content-type").starts_with("text/css"));
    let res = app.call(Method::GET, "/web_bg-0123456789abcdef.wasm").send().await;
    assert_eq!(header(&res, "content-type"), "application/wasm");
    let res = app.call(Method::GET, "/favicon.svg").send().await;
    assert_eq!(header(&res, "cache-control"), "public, max-age=3600");
    let res = app.call(Method::HEAD, "/dashboard").send().await;
    assert_eq!(res.status(), 200);
}

async fn cannot_escape_the_web_dir(engine: Engine) {
    let Some((app, _dir)) = with_web_dir(engine).await else { return };
    for path in ["/../Cargo.toml", "/%2e%2e/Cargo.toml", "/..%2fCargo.toml", "/%2e%2e%2f%2e%2e%2fetc%2fpasswd", "/.env"]
    {
        let res = app.call(Method::GET, path).send().await;
        let text = res.text().await.unwrap_or_default();
        assert!(text.contains("<title>index</title>") || text.is_empty(), "{path} served {text}");
        assert!(!text.contains("[workspace]") && !text.contains("root:"), "{path} escaped");
    }
}

async fn the_api_is_unchanged(engine: Engine) {
    let Some((app, _dir)) = with_web_dir(engine).await else { return };
    expect_problem(app.call(Method::GET, "/api/nope").send().await, 404, "not_found").await;
    expect_problem(app.call(Method::GET, "/api").send().await, 404, "not_found").await;
    expect_json(app.call(Method::GET, "/api/health").send().await, 200).await;
    let res = app.call(Method::GET, "/api/docs/").send().await;
    assert_eq!(res.status(), 200);
    assert!(res.headers().get("content-security-policy").is_none());
    expect_problem(app.call(Method::POST, "/dashboard").send().await, 405, "method_not_allowed").await;
}

async fn without_a_web_dir_other_paths_are_404(engine: Engine) {
    let Some(app) = TestApp::spawn(engine).await else { return };
    expect_problem(app.call(Method::GET, "/dashboard").send().await, 404, "not_found").await;
}

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
    cannot_escape_the_web_dir,
    the_api_is_unchanged,
    without_a_web_dir_other_paths_are_404
);
