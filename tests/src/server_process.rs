//! The release server as its own process, configured as deployed: `OMG_ENV=production`, random
//! keys, no demo data, and nothing inherited that would change it (`OMG_*`, `DATABASE_URL`,
//! `RUST_LOG`); a caller adds what its measurement needs (`DATABASE_URL`, `OMG_WEB_DIR`, …). Its
//! output goes to a log file in the data dir. The benchmarks (`bench`, `loadtime`) run it so.

use std::ffi::OsString;
use std::fs::OpenOptions;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// How long a starting server may take to answer `GET /api/health`.
const START_TIMEOUT: Duration = Duration::from_secs(60);

/// How to run one server binary on one data dir and database.
pub struct ServerConfig {
    /// The `omgsystems` binary.
    binary: PathBuf,
    /// `--data-dir`.
    data_dir: PathBuf,
    /// The environment beyond the defaults of the production set-up: the random keys and what
    /// the caller added.
    env: Vec<(String, OsString)>,
    /// Where the server's standard output and error go.
    pub log: PathBuf,
}

impl ServerConfig {
    /// A production configuration with fresh random `OMG_JWT_SECRET` and `OMG_MASTER_KEY`, no
    /// demo data; the log is `<data dir>/server.log`.
    pub fn production(binary: &Path, data_dir: &Path) -> anyhow::Result<ServerConfig> {
        let config = ServerConfig {
            binary: binary.to_path_buf(),
            data_dir: data_dir.to_path_buf(),
            env: Vec::new(),
            log: data_dir.join("server.log"),
        };
        Ok(config
            .env("OMG_ENV", "production")
            .env("OMG_JWT_SECRET", random_hex(32)?)
            .env("OMG_MASTER_KEY", random_hex(32)?)
            .env("OMG_DEMO_DATA", "false"))
    }

    /// Sets an environment variable of the server (a later value of the same name wins).
    pub fn env(mut self, name: &str, value: impl Into<OsString>) -> ServerConfig {
        self.env.retain(|(n, _)| n != name);
        self.env.push((name.to_owned(), value.into()));
        self
    }

    /// `omgsystems <args>` with the configured environment and nothing inherited that would
    /// change it (`OMG_*`, `DATABASE_URL`, `RUST_LOG`), output appended to the log.
    fn command(&self, args: &[&str]) -> anyhow::Result<Command> {
        let log = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)
            .with_context(|| format!("opening {}", self.log.display()))?;
        let mut cmd = Command::new(&self.binary);
        cmd.args(args).arg("--data-dir").arg(&self.data_dir);
        for (name, _) in std::env::vars_os() {
            let inherited = name.to_string_lossy();
            if inherited.starts_with("OMG_") || inherited == "DATABASE_URL" || inherited == "RUST_LOG" {
                cmd.env_remove(&name);
            }
        }
        cmd.envs(self.env.iter().map(|(name, value)| (name, value)));
        cmd.stdin(Stdio::null()).stdout(log.try_clone()?).stderr(log);
        Ok(cmd)
    }

    /// Runs `omgsystems migrate`.
    pub fn migrate(&self) -> anyhow::Result<()> {
        let status =
            self.command(&["migrate"])?.status().with_context(|| format!("running {}", self.binary.display()))?;
        if !status.success() {
            bail!("`omgsystems migrate` failed ({status}); see {}", self.log.display());
        }
        Ok(())
    }

    /// Starts `omgsystems serve` on a free port and waits until `GET /api/health` answers 200.
    pub async fn start(&self) -> anyhow::Result<Server> {
        let port = free_port()?;
        let bind = format!("127.0.0.1:{port}");
        let child = self.command(&["serve", "--bind", &bind])?.spawn().context("starting the server")?;
        let mut server = Server { pid: child.id(), child, base: format!("http://{bind}") };
        server.wait_healthy(&self.log).await?;
        Ok(server)
    }
}

/// A running server process; killed when dropped.
pub struct Server {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
    /// The process id.
    pub pid: u32,
}

impl Server {
    /// Polls `GET /api/health` until it answers 200, the process exits, or time runs out.
    async fn wait_healthy(&mut self, log: &Path) -> anyhow::Result<()> {
        let client = reqwest::Client::builder().timeout(Duration::from_secs(2)).build()?;
        let url = format!("{}/api/health", self.base);
        let deadline = Instant::now() + START_TIMEOUT;
        while Instant::now() < deadline {
            if let Some(status) = self.child.try_wait()? {
                bail!("the server exited ({status}) before answering; see {}", log.display());
            }
            if client.get(&url).send().await.is_ok_and(|r| r.status() == reqwest::StatusCode::OK) {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        bail!("the server did not answer {url} within {} s; see {}", START_TIMEOUT.as_secs(), log.display())
    }

    /// Ends the process with SIGKILL, as a crash would: nothing is flushed or closed.
    pub fn kill9(mut self) -> anyhow::Result<()> {
        self.child.kill().context("kill -9 of the server")?;
        self.child.wait().context("waiting for the killed server")?;
        Ok(())
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

/// A TCP port nothing listens on right now.
fn free_port() -> anyhow::Result<u16> {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").context("finding a free port")?;
    Ok(listener.local_addr()?.port())
}

/// `bytes` random bytes from the kernel, as `2 * bytes` hex digits: the server's keys, database
/// names.
pub fn random_hex(bytes: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)).context("reading /dev/urandom")?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}
