//! Secrets at rest, under the master key (`OMG_MASTER_KEY`): values the server must read back
//! (TOTP secrets, later the document vault's data keys) are sealed with AES-256-GCM; values it
//! only compares (recovery codes) are keyed hashes (HMAC-SHA256), so a database dump alone
//! reveals neither. Each use has its own key, derived from the master key.

use aes_gcm::aead::{Aead, KeyInit};
use aes_gcm::{Aes256Gcm, Nonce};
use base64::Engine;
use hmac::{Hmac, Mac};
use rand::RngCore;
use sha2::Sha256;

/// The prefix of sealed values (the format's version).
const SEALED_PREFIX: &str = "v1:";
/// The prefix of keyed hashes.
const MAC_PREFIX: &str = "h1:";

type HmacSha256 = Hmac<Sha256>;

/// Keys derived from the master key.
#[derive(Clone)]
pub struct Secrets {
    seal_key: [u8; 32],
    mac_key: [u8; 32],
}

impl std::fmt::Debug for Secrets {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secrets(..)")
    }
}

fn derive(master: &[u8], purpose: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    if let Ok(mut m) = <HmacSha256 as Mac>::new_from_slice(master) {
        m.update(b"omgsystems/");
        m.update(purpose.as_bytes());
        out.copy_from_slice(&m.finalize().into_bytes());
    }
    out
}

impl Secrets {
    /// Derives the working keys from the master key (32 bytes or more).
    pub fn new(master: &[u8]) -> Secrets {
        Secrets { seal_key: derive(master, "seal/v1"), mac_key: derive(master, "mac/v1") }
    }

    /// Seals a value: `v1:` + base64(nonce ‖ ciphertext ‖ tag).
    pub fn seal(&self, plaintext: &str) -> anyhow::Result<String> {
        let cipher = Aes256Gcm::new_from_slice(&self.seal_key).map_err(|e| anyhow::anyhow!("seal key: {e}"))?;
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let sealed =
            cipher.encrypt(&Nonce::from(nonce), plaintext.as_bytes()).map_err(|e| anyhow::anyhow!("sealing: {e}"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{SEALED_PREFIX}{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)))
    }

    /// Opens a sealed value. A value without the prefix is a legacy clear value and comes back
    /// as it is (the start-up upgrade seals those).
    pub fn open(&self, stored: &str) -> anyhow::Result<String> {
        let Some(b64) = stored.strip_prefix(SEALED_PREFIX) else { return Ok(stored.to_owned()) };
        let raw = base64::engine::general_purpose::STANDARD_NO_PAD.decode(b64)?;
        anyhow::ensure!(raw.len() > 12, "sealed value too short");
        let (nonce, body) = raw.split_at(12);
        let nonce: [u8; 12] = nonce.try_into()?;
        let cipher = Aes256Gcm::new_from_slice(&self.seal_key).map_err(|e| anyhow::anyhow!("seal key: {e}"))?;
        let plain = cipher
            .decrypt(&Nonce::from(nonce), body)
            .map_err(|_| anyhow::anyhow!("a sealed value does not open with this master key"))?;
        Ok(String::from_utf8(plain)?)
    }

    /// Whether a stored value is sealed.
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(SEALED_PREFIX)
    }

    /// The keyed hash of a value: `h1:` + hex(HMAC-SHA256).
    pub fn mac(&self, value: &str) -> String {
        let mut out = String::from(MAC_PREFIX);
        if let Ok(mut m) = <HmacSha256 as Mac>::new_from_slice(&self.mac_key) {
            m.update(value.as_bytes());
            for b in m.finalize().into_bytes() {
                out.push_str(&format!("{b:02x}"));
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_with_their_key() {
        let a = Secrets::new(&[7u8; 32]);
        let b = Secrets::new(&[8u8; 32]);
        let sealed = a.seal("JBSWY3DPEHPK3PXP").unwrap_or_default();
        assert!(Secrets::is_sealed(&sealed));
        assert!(!sealed.contains("JBSWY3DPEHPK3PXP"));
        assert_eq!(a.open(&sealed).ok().as_deref(), Some("JBSWY3DPEHPK3PXP"));
        assert!(b.open(&sealed).is_err());
        assert_ne!(a.seal("x").ok(), a.seal("x").ok(), "a fresh nonce each time");
        assert_eq!(a.open("LEGACY").ok().as_deref(), Some("LEGACY"));
    }

    #[test]
    fn keyed_hashes_depend_on_the_key() {
        let a = Secrets::new(&[7u8; 32]);
        assert_eq!(a.mac("abc"), a.mac("abc"));
        assert_ne!(a.mac("abc"), Secrets::new(&[8u8; 32]).mac("abc"));
        assert!(a.mac("abc").starts_with("h1:"));
    }
}
