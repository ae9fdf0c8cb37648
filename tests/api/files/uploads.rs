//! Uploads: the bytes come back intact (same SHA-256), the type is sniffed from the bytes, the
//! name is sanitised, and the size limit, the allow-list and the quota answer their problems.

use serde_json::json;
use shared::dto::files::{FileInfo, StorageUsage};
use tests::fixtures::files::{file_part, multipart, pdf_bytes, png_bytes, sha256_hex, text_part};
use tests::http::{expect, expect_problem, header, problem_fields};
use tests::{TestApp, db_test};

async fn a_file_goes_up_and_comes_down_intact(app: TestApp) {
    let (owner, org) = app.register("Files Co").await;
    // Larger than a store part and than the sniffing window, not a multiple of either.
    let data = png_bytes(700_001);
    let info = app.upload_file(&owner, "diagram.png", &data).await;
    assert_eq!(info.size, 700_001);
    assert_eq!(info.content_type, "image/png");
    assert_eq!(info.sha256, sha256_hex(&data));
    assert_eq!(info.name, "diagram.png");
    assert_eq!(info.uploaded_by, owner.user_id);
    assert!(info.attached_to.is_none());

    let (headers, body) = app.download(&owner.access, &format!("/api/dashboard/files/{}/download", info.id)).await;
    assert_eq!(sha256_hex(&body), info.sha256, "the bytes come back intact");
    let h = |n: &str| headers.get(n).and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
    assert_eq!(h("content-type"), "image/png");
    assert_eq!(h("x-content-type-options"), "nosniff");
    assert_eq!(h("content-length"), "700001");
    assert!(h("content-disposition").starts_with("attachment;"), "{}", h("content-disposition"));
    assert!(h("content-disposition").contains("filename*=UTF-8''diagram.png"));

    let got: FileInfo =
        expect(app.get_as(&owner.access, &format!("/api/dashboard/files/{}", info.id)).await, 200).await;
    assert_eq!(got, info);
    let usage: StorageUsage = expect(app.get_as(&owner.access, "/api/dashboard/files/usage").await, 200).await;
    assert_eq!(usage.used_bytes, 700_001);
    assert_eq!(usage.quota_bytes, 1024 * 1024 * 1024);
    assert_eq!(usage.max_file_bytes, 25 * 1024 * 1024);

    // One event, in the catalogue's name, carrying the metadata.
    let events = app.domain_events().await;
    let uploaded: Vec<_> = events.iter().filter(|e| e.event_type == "file.uploaded").collect();
    assert_eq!(uploaded.len(), 1);
    assert_eq!((uploaded[0].org_id, uploaded[0].subject_id), (org, info.id));
    let data_json: serde_json::Value = serde_json::from_str(&uploaded[0].data).unwrap_or_default();
    assert_eq!(data_json["sha256"], json!(info.sha256));
}

async fn text_and_csv_are_told_apart_by_name_only_after_the_bytes(app: TestApp) {
    let (owner, _) = app.register("Text Co").await;
    let csv = app.upload_file(&owner, "report.csv", b"name,amount\nx,1\n").await;
    assert_eq!(csv.content_type, "text/csv");
    let txt = app.upload_file(&owner, "notes", "d\u{e9}j\u{e0} vu\n".as_bytes()).await;
    assert_eq!(txt.content_type, "text/plain");
    let pdf = app.upload_file(&owner, "scan.txt", &pdf_bytes(5000)).await;
    assert_eq!(pdf.content_type, "application/pdf", "the name does not decide the type");
}

async fn names_are_sanitised(app: TestApp) {
    let (owner, _) = app.register("Names Co").await;
    let info = app.upload_file(&owner, "../../etc/Quarterly report?.pdf", &pdf_bytes(100)).await;
    assert_eq!(info.name, "Quarterly report_.pdf");
    let info = app.upload_file(&owner, "C:\\Users\\me\\plan.png", &png_bytes(100)).await;
    assert_eq!(info.name, "plan.png");
    let info = app.upload_file(&owner, "...", &png_bytes(100)).await;
    assert_eq!(info.name, "file");
    let info = app.upload_file(&owner, "r\u{e9}sum\u{e9} final.pdf", &pdf_bytes(100)).await;
    let res = app.get_as(&owner.access, &format!("/api/dashboard/files/{}/download", info.id)).await;
    let disposition = header(&res, "content-disposition").unwrap_or_default();
    assert!(disposition.contains("filename*=UTF-8''r%C3%A9sum%C3%A9%20final.pdf"), "{disposition}");
    assert!(disposition.contains("filename=\"r_sum_ final.pdf\""), "{disposition}");
}

async fn over_the_size_setting_is_413(app: TestApp) {
    let (owner, _) = app.register("Big Co").await;
    app.set_setting("file_max_size_mib", json!(1)).await;
    let too_big = png_bytes(1024 * 1024 + 1);
    let res = app.post_multipart(&owner.access, "/api/dashboard/files", &[file_part("big.png", &too_big)]).await;
    expect_problem(res, 413, "file_too_large").await;
    let exactly = png_bytes(1024 * 1024);
    app.upload_file(&owner, "fits.png", &exactly).await;
    // Nothing of the refused one was kept.
    let usage: StorageUsage = expect(app.get_as(&owner.access, "/api/dashboard/files/usage").await, 200).await;
    assert_eq!(usage.used_bytes, 1024 * 1024);
}

