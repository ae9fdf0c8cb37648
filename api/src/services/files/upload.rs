//! Receiving one upload: the multipart body is read part by part, the file part streamed to the
//! store (optionally encrypted on the way) in bounded memory, its SHA-256 computed as it
//! passes, its type sniffed from the first bytes, its size held to the file limit and the
//! organization's room as it grows. Whatever goes wrong, nothing stays in the store.

use std::collections::BTreeMap;

use actix_multipart::{Field, Multipart, MultipartError};
use futures_util::StreamExt;
use sha2::{Digest, Sha256};

use super::crypto::Encryptor;
use super::quota::Limits;
use super::sniff::{self, SNIFF_LEN};
use super::storage::{Storage, Writer};
use crate::error::{ApiError, ApiResult};

/// The multipart part that carries the file.
pub const FILE_PART: &str = "file";
/// Room for the multipart framing and text parts around the file, on top of the file limit.
const FRAMING_ALLOWANCE: u64 = 64 * 1024;
/// Longest text part accepted.
const TEXT_PART_MAX: usize = 1024;
/// How much of a refused body is still read (and dropped) so the client gets the answer
/// rather than a reset connection; beyond it the connection is closed.
const DRAIN_MAX: u64 = 64 * 1024 * 1024;

/// A file received and stored.
#[derive(Debug, Clone)]
pub struct Received {
    /// The sanitised name.
    pub name: String,
    /// Plaintext bytes.
    pub size: u64,
    /// The sniffed content type.
    pub content_type: &'static str,
    /// SHA-256 of the plaintext, lower-case hex.
    pub sha256: String,
    /// The text parts that were allowed, by name.
    pub fields: BTreeMap<String, String>,
}

/// Where the bytes go: straight to the store, or through the document cipher.
struct Sink {
    writer: Writer,
    cipher: Option<Encryptor>,
}

impl Sink {
    async fn open(storage: &Storage, key: &str, data_key: Option<&[u8; 32]>) -> anyhow::Result<Sink> {
        let mut writer = storage.writer(key).await?;
        let cipher = match data_key {
            Some(k) => {
                let e = Encryptor::new(k)?;
                writer.write(&e.header()).await?;
                Some(e)
            }
            None => None,
        };
        Ok(Sink { writer, cipher })
    }

    async fn write(&mut self, data: &[u8]) -> anyhow::Result<()> {
        match &mut self.cipher {
            Some(e) => {
                let sealed = e.push(data)?;
                if !sealed.is_empty() {
                    self.writer.write(&sealed).await?;
                }
                Ok(())
            }
            None => self.writer.write(data).await,
        }
    }

    async fn finish(self) -> anyhow::Result<()> {
        let Sink { mut writer, cipher } = self;
        if let Some(e) = cipher {
            let last = e.finish()?;
            writer.write(&last).await?;
        }
        writer.finish().await
    }
}

fn multipart_error(e: MultipartError) -> ApiError {
    ApiError::Malformed(format!(
        "Could not read the multipart/form-data body ({e}): send one part named `{FILE_PART}` with the file."
    ))
}

/// Reads (and drops) what is left of a refused body, up to [`DRAIN_MAX`].
async fn drain(form: &mut Multipart, mut budget: u64) {
    // An error ends the stream; `None` too: neither is polled again.
    while let Some(Ok(mut field)) = form.next().await {
        while let Some(chunk) = field.next().await {
            let Ok(chunk) = chunk else { return };
            budget = budget.saturating_sub(chunk.len() as u64);
            if budget == 0 {
                return;
            }
        }
    }
}

