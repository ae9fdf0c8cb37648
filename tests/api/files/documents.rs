//! The secure document vault: the bytes at rest are ciphertext that decrypts to the upload,
//! OWNERs and the members a document is shared with read it (others get 404), every download
//! is audited and listed for OWNERs, an expired document answers 410, and a server started with
//! another master key while documents exist refuses to start.

use api::entities::files::document;
use api::services::files::crypto::Decryptor;
use sea_orm::EntityTrait;
use shared::dto::audit::AuditLogEntry;
use shared::dto::common::Page;
use shared::dto::files::{Document, SetDocumentSharesRequest};
use shared::{OrgRole, Role};
use tests::fixtures::files::{pdf_bytes, png_bytes, sha256_hex};
use tests::http::{expect, expect_problem, expect_status};
use tests::{TestApp, db_test};

use super::uploads::walk;

async fn documents_are_ciphertext_at_rest_and_decrypt_to_the_upload(app: TestApp) {
    let (owner, org) = app.register("Vault Co").await;
    // Three segments and a bit.
    let plain = pdf_bytes(3 * 64 * 1024 + 123);
    let doc = app.upload_document(&owner, "contract.pdf", &plain, None).await;
    assert_eq!((doc.size, doc.content_type.as_str()), (plain.len() as u64, "application/pdf"));
    assert_eq!(doc.sha256, sha256_hex(&plain));

    let stored = walk(&app.file_store_dir());
    assert_eq!(stored.len(), 1);
    let at_rest = std::fs::read(&stored[0]).unwrap_or_else(|e| panic!("{e}"));
    assert!(at_rest.starts_with(b"OMGV\x01"), "versioned format");
    assert_eq!(at_rest.len(), 12 + plain.len() + 4 * 16);
    assert!(!at_rest.windows(9).any(|w| w == b"%PDF-1.7\n"), "no plaintext at rest");
    assert!(!at_rest.windows(64).any(|w| plain.windows(64).next() == Some(w)));
    // It decrypts to the plaintext with the document's key, unwrapped by the master key.
    let row = document::Entity::find_by_id(doc.id).one(&app.state.db).await.ok().flatten();
    let row = row.unwrap_or_else(|| panic!("no row"));
    assert!(!row.wrapped_key.is_empty() && row.format_version == 1);
    let key = app.state.secrets.unwrap_data_key(doc.id, &row.wrapped_key).unwrap_or_else(|e| panic!("{e}"));
    let mut d = Decryptor::new(&key).unwrap_or_else(|e| panic!("{e}"));
    let mut opened = d.push(&at_rest).unwrap_or_else(|e| panic!("{e}"));
    opened.extend(d.finish().unwrap_or_else(|e| panic!("{e}")));
    assert!(opened == plain);

    let (headers, body) = app.download(&owner.access, &format!("/api/dashboard/documents/{}/download", doc.id)).await;
    assert!(body == plain, "the download is the plaintext");
    assert_eq!(headers.get("content-type").and_then(|v| v.to_str().ok()), Some("application/pdf"));
    assert_eq!(headers.get("x-content-type-options").and_then(|v| v.to_str().ok()), Some("nosniff"));

    let events = app.domain_events().await;
    assert_eq!(events.iter().filter(|e| e.event_type == "document.uploaded" && e.org_id == org).count(), 1);
    assert!(!events.iter().any(|e| e.data.contains(&row.wrapped_key)), "no key in events");
}

async fn owners_and_shared_members_read_documents(app: TestApp) {
    let (owner, org) = app.register("Share Co").await;
    let alice = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let bob = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let (stranger, _) = app.register("Elsewhere Co").await;
    let doc = app.upload_document(&owner, "keys.txt", b"root password: hunter2\n", None).await;
    let meta = format!("/api/dashboard/documents/{}", doc.id);
    let download = format!("{meta}/download");

    // Not shared yet: only the OWNER.
    for who in [&alice, &bob] {
        expect_problem(app.get_as(&who.access, &meta).await, 404, "not_found").await;
        expect_problem(app.get_as(&who.access, &download).await, 404, "not_found").await;
        let list: Page<Document> = expect(app.get_as(&who.access, "/api/dashboard/documents").await, 200).await;
        assert!(list.items.is_empty());
    }
    expect_problem(app.get_as(&stranger.access, &meta).await, 404, "not_found").await;
    expect_problem(app.get_as(&vendor.access, &meta).await, 403, "forbidden").await;

    let shares = format!("{meta}/shares");
    let share_with = |ids: Vec<uuid::Uuid>| SetDocumentSharesRequest { user_ids: ids };
    let res = app
        .call(reqwest::Method::PUT, &shares)
        .bearer(&owner.access)
        .json(&share_with(vec![alice.user_id]))
        .send()
        .await;
    let shared: Document = expect(res, 200).await;
    assert_eq!(shared.shared_with, [alice.user_id]);
    let (_, body) = app.download(&alice.access, &download).await;
    assert_eq!(body, b"root password: hunter2\n");
    let list: Page<Document> = expect(app.get_as(&alice.access, "/api/dashboard/documents").await, 200).await;
    assert_eq!(list.items.len(), 1);
    expect_problem(app.get_as(&bob.access, &download).await, 404, "not_found").await;
    // Members cannot share; vendors and strangers cannot be shared with.
    let res =
        app.call(reqwest::Method::PUT, &shares).bearer(&alice.access).json(&share_with(vec![bob.user_id])).send().await;
    expect_problem(res, 403, "forbidden").await;
    for outsider in [vendor.user_id, stranger.user_id] {
        let res = app
            .call(reqwest::Method::PUT, &shares)
            .bearer(&owner.access)
            .json(&share_with(vec![outsider]))
            .send()
            .await;
        let p = expect_problem(res, 422, "validation_failed").await;
        assert_eq!(p.errors[0].code, "not_a_member");
    }
    // Unshared: access ends at once.
    let res = app.call(reqwest::Method::PUT, &shares).bearer(&owner.access).json(&share_with(vec![])).send().await;
    let _: Document = expect(res, 200).await;
    expect_problem(app.get_as(&alice.access, &download).await, 404, "not_found").await;

    // Members cannot delete; the OWNER does, and the ciphertext goes with it.
    expect_problem(app.delete_as(&alice.access, &meta).await, 403, "forbidden").await;
    expect_status(app.delete_as(&owner.access, &meta).await, 204).await;
    expect_problem(app.get_as(&owner.access, &meta).await, 404, "not_found").await;
    assert!(walk(&app.file_store_dir()).is_empty());
    let admin = app.admin().await;
    let trail = app.audit_actions(&admin, &format!("organization_id={org}")).await;
    for action in ["document.upload", "document.share", "document.download", "document.delete"] {
        assert!(trail.iter().any(|a| a == action), "{action} in {trail:?}");
    }
}