async fn a_type_outside_the_allow_list_is_415_whatever_its_name(app: TestApp) {
    let (owner, _) = app.register("Types Co").await;
    // An ELF executable named and labelled as a picture.
    let mut elf = b"\x7fELF\x02\x01\x01\0\0\0\0\0\0\0\0\0\x02\0\x3e\0".to_vec();
    elf.extend(png_bytes(4000));
    let mut part = file_part("holiday.png", &elf);
    part.content_type = Some("image/png".into());
    let res = app.post_multipart(&owner.access, "/api/dashboard/files", &[part]).await;
    expect_problem(res, 415, "unsupported_file_type").await;
    // Binary that is nothing known.
    let res = app.post_multipart(&owner.access, "/api/dashboard/files", &[file_part("a.txt", b"\0\x01\x02\x03")]).await;
    expect_problem(res, 415, "unsupported_file_type").await;
    let usage: StorageUsage = expect(app.get_as(&owner.access, "/api/dashboard/files/usage").await, 200).await;
    assert_eq!(usage.used_bytes, 0);
}

async fn the_quota_counts_every_stored_byte(app: TestApp) {
    let (owner, _) = app.register("Quota Co").await;
    app.set_setting("file_org_quota_mib", json!(1)).await;
    app.upload_file(&owner, "a.png", &png_bytes(600 * 1024)).await;
    let res =
        app.post_multipart(&owner.access, "/api/dashboard/files", &[file_part("b.png", &png_bytes(500 * 1024))]).await;
    expect_problem(res, 409, "quota_exceeded").await;
    // Documents count at their plaintext size.
    let res = app
        .post_multipart(&owner.access, "/api/dashboard/documents", &[file_part("c.pdf", &pdf_bytes(500 * 1024))])
        .await;
    expect_problem(res, 409, "quota_exceeded").await;
    app.upload_document(&owner, "d.pdf", &pdf_bytes(400 * 1024), None).await;
    let usage: StorageUsage = expect(app.get_as(&owner.access, "/api/dashboard/files/usage").await, 200).await;
    assert_eq!(usage.used_bytes, 1000 * 1024);
    assert_eq!(usage.quota_bytes, 1024 * 1024);
}

async fn missing_empty_or_extra_parts_are_422(app: TestApp) {
    let (owner, _) = app.register("Parts Co").await;
    let path = "/api/dashboard/files";
    let p = expect_problem(app.post_multipart(&owner.access, path, &[]).await, 422, "validation_failed").await;
    assert_eq!(problem_fields(&p), ["file"]);
    let p = expect_problem(
        app.post_multipart(&owner.access, path, &[file_part("e.txt", b"")]).await,
        422,
        "validation_failed",
    )
    .await;
    assert_eq!(p.errors[0].code, "empty");
    let two = [file_part("a.png", &png_bytes(10)), file_part("b.png", &png_bytes(10))];
    let p = expect_problem(app.post_multipart(&owner.access, path, &two).await, 422, "validation_failed").await;
    assert_eq!(p.errors[0].code, "too_many_files");
    let extra = [text_part("automation_id", "x"), file_part("a.png", &png_bytes(10))];
    let p = expect_problem(app.post_multipart(&owner.access, path, &extra).await, 422, "validation_failed").await;
    assert_eq!(problem_fields(&p), ["automation_id"]);
    // Not multipart at all.
    let res = app.post_as(&owner.access, path, &json!({"file": "x"})).await;
    expect_problem(res, 400, "malformed_request").await;
    let usage: StorageUsage = expect(app.get_as(&owner.access, "/api/dashboard/files/usage").await, 200).await;
    assert_eq!(usage.used_bytes, 0, "nothing refused was kept");
}

async fn an_idempotent_upload_answers_once(app: TestApp) {
    let (owner, _) = app.register("Retry Co").await;
    let (content_type, body) = multipart(&[file_part("a.png", &png_bytes(3000))]);
    let send = || {
        app.call(reqwest::Method::POST, "/api/dashboard/files")
            .bearer(&owner.access)
            .idempotency_key("upload-1")
            .body(&content_type, body.clone())
            .send()
    };
    let first: FileInfo = expect(send().await, 201).await;
    let again = send().await;
    assert_eq!(header(&again, "idempotent-replayed").as_deref(), Some("true"));
    let second: FileInfo = expect(again, 201).await;
    assert_eq!(first, second);
    let usage: StorageUsage = expect(app.get_as(&owner.access, "/api/dashboard/files/usage").await, 200).await;
    assert_eq!(usage.used_bytes, 3000);
    let stored: Vec<_> = walk(&app.file_store_dir());
    assert_eq!(stored.len(), 1, "the replay's bytes were not kept: {stored:?}");
}

/// Every file under a directory.
pub fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else { return out };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

db_test!(
    a_file_goes_up_and_comes_down_intact,
    text_and_csv_are_told_apart_by_name_only_after_the_bytes,
    names_are_sanitised,
    over_the_size_setting_is_413,
    a_type_outside_the_allow_list_is_415_whatever_its_name,
    the_quota_counts_every_stored_byte,
    missing_empty_or_extra_parts_are_422,
    an_idempotent_upload_answers_once,
);