/// Receives the one file of a multipart body into the store under `key` (encrypted when a
/// data key is given), with the text parts named in `text_parts`.
///
/// Errors: `FileTooLarge` (413), `UnsupportedFileType` (415), `QuotaExceeded` (409),
/// `Validation` (422: no file part, an empty file, a second file, an unknown or overlong part),
/// `Malformed` (400: not multipart/form-data).
pub async fn receive(
    mut form: Multipart,
    content_length: Option<u64>,
    storage: &Storage,
    key: &str,
    limits: Limits,
    data_key: Option<&[u8; 32]>,
    text_parts: &[&str],
) -> ApiResult<Received> {
    if content_length.is_some_and(|n| n > limits.max_file_bytes.saturating_add(FRAMING_ALLOWANCE) + DRAIN_MAX) {
        return Err(ApiError::FileTooLarge { max_bytes: limits.max_file_bytes });
    }
    let mut stored: Option<(String, u64, &'static str, String)> = None;
    let mut fields = BTreeMap::new();
    // Whether the body was read to its end (a finished `Multipart` must not be polled again).
    let mut read_whole = false;
    let outcome: ApiResult<()> = async {
        loop {
            let Some(field) = form.next().await else {
                read_whole = true;
                break;
            };
            let mut field = match field {
                Ok(f) => f,
                Err(e) => {
                    // A body that is not multipart at all ends the stream with this error.
                    read_whole = true;
                    return Err(multipart_error(e));
                }
            };
            let part = field.name().unwrap_or_default().to_owned();
            if part == FILE_PART {
                if stored.is_some() {
                    return Err(ApiError::field(FILE_PART, "too_many_files", "Send one file per upload."));
                }
                stored = Some(receive_file(&mut field, storage, key, limits, data_key).await?);
            } else if text_parts.contains(&part.as_str()) {
                fields.insert(part.clone(), read_text(&mut field, &part).await?);
            } else {
                return Err(ApiError::field(&part, "unknown", format!("This upload takes no part named {part:?}.")));
            }
        }
        if stored.is_none() {
            return Err(ApiError::field(FILE_PART, "required", "Send the file as a part named `file`."));
        }
        Ok(())
    }
    .await;
    match (outcome, stored) {
        (Ok(()), Some((name, size, content_type, sha256))) => Ok(Received { name, size, content_type, sha256, fields }),
        (outcome, stored) => {
            if stored.is_some() {
                storage.delete_logged(key).await;
            }
            if !read_whole {
                drain(&mut form, DRAIN_MAX).await;
            }
            Err(outcome.err().unwrap_or(ApiError::field(
                FILE_PART,
                "required",
                "Send the file as a part named `file`.",
            )))
        }
    }
}

async fn read_text(field: &mut Field, part: &str) -> ApiResult<String> {
    let mut buf = Vec::new();
    while let Some(chunk) = field.next().await {
        buf.extend_from_slice(&chunk.map_err(multipart_error)?);
        if buf.len() > TEXT_PART_MAX {
            return Err(ApiError::field(part, "too_long", format!("Use at most {TEXT_PART_MAX} bytes.")));
        }
    }
    String::from_utf8(buf).map_err(|_| ApiError::field(part, "invalid_format", "Send UTF-8 text."))
}

/// Streams the file part to the store; on any error nothing stays there.
async fn receive_file(
    field: &mut Field,
    storage: &Storage,
    key: &str,
    limits: Limits,
    data_key: Option<&[u8; 32]>,
) -> ApiResult<(String, u64, &'static str, String)> {
    let raw_name = field.content_disposition().and_then(|cd| cd.get_filename()).unwrap_or_default().to_owned();
    let name = sniff::sanitize_name(&raw_name);
    let mut hasher = Sha256::new();
    let mut size: u64 = 0;
    let mut head: Vec<u8> = Vec::new();
    let mut sink: Option<Sink> = None;
    let mut content_type = None;
    let result: ApiResult<()> = async {
        while let Some(chunk) = field.next().await {
            let chunk = chunk.map_err(multipart_error)?;
            size += chunk.len() as u64;
            if size > limits.max_file_bytes {
                return Err(ApiError::FileTooLarge { max_bytes: limits.max_file_bytes });
            }
            if size > limits.room() {
                return Err(ApiError::QuotaExceeded);
            }
            hasher.update(&chunk);
            match &mut sink {
                Some(s) => s.write(&chunk).await?,
                None => {
                    head.extend_from_slice(&chunk);
                    if head.len() >= SNIFF_LEN {
                        content_type = Some(sniff::content_type(&head, &name).ok_or(ApiError::UnsupportedFileType)?);
                        let mut s = Sink::open(storage, key, data_key).await?;
                        s.write(&std::mem::take(&mut head)).await?;
                        sink = Some(s);
                    }
                }
            }
        }
        if size == 0 {
            return Err(ApiError::field(FILE_PART, "empty", "The file is empty."));
        }
        if sink.is_none() {
            content_type = Some(sniff::content_type(&head, &name).ok_or(ApiError::UnsupportedFileType)?);
            let mut s = Sink::open(storage, key, data_key).await?;
            s.write(&head).await?;
            sink = Some(s);
        }
        Ok(())
    }
    .await;
    match (result, sink, content_type) {
        (Ok(()), Some(s), Some(content_type)) => {
            if let Err(e) = s.finish().await {
                storage.delete_logged(key).await;
                return Err(e.into());
            }
            let sha256: String = hasher.finalize().iter().map(|b| format!("{b:02x}")).collect();
            Ok((name, size, content_type, sha256))
        }
        (result, sink, _) => {
            if let Some(s) = sink {
                s.writer.abort().await;
            }
            Err(result.err().unwrap_or_else(|| ApiError::Internal(anyhow::anyhow!("upload ended without a sink"))))
        }
    }
}
