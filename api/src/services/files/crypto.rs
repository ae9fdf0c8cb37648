//! The encrypted format of secure documents (version 1): AES-256-GCM in the STREAM
//! construction, so uploads and downloads stream in bounded memory.
//!
//! ```text
//! header   = "OMGV" ‖ version (1 byte, 1) ‖ nonce prefix (7 random bytes)      12 bytes
//! segment  = AES-256-GCM(data key, nonce, plaintext[i], aad = header)         ≤ 64 KiB + 16
//! nonce    = nonce prefix ‖ i as u32 big-endian ‖ last (1 byte: 1 on the final segment, else 0)
//! ```
//!
//! Every segment but the last holds exactly 64 KiB of plaintext; the last holds the rest (1 to
//! 64 KiB) and is flagged, so a stream cut at a segment boundary, reordered or extended does not
//! decrypt. Each document has its own random data key (wrapped by the master key, see
//! `Secrets::wrap_data_key`).

use aes_gcm::aead::{Aead, KeyInit, Payload};
use aes_gcm::{Aes256Gcm, Nonce};
use rand::RngCore;

/// The format version this code writes.
pub const FORMAT_VERSION: i32 = 1;
/// Plaintext bytes per segment.
pub const SEGMENT: usize = 64 * 1024;
const TAG: usize = 16;
const MAGIC: &[u8; 4] = b"OMGV";
/// Length of the header.
pub const HEADER_LEN: usize = 12;

fn nonce(prefix: &[u8; 7], counter: u32, last: bool) -> Nonce<aes_gcm::aead::consts::U12> {
    let mut n = [0u8; 12];
    n[..7].copy_from_slice(prefix);
    n[7..11].copy_from_slice(&counter.to_be_bytes());
    n[11] = u8::from(last);
    Nonce::from(n)
}

/// A fresh random data key.
pub fn new_data_key() -> [u8; 32] {
    let mut key = [0u8; 32];
    rand::rng().fill_bytes(&mut key);
    key
}

/// Encrypts a plaintext stream segment by segment.
pub struct Encryptor {
    cipher: Aes256Gcm,
    header: [u8; HEADER_LEN],
    prefix: [u8; 7],
    counter: u32,
    pending: Vec<u8>,
}

impl Encryptor {
    /// Starts a stream under a data key; [`Encryptor::header`] comes first in the output.
    pub fn new(key: &[u8; 32]) -> anyhow::Result<Encryptor> {
        let cipher = Aes256Gcm::new_from_slice(key).map_err(|e| anyhow::anyhow!("data key: {e}"))?;
        let mut prefix = [0u8; 7];
        rand::rng().fill_bytes(&mut prefix);
        let mut header = [0u8; HEADER_LEN];
        header[..4].copy_from_slice(MAGIC);
        header[4] = 1;
        header[5..].copy_from_slice(&prefix);
        Ok(Encryptor { cipher, header, prefix, counter: 0, pending: Vec::with_capacity(SEGMENT * 2) })
    }

    /// The header to write before the segments.
    pub fn header(&self) -> [u8; HEADER_LEN] {
        self.header
    }

    fn seal(&mut self, plain: &[u8], last: bool) -> anyhow::Result<Vec<u8>> {
        let n = nonce(&self.prefix, self.counter, last);
        self.counter = self.counter.checked_add(1).ok_or_else(|| anyhow::anyhow!("document too large"))?;
        self.cipher
            .encrypt(&n, Payload { msg: plain, aad: &self.header })
            .map_err(|e| anyhow::anyhow!("encrypting a segment: {e}"))
    }

    /// Takes more plaintext; returns the ciphertext of the segments it completed (the last
    /// segment is held back until [`Encryptor::finish`]).
    pub fn push(&mut self, data: &[u8]) -> anyhow::Result<Vec<u8>> {
        self.pending.extend_from_slice(data);
        let mut out = Vec::new();
        while self.pending.len() > SEGMENT {
            let rest = self.pending.split_off(SEGMENT);
            let segment = std::mem::replace(&mut self.pending, rest);
            out.extend(self.seal(&segment, false)?);
        }
        Ok(out)
    }

    /// The final segment.
    pub fn finish(mut self) -> anyhow::Result<Vec<u8>> {
        let last = std::mem::take(&mut self.pending);
        self.seal(&last, true)
    }
}

/// Decrypts a stream written by [`Encryptor`].
pub struct Decryptor {
    cipher: Aes256Gcm,
    header: Option<[u8; HEADER_LEN]>,
    counter: u32,
    pending: Vec<u8>,
}

