//! Headless Chromium as its own process, with the flags the browser tests use, a fresh profile
//! and DevTools on a port it picks (`--remote-debugging-port=0`): the websocket address comes
//! from the `DevTools listening on ws://…` line of its standard error. The rest of its output goes
//! to a log file.

use std::fs::File;
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use anyhow::{Context, bail};

/// How long the browser may take to open DevTools.
const START_TIMEOUT: Duration = Duration::from_secs(30);
/// How long the browser may take to exit after `Browser.close`.
const CLOSE_TIMEOUT: Duration = Duration::from_secs(10);

/// A running browser; killed when dropped unless it exited.
pub struct Chromium {
    child: Child,
    /// `ws://127.0.0.1:<port>/devtools/browser/<id>`.
    pub devtools_url: String,
    /// Where its standard error goes after the DevTools line.
    pub log: PathBuf,
    _profile: tempfile::TempDir,
}

impl Chromium {
    /// Starts `binary` headless with a fresh profile, its log in `log_dir/chromium.log`.
    pub fn start(binary: &Path, log_dir: &Path) -> anyhow::Result<Chromium> {
        if !binary.is_file() {
            bail!("no browser at {} (install chromium, or pass --chromium PATH)", binary.display());
        }
        let profile =
            tempfile::Builder::new().prefix("omg-loadtime-profile-").tempdir().context("creating a profile")?;
        let log = log_dir.join("chromium.log");
        let mut child = Command::new(binary)
            .args([
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--no-default-browser-check",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-extensions",
                "--disable-dev-shm-usage",
                "--window-size=1280,800",
                "--remote-debugging-port=0",
            ])
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg("about:blank")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .with_context(|| format!("starting {}", binary.display()))?;
        let stderr = child.stderr.take().context("the browser's standard error")?;
        let mut file = File::create(&log).with_context(|| format!("creating {}", log.display()))?;
        let (found, url) = mpsc::channel();
        // Reads the DevTools line, then copies the rest into the log so the pipe never fills.
        std::thread::spawn(move || {
            let mut found = Some(found);
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if let Some(url) = line.strip_prefix("DevTools listening on ")
                    && let Some(found) = found.take()
                {
                    let _ = found.send(url.trim().to_owned());
                }
                let _ = writeln!(file, "{line}");
            }
        });
        let mut browser = Chromium { child, devtools_url: String::new(), log, _profile: profile };
        let deadline = Instant::now() + START_TIMEOUT;
        browser.devtools_url = loop {
            match url.recv_timeout(Duration::from_millis(200)) {
                Ok(url) => break url,
                Err(mpsc::RecvTimeoutError::Timeout) if Instant::now() < deadline => {
                    if let Some(status) = browser.child.try_wait()? {
                        bail!("the browser exited ({status}) before opening DevTools; see {}", browser.log.display());
                    }
                }
                Err(_) => bail!(
                    "the browser did not open DevTools within {} s; see {}",
                    START_TIMEOUT.as_secs(),
                    browser.log.display()
                ),
            }
        };
        Ok(browser)
    }

    /// Waits for the browser to exit after `Browser.close`; kills it when it takes too long.
    pub async fn wait_closed(mut self) -> anyhow::Result<()> {
        let deadline = Instant::now() + CLOSE_TIMEOUT;
        while Instant::now() < deadline {
            if self.child.try_wait()?.is_some() {
                return Ok(());
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        bail!("the browser did not exit within {} s of Browser.close", CLOSE_TIMEOUT.as_secs())
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        if matches!(self.child.try_wait(), Ok(None)) {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}