async fn every_download_is_audited_for_the_owners(app: TestApp) {
    let (owner, org) = app.register("Audit Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let doc = app.upload_document(&owner, "plan.png", &png_bytes(5000), None).await;
    let res = app
        .call(reqwest::Method::PUT, &format!("/api/dashboard/documents/{}/shares", doc.id))
        .bearer(&owner.access)
        .json(&SetDocumentSharesRequest { user_ids: vec![member.user_id] })
        .send()
        .await;
    let _: Document = expect(res, 200).await;
    let download = format!("/api/dashboard/documents/{}/download", doc.id);
    app.download(&member.access, &download).await;
    app.download(&member.access, &download).await;
    app.download(&owner.access, &download).await;
    let path = format!("/api/dashboard/documents/{}/downloads", doc.id);
    let trail: Page<AuditLogEntry> = expect(app.get_as(&owner.access, &path).await, 200).await;
    let by: Vec<_> = trail.items.iter().map(|e| e.actor_id).collect();
    assert_eq!(by, [Some(owner.user_id), Some(member.user_id), Some(member.user_id)], "newest first");
    assert!(trail.items.iter().all(|e| e.action == "document.download"));
    expect_problem(app.get_as(&member.access, &path).await, 403, "forbidden").await;
}

async fn an_expired_document_is_410(app: TestApp) {
    let (owner, _) = app.register("Expiry Co").await;
    let soon = (app.now() + chrono::Duration::hours(1)).to_rfc3339();
    let doc = app.upload_document(&owner, "offer.pdf", &pdf_bytes(1000), Some(&soon)).await;
    assert!(doc.expires_at.is_some());
    let download = format!("/api/dashboard/documents/{}/download", doc.id);
    app.download(&owner.access, &download).await;
    app.travel_to(app.now() + chrono::Duration::hours(2));
    let owner = app.login(&owner.email).await;
    expect_problem(app.get_as(&owner.access, &download).await, 410, "document_expired").await;
    // Still listed (with its expiry) so the owner can delete it.
    let _: Document =
        expect(app.get_as(&owner.access, &format!("/api/dashboard/documents/{}", doc.id)).await, 200).await;
    // An expiry in the past or not a time is refused.
    let past = (app.now() - chrono::Duration::hours(1)).to_rfc3339();
    for (value, code) in [(past.as_str(), "in_the_past"), ("next tuesday", "invalid_format")] {
        let parts = [
            tests::fixtures::files::file_part("x.pdf", &pdf_bytes(100)),
            tests::fixtures::files::text_part("expires_at", value),
        ];
        let res = app.post_multipart(&owner.access, "/api/dashboard/documents", &parts).await;
        let p = expect_problem(res, 422, "validation_failed").await;
        assert_eq!((p.errors[0].field.as_str(), p.errors[0].code.as_str()), ("expires_at", code));
    }
    assert_eq!(walk(&app.file_store_dir()).len(), 1, "refused uploads left nothing");
}

async fn another_master_key_is_refused_at_start_while_documents_exist(app: TestApp) {
    let (owner, _) = app.register("Key Co").await;
    // Without documents any key starts.
    app.try_start_with(|c| c.master_key = b"another-master-key-another-master-key-0001".to_vec())
        .await
        .unwrap_or_else(|e| panic!("a start without documents failed: {e}"));
    let doc = app.upload_document(&owner, "a.pdf", &pdf_bytes(100), None).await;
    let refused = app.try_start_with(|c| c.master_key = b"another-master-key-another-master-key-0001".to_vec()).await;
    let err = refused.err().unwrap_or_else(|| panic!("a wrong master key was accepted"));
    assert!(err.contains("master key") && err.contains("refusing to start"), "{err}");
    // In development a missing key is generated anew, which is as wrong.
    let refused = app.try_start_with(|c| c.master_key = Vec::new()).await;
    assert!(refused.is_err(), "a new key was accepted");
    // The right key still starts, and the document still opens.
    app.try_start_with(|_| {}).await.unwrap_or_else(|e| panic!("the right key was refused: {e}"));
    app.download(&owner.access, &format!("/api/dashboard/documents/{}/download", doc.id)).await;
}

db_test!(
    documents_are_ciphertext_at_rest_and_decrypt_to_the_upload,
    owners_and_shared_members_read_documents,
    every_download_is_audited_for_the_owners,
    an_expired_document_is_410,
    another_master_key_is_refused_at_start_while_documents_exist,
);