impl Decryptor {
    /// Starts reading a stream under a data key.
    pub fn new(key: &[u8; 32]) -> anyhow::Result<Decryptor> {
        let cipher = Aes256Gcm::new_from_slice(key).map_err(|e| anyhow::anyhow!("data key: {e}"))?;
        Ok(Decryptor { cipher, header: None, counter: 0, pending: Vec::new() })
    }

    fn open(&mut self, sealed: &[u8], last: bool) -> anyhow::Result<Vec<u8>> {
        let header = self.header.ok_or_else(|| anyhow::anyhow!("no header"))?;
        let mut prefix = [0u8; 7];
        prefix.copy_from_slice(&header[5..]);
        let n = nonce(&prefix, self.counter, last);
        self.counter = self.counter.checked_add(1).ok_or_else(|| anyhow::anyhow!("too many segments"))?;
        self.cipher
            .decrypt(&n, Payload { msg: sealed, aad: &header })
            .map_err(|_| anyhow::anyhow!("a document segment does not decrypt (wrong key or damaged)"))
    }

    /// Takes more ciphertext; returns the plaintext of the segments it completed.
    pub fn push(&mut self, data: &[u8]) -> anyhow::Result<Vec<u8>> {
        self.pending.extend_from_slice(data);
        if self.header.is_none() {
            if self.pending.len() < HEADER_LEN {
                return Ok(Vec::new());
            }
            let rest = self.pending.split_off(HEADER_LEN);
            let head = std::mem::replace(&mut self.pending, rest);
            anyhow::ensure!(&head[..4] == MAGIC && head[4] == 1, "not a version 1 document");
            let mut header = [0u8; HEADER_LEN];
            header.copy_from_slice(&head);
            self.header = Some(header);
        }
        let mut out = Vec::new();
        while self.pending.len() > SEGMENT + TAG {
            let rest = self.pending.split_off(SEGMENT + TAG);
            let segment = std::mem::replace(&mut self.pending, rest);
            out.extend(self.open(&segment, false)?);
        }
        Ok(out)
    }

    /// The final segment's plaintext.
    ///
    /// Errors: the stream is cut short, damaged, or under another key.
    pub fn finish(mut self) -> anyhow::Result<Vec<u8>> {
        anyhow::ensure!(self.header.is_some() && self.pending.len() >= TAG, "the document is cut short");
        let last = std::mem::take(&mut self.pending);
        self.open(&last, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn encrypt(key: &[u8; 32], plain: &[u8], step: usize) -> Vec<u8> {
        let run = || -> anyhow::Result<Vec<u8>> {
            let mut e = Encryptor::new(key)?;
            let mut out = e.header().to_vec();
            for chunk in plain.chunks(step.max(1)) {
                out.extend(e.push(chunk)?);
            }
            out.extend(e.finish()?);
            Ok(out)
        };
        let sealed = run().unwrap_or_default();
        assert!(sealed.len() > HEADER_LEN, "encryption failed");
        sealed
    }

    fn decrypt(key: &[u8; 32], sealed: &[u8], step: usize) -> anyhow::Result<Vec<u8>> {
        let mut d = Decryptor::new(key)?;
        let mut out = Vec::new();
        for chunk in sealed.chunks(step.max(1)) {
            out.extend(d.push(chunk)?);
        }
        out.extend(d.finish()?);
        Ok(out)
    }

    #[test]
    fn round_trips_at_every_boundary() {
        let key = new_data_key();
        for len in [1, 100, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT, 3 * SEGMENT + 7] {
            let plain: Vec<u8> = (0..len).map(|i| (i % 251) as u8).collect();
            let sealed = encrypt(&key, &plain, 10_000);
            assert_eq!(sealed.len(), HEADER_LEN + len + len.div_ceil(SEGMENT).max(1) * TAG, "{len}");
            assert_eq!(decrypt(&key, &sealed, 7_777).ok(), Some(plain.clone()), "{len}");
            assert_eq!(decrypt(&key, &sealed, sealed.len()).ok(), Some(plain), "{len}");
        }
    }

    #[test]
    fn tampering_truncation_and_other_keys_fail() {
        let key = new_data_key();
        let plain = vec![42u8; 2 * SEGMENT + 5];
        let sealed = encrypt(&key, &plain, SEGMENT);
        assert!(decrypt(&new_data_key(), &sealed, 4096).is_err());
        let mut flipped = sealed.clone();
        flipped[HEADER_LEN + 10] ^= 1;
        assert!(decrypt(&key, &flipped, 4096).is_err());
        // Cut at a segment boundary: the new last segment is not flagged last.
        let cut = &sealed[..HEADER_LEN + 2 * (SEGMENT + TAG)];
        assert!(decrypt(&key, cut, 4096).is_err());
        assert!(decrypt(&key, &sealed[..5], 4096).is_err());
    }
}
