//! Files nobody attached are purged 24 hours after their upload (bytes and row) by the hourly
//! job, by the server's clock; attached ones stay. `attach` takes only the same user's files of
//! the same organization.

use api::entities::files::file;
use api::services::files::attachments::attach;
use sea_orm::EntityTrait;
use shared::dto::files::{AttachedTo, AttachmentKind, FileInfo};
use shared::{OrgRole, Role};
use tests::fixtures::files::png_bytes;
use tests::http::{expect, expect_problem};
use tests::{TestApp, db_test};
use uuid::Uuid;

use super::uploads::walk;

async fn unattached_files_are_purged_after_a_day(app: TestApp) {
    let (owner, org) = app.register("Purge Co").await;
    let loose = app.upload_file(&owner, "loose.png", &png_bytes(100)).await;
    let kept = app.upload_file(&owner, "kept.png", &png_bytes(100)).await;
    let target = AttachedTo { kind: AttachmentKind::Message, id: Uuid::now_v7() };
    let attached = attach(&app.state.db, org, owner.user_id, "attachment_ids", &[kept.id], target, app.now()).await;
    assert_eq!(attached.map(|v| v.len()).ok(), Some(1));
    let got: FileInfo =
        expect(app.get_as(&owner.access, &format!("/api/dashboard/files/{}", kept.id)).await, 200).await;
    assert_eq!(got.attached_to, Some(target));

    // An hour later the job runs, but a day has not passed.
    app.travel_to(app.now() + chrono::Duration::hours(2));
    assert!(app.run_jobs().await >= 1);
    let owner = app.login(&owner.email).await;
    app.download(&owner.access, &format!("/api/dashboard/files/{}/download", loose.id)).await;

    app.travel_to(app.now() + chrono::Duration::hours(23));
    assert!(app.run_jobs().await >= 1);
    let owner = app.login(&owner.email).await;
    expect_problem(app.get_as(&owner.access, &format!("/api/dashboard/files/{}", loose.id)).await, 404, "not_found")
        .await;
    assert!(file::Entity::find_by_id(loose.id).one(&app.state.db).await.ok().flatten().is_none(), "the row is gone");
    app.download(&owner.access, &format!("/api/dashboard/files/{}/download", kept.id)).await;
    assert_eq!(walk(&app.file_store_dir()).len(), 1, "only the attached file's bytes remain");
}

async fn only_ones_own_files_of_the_organization_attach(app: TestApp) {
    let (owner, org) = app.register("Attach Co").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let (stranger, other_org) = app.register("Elsewhere Co").await;
    let mine = app.upload_file(&owner, "mine.png", &png_bytes(100)).await;
    let members = app.upload_file(&member, "theirs.png", &png_bytes(100)).await;
    let strangers = app.upload_file(&stranger, "far.png", &png_bytes(100)).await;
    let target = AttachedTo { kind: AttachmentKind::Task, id: Uuid::now_v7() };
    let now = app.now();
    let db = &app.state.db;
    for ids in [vec![members.id], vec![strangers.id], vec![mine.id, Uuid::now_v7()]] {
        let err = attach(db, org, owner.user_id, "attachment_ids", &ids, target, now).await.err();
        let fields = match err {
            Some(api::error::ApiError::Validation(errors)) => errors,
            other => panic!("expected a validation error, got {other:?}"),
        };
        assert_eq!((fields[0].field.as_str(), fields[0].code.as_str()), ("attachment_ids", "invalid_attachment"));
    }
    // Another organization's id for the same user's file does not reach it either.
    assert!(attach(db, other_org, owner.user_id, "attachment_ids", &[mine.id], target, now).await.is_err());
    let done = attach(db, org, owner.user_id, "attachment_ids", &[mine.id, mine.id], target, now).await;
    assert_eq!(done.map(|v| v.iter().map(|f| f.id).collect::<Vec<_>>()).ok(), Some(vec![mine.id]));
    // Again to the same target changes nothing; to another target it is refused.
    assert!(attach(db, org, owner.user_id, "attachment_ids", &[mine.id], target, now).await.is_ok());
    let elsewhere = AttachedTo { kind: AttachmentKind::Message, id: Uuid::now_v7() };
    assert!(attach(db, org, owner.user_id, "attachment_ids", &[mine.id], elsewhere, now).await.is_err());
    let too_many: Vec<Uuid> = (0..11).map(|_| Uuid::now_v7()).collect();
    let err = attach(db, org, owner.user_id, "attachment_ids", &too_many, target, now).await.err();
    assert!(matches!(err, Some(api::error::ApiError::Validation(e)) if e[0].code == "too_many"));
}

db_test!(unattached_files_are_purged_after_a_day, only_ones_own_files_of_the_organization_attach);
