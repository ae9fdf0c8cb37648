//! Object storage through `object_store`: a local directory under the data dir by default
//! (`<data dir>/files`), an S3-compatible bucket when `OMG_S3_BUCKET` is set. Writes go through
//! multipart uploads in bounded parts, reads come back as streams: a file is never held whole.

use std::sync::Arc;

use anyhow::Context;
use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use object_store::path::Path;
use object_store::{ObjectStore, ObjectStoreExt, WriteMultipart};

use crate::config::Config;

/// Part size of S3 multipart uploads (the smallest S3 accepts for all parts but the last).
const S3_PART: usize = 5 * 1024 * 1024;
/// Part size of the local store (it has no minimum).
const LOCAL_PART: usize = 256 * 1024;
/// Parts in flight at once per upload.
const PARTS_IN_FLIGHT: usize = 2;

/// The store of files and documents (cheap to clone).
#[derive(Clone)]
pub struct Storage {
    store: Arc<dyn ObjectStore>,
    part_size: usize,
    /// `local` or `s3`, for logs.
    pub backend: &'static str,
}

impl std::fmt::Debug for Storage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Storage({})", self.store)
    }
}

/// The directory of the local store.
pub fn local_root(config: &Config) -> std::path::PathBuf {
    config.data_dir.join("files")
}

impl Storage {
    /// The store the configuration names.
    ///
    /// Errors: the local directory cannot be made, or the bucket settings do not build a client.
    pub fn from_config(config: &Config) -> anyhow::Result<Storage> {
        if let Some(s3) = &config.s3 {
            let mut b = object_store::aws::AmazonS3Builder::new().with_bucket_name(&s3.bucket).with_region(&s3.region);
            if let Some(endpoint) = &s3.endpoint {
                b = b.with_endpoint(endpoint).with_allow_http(endpoint.starts_with("http://"));
            }
            if let (Some(id), Some(secret)) = (&s3.access_key_id, &s3.secret_access_key) {
                b = b.with_access_key_id(id).with_secret_access_key(secret);
            }
            let store = b.build().context("configuring the S3 bucket (OMG_S3_*)")?;
            return Ok(Storage { store: Arc::new(store), part_size: S3_PART, backend: "s3" });
        }
        let root = local_root(config);
        std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
        let store = object_store::local::LocalFileSystem::new_with_prefix(&root)
            .with_context(|| format!("opening the file store {}", root.display()))?;
        Ok(Storage { store: Arc::new(store), part_size: LOCAL_PART, backend: "local" })
    }

    /// Starts writing an object.
    pub async fn writer(&self, key: &str) -> anyhow::Result<Writer> {
        let upload = self.store.put_multipart(&Path::from(key)).await.context("starting an upload")?;
        Ok(Writer { inner: WriteMultipart::new_with_chunk_size(upload, self.part_size) })
    }

    /// The bytes of an object, as a stream.
    pub async fn read(&self, key: &str) -> anyhow::Result<BoxStream<'static, anyhow::Result<Bytes>>> {
        let got = self.store.get(&Path::from(key)).await.with_context(|| format!("reading {key}"))?;
        Ok(got.into_stream().map(|r| r.map_err(anyhow::Error::from)).boxed())
    }

    /// Deletes an object; one already gone is fine.
    pub async fn delete(&self, key: &str) -> anyhow::Result<()> {
        match self.store.delete(&Path::from(key)).await {
            Ok(()) | Err(object_store::Error::NotFound { .. }) => Ok(()),
            Err(e) => Err(anyhow::Error::from(e).context(format!("deleting {key}"))),
        }
    }

    /// Deletes an object, logging (not failing) when that does not work: the row is gone or
    /// marked deleted already, and a leftover object only costs space.
    pub async fn delete_logged(&self, key: &str) {
        if let Err(e) = self.delete(key).await {
            tracing::warn!(error = %e, key, "deleting a stored object failed");
        }
    }
}

/// An object being written, in parts of bounded size.
pub struct Writer {
    inner: WriteMultipart,
}

impl Writer {
    /// Appends bytes, waiting while too many parts are in flight.
    pub async fn write(&mut self, data: &[u8]) -> anyhow::Result<()> {
        self.inner.wait_for_capacity(PARTS_IN_FLIGHT).await.context("writing to the store")?;
        self.inner.write(data);
        Ok(())
    }

    /// Completes the object.
    pub async fn finish(self) -> anyhow::Result<()> {
        self.inner.finish().await.context("completing an upload")?;
        Ok(())
    }

    /// Abandons the object (nothing stays behind).
    pub async fn abort(self) {
        if let Err(e) = self.inner.abort().await {
            tracing::warn!(error = %e, "aborting an upload failed");
        }
    }
}
