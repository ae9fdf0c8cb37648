//! Headless Chromium driven through chromedriver (started per test on a free port) against the
//! real server serving the built web app.

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::json;

use crate::{Engine, TestApp};

/// How long to wait for something to appear on a page.
const WAIT: Duration = Duration::from_secs(20);

/// The directory holding the built web app (`scripts/build-web` writes `dist/`).
pub fn web_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("OMG_TEST_WEB_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../dist")));
    if dir.join("index.html").exists() {
        return Some(dir);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the browser tests need the built web app in {} (run scripts/build-web); with CI set they may not be skipped",
        dir.display()
    );
    eprintln!("skipping a browser test: no built web app in {}", dir.display());
    None
}

fn binary(var: &str, default: &str) -> Option<String> {
    let path = std::env::var(var).unwrap_or_else(|_| default.to_owned());
    if std::path::Path::new(&path).exists() {
        return Some(path);
    }
    assert!(std::env::var_os("CI").is_none(), "{path} is missing: install chromium and chromium-driver");
    eprintln!("skipping a browser test: {path} is missing");
    None
}

/// A browser session against a test server.
pub struct Browser {
    /// The WebDriver client.
    pub client: Client,
    /// The server.
    pub app: TestApp,
    driver: Driver,
    _profile: tempfile::TempDir,
}

/// The chromedriver process, ended when dropped.
struct Driver(Child);

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

