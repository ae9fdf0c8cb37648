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
/// The prefix of wrapped document keys.
const WRAPPED_PREFIX: &str = "k1:";

type HmacSha256 = Hmac<Sha256>;

/// Keys derived from the master key.
#[derive(Clone)]
pub struct Secrets {
    seal_key: [u8; 32],
    mac_key: [u8; 32],
    vault_key: [u8; 32],
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
        Secrets {
            seal_key: derive(master, "seal/v1"),
            mac_key: derive(master, "mac/v1"),
            vault_key: derive(master, "vault/v1"),
        }
    }

    /// Wraps a secure document's data key with the vault key, bound to the document's id:
    /// `k1:` + base64(nonce ‖ ciphertext ‖ tag).
    pub fn wrap_data_key(&self, document_id: uuid::Uuid, data_key: &[u8; 32]) -> anyhow::Result<String> {
        use aes_gcm::aead::Payload;
        let cipher = Aes256Gcm::new_from_slice(&self.vault_key).map_err(|e| anyhow::anyhow!("vault key: {e}"))?;
        let mut nonce = [0u8; 12];
        rand::rng().fill_bytes(&mut nonce);
        let payload = Payload { msg: data_key, aad: document_id.as_bytes() };
        let sealed = cipher.encrypt(&Nonce::from(nonce), payload).map_err(|e| anyhow::anyhow!("wrapping: {e}"))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(format!("{WRAPPED_PREFIX}{}", base64::engine::general_purpose::STANDARD_NO_PAD.encode(out)))
    }

    /// Unwraps a document's data key.
    ///
    /// Errors: not a wrapped key, or one wrapped by another master key or for another document.
    pub fn unwrap_data_key(&self, document_id: uuid::Uuid, wrapped: &str) -> anyhow::Result<[u8; 32]> {
        use aes_gcm::aead::Payload;
        let b64 = wrapped.strip_prefix(WRAPPED_PREFIX).ok_or_else(|| anyhow::anyhow!("not a wrapped data key"))?;
        let raw = base64::engine::general_purpose::STANDARD_NO_PAD.decode(b64)?;
        anyhow::ensure!(raw.len() > 12, "wrapped key too short");
        let (nonce, body) = raw.split_at(12);
        let nonce: [u8; 12] = nonce.try_into()?;
        let cipher = Aes256Gcm::new_from_slice(&self.vault_key).map_err(|e| anyhow::anyhow!("vault key: {e}"))?;
        let plain = cipher
            .decrypt(&Nonce::from(nonce), Payload { msg: body, aad: document_id.as_bytes() })
            .map_err(|_| anyhow::anyhow!("a document key does not open with this master key"))?;
        plain.try_into().map_err(|_| anyhow::anyhow!("a document key of the wrong length"))
    }

    /// The check value of the vault key, stored once documents exist: another master key gives
    /// another value.
    pub fn vault_key_check(&self) -> String {
        let mut out = String::from("c1:");
        if let Ok(mut m) = <HmacSha256 as Mac>::new_from_slice(&self.vault_key) {
            m.update(b"omgsystems/vault/key-check");
            for b in m.finalize().into_bytes() {
                out.push_str(&format!("{b:02x}"));
            }
        }
        out
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
    fn data_keys_unwrap_only_with_their_key_and_document() {
        let a = Secrets::new(&[7u8; 32]);
        let doc = uuid::Uuid::now_v7();
        let key = [9u8; 32];
        let wrapped = a.wrap_data_key(doc, &key).unwrap_or_default();
        assert_eq!(a.unwrap_data_key(doc, &wrapped).ok(), Some(key));
        assert!(a.unwrap_data_key(uuid::Uuid::now_v7(), &wrapped).is_err());
        assert!(Secrets::new(&[8u8; 32]).unwrap_data_key(doc, &wrapped).is_err());
        assert_ne!(a.vault_key_check(), Secrets::new(&[8u8; 32]).vault_key_check());
    }

    #[test]
    fn keyed_hashes_depend_on_the_key() {
        let a = Secrets::new(&[7u8; 32]);
        assert_eq!(a.mac("abc"), a.mac("abc"));
        assert_ne!(a.mac("abc"), Secrets::new(&[8u8; 32]).mac("abc"));
        assert!(a.mac("abc").starts_with("h1:"));
    }
}
