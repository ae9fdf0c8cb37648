//! Who sees which file: another organization's ids answer 404, a VENDOR sees only the files they
//! uploaded, only the uploader or an OWNER deletes, and a deleted file is gone with its bytes.

use shared::dto::common::Page;
use shared::dto::files::FileInfo;
use shared::{OrgRole, Role};
use tests::fixtures::files::png_bytes;
use tests::http::{expect, expect_problem, expect_status};
use tests::{TestApp, db_test};

use super::uploads::walk;

async fn another_organizations_files_are_404(app: TestApp) {
    let (owner, _) = app.register("Mine Co").await;
    let (stranger, _) = app.register("Theirs Co").await;
    let info = app.upload_file(&owner, "a.png", &png_bytes(500)).await;
    for path in [format!("/api/dashboard/files/{}", info.id), format!("/api/dashboard/files/{}/download", info.id)] {
        expect_problem(app.get_as(&stranger.access, &path).await, 404, "not_found").await;
    }
    let res = app.delete_as(&stranger.access, &format!("/api/dashboard/files/{}", info.id)).await;
    expect_problem(res, 404, "not_found").await;
    let theirs: Page<FileInfo> = expect(app.get_as(&stranger.access, "/api/dashboard/files").await, 200).await;
    assert!(theirs.items.is_empty());
    // Still there for its owner.
    app.download(&owner.access, &format!("/api/dashboard/files/{}/download", info.id)).await;
}

async fn a_vendor_sees_only_their_own_files(app: TestApp) {
    let (owner, org) = app.register("Vendor Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let owners = app.upload_file(&owner, "owner.png", &png_bytes(100)).await;
    let vendors = app.upload_file(&vendor, "vendor.png", &png_bytes(200)).await;

    let seen: Page<FileInfo> = expect(app.get_as(&vendor.access, "/api/dashboard/files").await, 200).await;
    assert_eq!(seen.items.iter().map(|f| f.id).collect::<Vec<_>>(), [vendors.id]);
    for path in [format!("/api/dashboard/files/{}", owners.id), format!("/api/dashboard/files/{}/download", owners.id)]
    {
        expect_problem(app.get_as(&vendor.access, &path).await, 404, "not_found").await;
    }
    app.download(&vendor.access, &format!("/api/dashboard/files/{}/download", vendors.id)).await;
    // Members and owners see both; filters narrow.
    let all: Page<FileInfo> = expect(app.get_as(&member.access, "/api/dashboard/files").await, 200).await;
    assert_eq!(all.items.iter().map(|f| f.id).collect::<Vec<_>>(), [vendors.id, owners.id], "newest first");
    let path = format!("/api/dashboard/files?uploaded_by={}", owner.user_id);
    let mine: Page<FileInfo> = expect(app.get_as(&member.access, &path).await, 200).await;
    assert_eq!(mine.items.len(), 1);
    let unattached: Page<FileInfo> =
        expect(app.get_as(&owner.access, "/api/dashboard/files?unattached=true").await, 200).await;
    assert_eq!(unattached.items.len(), 2);
    let paged: Page<FileInfo> = expect(app.get_as(&owner.access, "/api/dashboard/files?limit=1").await, 200).await;
    assert!(paged.next_cursor.is_some());
}

async fn the_uploader_or_an_owner_deletes(app: TestApp) {
    let (owner, org) = app.register("Delete Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let other = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let a = app.upload_file(&member, "a.png", &png_bytes(100)).await;
    let b = app.upload_file(&member, "b.png", &png_bytes(100)).await;
    assert_eq!(walk(&app.file_store_dir()).len(), 2);

    let res = app.delete_as(&other.access, &format!("/api/dashboard/files/{}", a.id)).await;
    expect_problem(res, 403, "forbidden").await;
    expect_status(app.delete_as(&member.access, &format!("/api/dashboard/files/{}", a.id)).await, 204).await;
    expect_status(app.delete_as(&owner.access, &format!("/api/dashboard/files/{}", b.id)).await, 204).await;
    for id in [a.id, b.id] {
        expect_problem(app.get_as(&owner.access, &format!("/api/dashboard/files/{id}")).await, 404, "not_found").await;
        let res = app.get_as(&owner.access, &format!("/api/dashboard/files/{id}/download")).await;
        expect_problem(res, 404, "not_found").await;
    }
    let res = app.delete_as(&owner.access, &format!("/api/dashboard/files/{}", a.id)).await;
    expect_problem(res, 404, "not_found").await;
    assert!(walk(&app.file_store_dir()).is_empty(), "the bytes are gone");
}

db_test!(another_organizations_files_are_404, a_vendor_sees_only_their_own_files, the_uploader_or_an_owner_deletes);
