//! The S3 backend: a real S3-compatible server (`s3s` over `s3s-fs` on a temporary directory,
//! on 127.0.0.1 and a free port, with signed requests) started by the test; the real server is
//! configured through the `OMG_S3_*` variables and files and documents go up, come down and are
//! deleted through it. Runs everywhere the suite runs: nothing to install, nothing skipped.

use std::path::{Path, PathBuf};

use api::config::S3Config;
use shared::dto::files::FileInfo;
use tests::fixtures::files::{pdf_bytes, png_bytes, sha256_hex};
use tests::http::{expect, expect_problem, expect_status};
use tests::{Engine, TestApp};

use super::uploads::walk;

const BUCKET: &str = "omg-files";
const KEY_ID: &str = "omg-test-access-key";
const SECRET: &str = "omg-test-secret-key-0123456789";

/// Starts an S3-compatible server on `root` (the bucket is a directory in it); answers its
/// endpoint. It stops with the test's runtime.
async fn start_s3(root: &Path) -> String {
    std::fs::create_dir_all(root.join(BUCKET)).unwrap_or_else(|e| panic!("creating the bucket: {e}"));
    let fs = s3s_fs::FileSystem::new(root).unwrap_or_else(|e| panic!("the S3 file system: {e:?}"));
    let mut builder = s3s::service::S3ServiceBuilder::new(fs);
    builder.set_auth(s3s::auth::SimpleAuth::from_single(KEY_ID, SECRET));
    let service = builder.build();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap_or_else(|e| panic!("binding: {e}"));
    let addr = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
    tokio::spawn(async move {
        let http = hyper_util::server::conn::auto::Builder::new(hyper_util::rt::TokioExecutor::new());
        while let Ok((socket, _)) = listener.accept().await {
            let conn = http.serve_connection(hyper_util::rt::TokioIo::new(socket), service.clone()).into_owned();
            tokio::spawn(async move {
                let _ = conn.await;
            });
        }
    });
    format!("http://{addr}")
}

fn objects(root: &Path) -> Vec<PathBuf> {
    walk(&root.join(BUCKET)).into_iter().filter(|p| !p.to_string_lossy().contains(".s3s")).collect()
}

async fn files_and_documents_through_s3(engine: Engine) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let endpoint = start_s3(dir.path()).await;
    let vars = [
        ("OMG_S3_BUCKET", BUCKET.to_owned()),
        ("OMG_S3_ENDPOINT", endpoint),
        ("OMG_S3_REGION", "us-east-1".to_owned()),
        ("OMG_S3_ACCESS_KEY_ID", KEY_ID.to_owned()),
        ("OMG_S3_SECRET_ACCESS_KEY", SECRET.to_owned()),
    ];
    let s3 = S3Config::from_vars(|name| vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.clone()))
        .unwrap_or_else(|e| panic!("{e}"));
    assert!(s3.is_some());
    let Some(app) = TestApp::spawn_with(engine, |c| c.s3 = s3).await else { return };
    let (owner, _) = app.register("Bucket Co").await;

    // Larger than one 5 MiB part, so the upload takes several.
    let data = png_bytes(6 * 1024 * 1024 + 17);
    let info: FileInfo = app.upload_file(&owner, "big.png", &data).await;
    assert_eq!(info.sha256, sha256_hex(&data));
    assert!(walk(&app.file_store_dir()).is_empty(), "nothing in the local store");
    assert_eq!(objects(dir.path()).len(), 1, "the object is in the bucket");
    let (_, body) = app.download(&owner.access, &format!("/api/dashboard/files/{}/download", info.id)).await;
    assert_eq!(sha256_hex(&body), info.sha256);

    let plain = pdf_bytes(200_000);
    let doc = app.upload_document(&owner, "secret.pdf", &plain, None).await;
    let stored = objects(dir.path());
    assert_eq!(stored.len(), 2);
    let cipher = stored.iter().find(|p| p.to_string_lossy().contains("documents")).map(std::fs::read);
    let cipher = cipher.and_then(Result::ok).unwrap_or_default();
    assert!(cipher.starts_with(b"OMGV") && !cipher.windows(9).any(|w| w == b"%PDF-1.7\n"), "ciphertext in the bucket");
    let (_, body) = app.download(&owner.access, &format!("/api/dashboard/documents/{}/download", doc.id)).await;
    assert!(body == plain);

    expect_status(app.delete_as(&owner.access, &format!("/api/dashboard/files/{}", info.id)).await, 204).await;
    expect_status(app.delete_as(&owner.access, &format!("/api/dashboard/documents/{}", doc.id)).await, 204).await;
    assert!(objects(dir.path()).is_empty(), "deleted from the bucket: {:?}", objects(dir.path()));
    let res = app.get_as(&owner.access, &format!("/api/dashboard/files/{}/download", info.id)).await;
    expect_problem(res, 404, "not_found").await;
    let _: serde_json::Value = expect(app.get_as(&owner.access, "/api/dashboard/files/usage").await, 200).await;
}

mod files_and_documents_go_through_an_s3_bucket {
    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn sqlite() {
        super::files_and_documents_through_s3(tests::Engine::Sqlite).await;
    }

    #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
    async fn postgres() {
        super::files_and_documents_through_s3(tests::Engine::Postgres).await;
    }
}
