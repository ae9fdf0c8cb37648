//! What the server process costs, read from Linux's `/proc/<pid>/`: CPU time (`stat`), resident
//! memory and its high-water mark (`status`), and the reset of that mark (`clear_refs`).

use anyhow::{Context, bail};

/// Reads the resource use of one process.
#[derive(Debug, Clone, Copy)]
pub struct ProcessStats {
    /// The process id.
    pub pid: u32,
    /// Clock ticks per second (`getconf CLK_TCK`), the unit of `stat`'s CPU times.
    ticks_per_sec: u64,
}

impl ProcessStats {
    /// Stats of `pid`, with CPU ticks counted at `ticks_per_sec`.
    pub fn new(pid: u32, ticks_per_sec: u64) -> ProcessStats {
        ProcessStats { pid, ticks_per_sec }
    }

    /// CPU time the process has used so far, user plus system (`stat` fields 14 and 15), in ms.
    pub fn cpu_ms(&self) -> anyhow::Result<f64> {
        let path = format!("/proc/{}/stat", self.pid);
        let stat = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        // The command name (field 2) is in parentheses and may hold spaces: count after it.
        let after_name = stat.rsplit_once(')').map(|(_, rest)| rest).with_context(|| format!("{path}: {stat}"))?;
        let fields: Vec<&str> = after_name.split_whitespace().collect();
        let field = |n: usize| -> anyhow::Result<u64> {
            // `after_name` starts with field 3.
            let text = fields.get(n - 3).with_context(|| format!("{path} has no field {n}"))?;
            text.parse().with_context(|| format!("{path} field {n}: {text:?}"))
        };
        let ticks = field(14)? + field(15)?;
        Ok(ticks as f64 * 1000.0 / self.ticks_per_sec as f64)
    }

    /// Resets the resident-memory high-water mark (`VmHWM`) to the current resident size.
    pub fn reset_peak_rss(&self) -> anyhow::Result<()> {
        let path = format!("/proc/{}/clear_refs", self.pid);
        std::fs::write(&path, "5").with_context(|| format!("writing 5 to {path}"))
    }

    /// The resident-memory high-water mark since start or the last reset, in KiB.
    pub fn peak_rss_kib(&self) -> anyhow::Result<u64> {
        self.status_kib("VmHWM")
    }

    /// The resident memory now, in KiB.
    pub fn rss_kib(&self) -> anyhow::Result<u64> {
        self.status_kib("VmRSS")
    }

    /// A `kB` line of `/proc/<pid>/status`.
    fn status_kib(&self, name: &str) -> anyhow::Result<u64> {
        let path = format!("/proc/{}/status", self.pid);
        let status = std::fs::read_to_string(&path).with_context(|| format!("reading {path}"))?;
        let line = status
            .lines()
            .find_map(|l| l.strip_prefix(name)?.strip_prefix(':'))
            .with_context(|| format!("no {name} in {path}"))?;
        let kib = line.trim().trim_end_matches("kB").trim();
        kib.parse().with_context(|| format!("{path} {name}: {line:?}"))
    }
}

/// Clock ticks per second of `/proc/<pid>/stat`, from `getconf CLK_TCK`.
pub fn clock_ticks_per_sec() -> anyhow::Result<u64> {
    let out = std::process::Command::new("getconf").arg("CLK_TCK").output().context("running getconf CLK_TCK")?;
    let text = String::from_utf8_lossy(&out.stdout);
    match text.trim().parse::<u64>() {
        Ok(n) if out.status.success() && n > 0 => Ok(n),
        _ => bail!("getconf CLK_TCK answered {text:?}"),
    }
}
