//! The test harness: spawns the real server in-process on a free port with a fresh database
//! (a temp-file SQLite, or a PostgreSQL database cloned from a migrated template), and gives
//! tests an HTTP client and fixtures. Tests talk to the server over HTTP only; fixtures may
//! write to the database directly to set up state quickly.

pub mod browser;
pub mod figures;
pub mod fixtures;
pub mod http;
pub mod machine;
pub mod postgres;
pub mod server_process;
pub mod totp;

use std::sync::{Arc, LazyLock};

use api::clock::OffsetClock;
use api::config::Config;
use api::startup::Application;
use api::state::AppState;

/// Which database a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    /// A temp-file SQLite database.
    Sqlite,
    /// A fresh PostgreSQL database on `OMG_TEST_DATABASE_URL`.
    Postgres,
}

/// The password every fixture user has.
pub const PASSWORD: &str = "Correct-Horse-Battery-9";

/// The argon2id hash of [`PASSWORD`], computed once.
pub static PASSWORD_HASH: LazyLock<String> = LazyLock::new(|| {
    api::services::platform::password::hash_blocking(PASSWORD)
        .unwrap_or_else(|e| panic!("hashing the fixture password failed: {e}"))
});

/// The JWT secret every test server uses (so tests can forge tokens).
pub const JWT_SECRET: &[u8] = b"test-secret-test-secret-test-secret-0123456789";

/// A running server with its own database.
pub struct TestApp {
    /// `http://127.0.0.1:<port>`.
    pub address: String,
    /// A client without a cookie store.
    pub client: reqwest::Client,
    /// The server's state (database, config, clock).
    pub state: AppState,
    /// The server's clock, which tests may move forward.
    pub clock: OffsetClock,
    /// Which engine this run uses.
    pub engine: Engine,
    handle: actix_web_handle::Handle,
    config: Config,
    _dir: tempfile::TempDir,
    pg: Option<postgres::TestDatabase>,
}

/// Stopping the server (kept in a module so the rest needs no actix types).
mod actix_web_handle {
    /// Wraps the server handle.
    pub struct Handle(pub Option<Box<dyn FnOnce() + Send>>);
}

impl TestApp {
    /// Spawns a server on the given engine, or `None` when PostgreSQL is not configured
    /// (outside CI; in CI a missing PostgreSQL fails the test). Anything else that goes wrong
    /// fails the test: a test is only ever skipped for a missing PostgreSQL.
    pub async fn spawn(engine: Engine) -> Option<TestApp> {
        Self::spawn_with(engine, |_| {}).await
    }

