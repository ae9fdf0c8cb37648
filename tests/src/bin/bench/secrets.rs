//! Random values of a run: the server's signing and master keys, database names.

use std::io::Read;

use anyhow::Context;

/// `bytes` random bytes from the kernel, as `2 * bytes` hex digits.
pub fn random_hex(bytes: usize) -> anyhow::Result<String> {
    let mut buf = vec![0u8; bytes];
    std::fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buf)).context("reading /dev/urandom")?;
    Ok(buf.iter().map(|b| format!("{b:02x}")).collect())
}