impl Browser {
    /// Starts a server with the web app (SQLite; demo data when `demo`), chromedriver and a
    /// headless Chromium of `width` × `height`. `None` when the browser or the bundle is
    /// missing outside CI.
    pub async fn start(demo: bool, width: u32, height: u32) -> Option<Browser> {
        let dir = web_dir()?;
        let chromium = binary("OMG_TEST_CHROMIUM", "/usr/bin/chromium")?;
        let chromedriver = binary("OMG_TEST_CHROMEDRIVER", "/usr/bin/chromedriver")?;
        let app = TestApp::spawn_with(Engine::Sqlite, |c| {
            c.web_dir = Some(dir);
            c.seed_demo = demo;
            c.demo_password = Some(crate::PASSWORD.to_owned());
        })
        .await?;
        let port = std::net::TcpListener::bind("127.0.0.1:0").ok()?.local_addr().ok()?.port();
        let mut driver = Driver(
            Command::new(chromedriver)
                .arg(format!("--port={port}"))
                .stdout(Stdio::piped())
                .stderr(Stdio::null())
                .spawn()
                .unwrap_or_else(|e| panic!("starting chromedriver: {e}")),
        );
        // Ready when it says so.
        let stdout = driver.0.stdout.take().unwrap_or_else(|| panic!("chromedriver stdout"));
        let mut lines = BufReader::new(stdout).lines();
        loop {
            match lines.next() {
                Some(Ok(line)) if line.contains("started successfully") => break,
                Some(Ok(_)) => continue,
                _ => panic!("chromedriver did not start"),
            }
        }
        std::thread::spawn(move || for _ in lines {});
        let profile = tempfile::tempdir().ok()?;
        let caps = json!({
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--force-prefers-reduced-motion",
                    format!("--window-size={width},{height}"),
                    format!("--user-data-dir={}", profile.path().display()),
                ]
            }
        });
        let caps = caps.as_object().cloned().unwrap_or_default();
        let client = ClientBuilder::rustls()
            .unwrap_or_else(|e| panic!("webdriver client: {e}"))
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{port}"))
            .await
            .unwrap_or_else(|e| panic!("connecting to chromedriver: {e}"));
        Some(Browser { client, app, driver, _profile: profile })
    }

    /// Opens a path of the app.
    pub async fn open(&self, path: &str) {
        self.client.goto(&self.app.url(path)).await.unwrap_or_else(|e| panic!("opening {path}: {e}"));
    }

    /// Waits for an element; on failure, saves a screenshot and the page's text for the report.
    pub async fn wait_for(&self, locator: Locator<'_>) -> Element {
        let deadline = std::time::Instant::now() + WAIT;
        let mut found = self.client.wait().at_most(WAIT).for_element(locator).await;
        // A page load (moving between the web app's bundles) aborts a pending look-up: look again.
        while let Err(e) = &found {
            let left = deadline.saturating_duration_since(std::time::Instant::now());
            if matches!(e, fantoccini::error::CmdError::WaitTimeout) || left.is_zero() {
                break;
            }
            found = self.client.wait().at_most(left).for_element(locator).await;
        }
        match found {
            Ok(el) => el,
            Err(e) => {
                let shot = std::env::temp_dir().join(format!("omg-browser-failure-{}.png", uuid::Uuid::now_v7()));
                if let Ok(png) = self.client.screenshot().await {
                    let _ = std::fs::write(&shot, png);
                }
                let url = self.client.current_url().await.map(|u| u.to_string()).unwrap_or_default();
                let text = match self.client.find(Locator::Css("body")).await {
                    Ok(body) => body.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                panic!("waiting for {locator:?} at {url}: {e}\nscreenshot: {}\npage text: {text}", shot.display())
            }
        }
    }

    /// The web app bundles the page on screen has loaded: the names of its `.wasm` files without
    /// their hash (`public`, `app`, `admin`, `account`), in load order.
    pub async fn loaded_bundles(&self) -> Vec<String> {
        let script = r#"return performance.getEntriesByType("resource")
            .map(e => new URL(e.name).pathname.slice(1))
            .filter(n => n.endsWith(".wasm"))
            .map(n => n.replace(/_bg-[0-9a-f]{16}\.wasm$/, ""));"#;
        let names = self.client.execute(script, vec![]).await.unwrap_or_else(|e| panic!("reading resources: {e}"));
        serde_json::from_value(names).unwrap_or_else(|e| panic!("resource names: {e}"))
    }

    /// Clicks an element once it can take the click: it may still be moving into view, or the
    /// page may re-render it between finding and clicking (a stale element is looked up again).
    pub async fn click_when_ready(&self, locator: Locator<'_>) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let el = self.wait_for(locator).await;
            let result = el.click().await;
            match result {
                Ok(()) => return,
                Err(e) if std::time::Instant::now() < deadline && is_transient(&e) => {
                    // Out from under a sticky bar, if that is what covered it.
                    if let Ok(arg) = serde_json::to_value(&el) {
                        let _ = self.client.execute("arguments[0].scrollIntoView({block: 'center'})", vec![arg]).await;
                    }
                    tokio::task::yield_now().await;
                }
                Err(e) => panic!("clicking {locator:?}: {e}"),
            }
        }
    }

    /// Waits for the page's `h1` to read `text`.
    pub async fn wait_for_heading(&self, text: &str) -> Element {
        self.wait_for(Locator::XPath(&format!("//h1[normalize-space()=\"{text}\"]"))).await
    }

    /// Waits until the path of the address is `path`.
    pub async fn wait_for_path(&self, path: &str) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let url = self.client.current_url().await.unwrap_or_else(|e| panic!("{e}"));
            if url.path() == path {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "still at {url}, expected {path}");
            tokio::task::yield_now().await;
        }
    }

    /// Waits until the address's query is `query` (without `?`).
    pub async fn wait_for_query(&self, query: &str) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let url = self.client.current_url().await.unwrap_or_else(|e| panic!("{e}"));
            if url.query().unwrap_or_default() == query {
                return;
            }
            assert!(std::time::Instant::now() < deadline, "still at {url}, expected the query {query}");
            tokio::task::yield_now().await;
        }
    }

    /// The field labelled `label`.
    pub async fn field(&self, label: &str) -> Element {
        let label_el = self.wait_for(Locator::XPath(&format!("//label[normalize-space(text())=\"{label}\"]"))).await;
        let id = label_el.attr("for").await.ok().flatten().unwrap_or_else(|| panic!("label {label} has a for"));
        self.wait_for(Locator::Id(&id)).await
    }

    /// Types into the field labelled `label` (looked up again if the page re-renders it).
    pub async fn fill(&self, label: &str, text: &str) {
        let deadline = std::time::Instant::now() + WAIT;
        loop {
            let f = self.field(label).await;
            f.clear().await.ok();
            match f.send_keys(text).await {
                Ok(()) => return,
                Err(e) if std::time::Instant::now() < deadline && is_transient(&e) => {
                    tokio::task::yield_now().await;
                }
                Err(e) => panic!("typing into {label}: {e}"),
            }
        }
    }

    /// Clicks the button whose text is `text`.
    pub async fn click_button(&self, text: &str) {
        self.click_when_ready(Locator::XPath(&format!("//button[normalize-space()=\"{text}\"]"))).await;
    }

    /// Clicks the link whose text is `text`.
    pub async fn click_link(&self, text: &str) {
        self.click_when_ready(Locator::XPath(&format!("//a[normalize-space()=\"{text}\"]"))).await;
    }

    /// Signs in through the sign-in form.
    pub async fn sign_in(&self, email: &str) {
        self.fill("Email", email).await;
        self.fill("Password", crate::PASSWORD).await;
        self.click_button("Sign in").await;
    }

    /// Runs axe-core's WCAG 2 A and AA rules on the current page; returns the violations as
    /// `rule (impact): elements` lines.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        let axe = concat!(env!("CARGO_MANIFEST_DIR"), "/../web/node_modules/axe-core/axe.min.js");
        let source = std::fs::read_to_string(axe).unwrap_or_else(|e| panic!("{axe}: {e} (run scripts/build-web)"));
        self.client.execute(&source, vec![]).await.unwrap_or_else(|e| panic!("loading axe-core: {e}"));
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } })
              .then(r => done(r.violations.map(v =>
                  `${v.id} (${v.impact}): ${v.nodes.slice(0, 5).map(n => n.target.join(" ")).join(", ")}`)))
              .catch(e => done([`axe failed: ${e}`]));
        "#;
        let result =
            self.client.execute_async(script, vec![]).await.unwrap_or_else(|e| panic!("running axe-core: {e}"));
        serde_json::from_value(result).unwrap_or_default()
    }

    /// Ends the browser, then chromedriver.
    pub async fn close(self) {
        let _ = self.client.clone().close().await;
        drop(self.driver);
    }
}

/// A WebDriver error that a fresh look-up fixes: the element is re-rendered (stale) or still
/// moving into view (not interactable).
fn is_transient(e: &fantoccini::error::CmdError) -> bool {
    let text = e.to_string();
    // "click intercepted": a sticky bar or a toast covers it for a moment.
    text.contains("stale element") || text.contains("not interactable") || text.contains("click intercepted")
}
