//! The machine a benchmark was measured on: cores, CPU model and kernel.

/// One line naming the machine, e.g. `2 cores (nproc), AMD EPYC 7B13, Linux 6.1.0`.
pub fn describe() -> String {
    let cores = command_output("nproc").unwrap_or_else(|| "?".into());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let model = cpuinfo
        .lines()
        .find_map(|l| l.strip_prefix("model name")?.split_once(':').map(|(_, m)| m.trim().to_owned()))
        .unwrap_or_else(|| "unknown CPU".into());
    let kernel = std::fs::read_to_string("/proc/sys/kernel/osrelease").unwrap_or_default();
    format!("{cores} cores (nproc), {model}, Linux {}", kernel.trim())
}

/// The trimmed standard output of a command without arguments, if it succeeds.
fn command_output(program: &str) -> Option<String> {
    let out = std::process::Command::new(program).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