    /// Like [`TestApp::spawn`], with a chance to change the configuration first.
    pub async fn spawn_with(engine: Engine, tweak: impl FnOnce(&mut Config)) -> Option<TestApp> {
        let _ = rustls::crypto::aws_lc_rs::default_provider().install_default();
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("creating the data directory failed: {e}"));
        let mut config = Config::development(dir.path());
        config.bind = "127.0.0.1:0".into();
        config.seed_demo = false;
        config.workers = 1;
        config.jwt_secret = JWT_SECRET.to_vec();
        config.master_key = JWT_SECRET.to_vec();
        config.password_hash_concurrency = 2;
        // Refusals answer at once: a test asserts the answer, not the pause (the benchmark
        // measures what the pause does to a storm).
        config.refusal_pace = std::time::Duration::ZERO;
        // Jobs run when a test says so (`run_jobs`), never behind its back.
        config.job_workers = 0;
        let pg = match engine {
            Engine::Sqlite => None,
            Engine::Postgres => {
                let db = postgres::TestDatabase::create().await?;
                config.database_url = Some(db.url.clone());
                Some(db)
            }
        };
        tweak(&mut config);
        let clock = OffsetClock::default();
        let (address, state, handle) = start(config.clone(), clock.clone()).await;
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .unwrap_or_else(|e| panic!("building the HTTP client failed: {e}"));
        Some(TestApp { address, client, state, clock, engine, handle, config, _dir: dir, pg })
    }

    /// Stops the server (as a crash or a deploy would) and starts a new one on the same
    /// database and data directory.
    pub async fn restart(&mut self) {
        if let Some(stop) = self.handle.0.take() {
            stop();
        }
        let mut config = self.config.clone();
        config.bind = "127.0.0.1:0".into();
        let (address, state, handle) = start(config, self.clock.clone()).await;
        self.address = address;
        self.state = state;
        self.handle = handle;
    }

    /// Starts another server on this app's database and data directory with a changed
    /// configuration and stops it at once: `Err` with the start-up error when it refuses.
    pub async fn try_start_with(&self, tweak: impl FnOnce(&mut Config)) -> Result<(), String> {
        let mut config = self.config.clone();
        config.bind = "127.0.0.1:0".into();
        tweak(&mut config);
        match Application::build(config, Arc::new(self.clock.clone())).await {
            Ok(app) => {
                drop(app.handle().stop(false));
                Ok(())
            }
            Err(e) => Err(format!("{e:#}")),
        }
    }

    /// Runs the jobs that are due, as a worker would; returns how many ran.
    pub async fn run_jobs(&self) -> usize {
        api::jobs::run_due(&self.state).await.unwrap_or_else(|e| panic!("running jobs: {e}"))
    }

    /// The emails written so far (the server writes `.eml` files when no SMTP server is set),
    /// decoded to text, oldest first.
    pub fn sent_mail(&self) -> Vec<String> {
        let dir = self.config.data_dir.join("mail");
        if !dir.exists() {
            return Vec::new();
        }
        let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
        let mut files: Vec<_> =
            entries.map(|e| e.map(|e| e.path()).unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))).collect();
        files.sort_by_key(|p| std::fs::metadata(p).and_then(|m| m.modified()).ok());
        files
            .iter()
            .map(|p| std::fs::read_to_string(p).unwrap_or_else(|e| panic!("reading {}: {e}", p.display())))
            .map(|raw| decode_quoted_printable(&raw))
            .collect()
    }

    /// The full URL of a path.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.address, path)
    }
}

async fn start(config: Config, clock: OffsetClock) -> (String, AppState, actix_web_handle::Handle) {
    let app = match Application::build(config, Arc::new(clock)).await {
        Ok(app) => app,
        Err(e) => panic!("the test server failed to start: {e:#}"),
    };
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let server_handle = app.handle();
    tokio::spawn(app.run_until_stopped());
    let stop: Box<dyn FnOnce() + Send> = Box::new(move || {
        drop(server_handle.stop(false));
    });
    (address, state, actix_web_handle::Handle(Some(stop)))
}

/// Undoes quoted-printable soft line breaks and `=XX` escapes (enough for our plain-text mail).
fn decode_quoted_printable(raw: &str) -> String {
    let joined = raw.replace("=\r\n", "").replace("=\n", "");
    let bytes = joined.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'=' && i + 2 < bytes.len())
            .then(|| std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()))
            .flatten();
        if let Some(b) = escaped {
            out.push(b);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(stop) = self.handle.0.take() {
            stop();
        }
        if let Some(pg) = self.pg.take() {
            pg.drop_now();
        }
    }
}

/// Defines a database test that runs once on SQLite and once on PostgreSQL:
/// `db_test!(name);` after `async fn name(app: TestApp)`.
#[macro_export]
macro_rules! db_test {
    ($($name:ident),+ $(,)?) => {$(
        mod $name {
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                if let Some(app) = $crate::TestApp::spawn($crate::Engine::Sqlite).await {
                    super::$name(app).await;
                }
            }

            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                if let Some(app) = $crate::TestApp::spawn($crate::Engine::Postgres).await {
                    super::$name(app).await;
                }
            }
        }
    )+};
}
