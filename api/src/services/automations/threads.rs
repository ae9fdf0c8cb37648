//! Threads: an automation's messages (customer ↔ staff; VENDORs never see them) and each task's
//! comments. Plain text; the author edits their own within 15 minutes and deletes their own
//! (a deleted one stays as a placeholder without its text). The other side hears of new posts
//! by email, batched: at most one email per person per thread per 10 minutes.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use sea_orm::{ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, Set};
use shared::Role;
use shared::dto::automations::{
    EDIT_WINDOW_MINUTES, MAX_BODY_CHARS, Message, MessageRequest, MessageSort, NOTIFY_BATCH_MINUTES,
};
use shared::dto::common::Page;
use shared::events::DomainEventType;
use shared::{FieldError, validation::Note};
use uuid::Uuid;

use super::access::{self, Viewer};
use super::notices::ThreadNotice;
use super::requests::{people, person};
use crate::db::Tx;
use crate::entities::auth::user;
use crate::entities::automations::{automation, message, task};
use crate::error::{ApiError, ApiResult};
use crate::list::{ListParams, SortKey, keyset};
use crate::notices::Notice;
use crate::services::platform::events::{DomainEvent, emit};
use crate::services::platform::notify::{Recipient, notify_batched};

/// Which thread: an automation's messages, or one task's comments.
#[derive(Debug, Clone, Copy)]
pub enum ThreadRef {
    /// `…/automations/{id}/messages`.
    Messages(Uuid),
    /// `…/automations/{id}/tasks/{task_id}/comments`.
    Comments(Uuid, Uuid),
}

/// A thread found for a viewer: its automation, its task for comments, and its rows.
struct Thread {
    automation: automation::Model,
    task: Option<task::Model>,
    rows: sea_orm::Select<message::Entity>,
}

async fn open(db: &impl ConnectionTrait, viewer: &Viewer, thread: ThreadRef) -> ApiResult<Thread> {
    match thread {
        ThreadRef::Messages(id) => {
            let automation = access::find_automation(db, viewer, id).await?;
            let rows = access::visible_messages(viewer, &automation)?;
            Ok(Thread { automation, task: None, rows })
        }
        ThreadRef::Comments(id, task_id) => {
            let automation = access::find_automation(db, viewer, id).await?;
            let task = access::find_task(db, viewer, &automation, task_id).await?;
            let rows = access::visible_comments(&task);
            Ok(Thread { automation, task: Some(task), rows })
        }
    }
}

fn to_dto(m: message::Model, people: &std::collections::HashMap<Uuid, shared::dto::automations::UserRef>) -> Message {
    Message {
        id: m.id,
        body: if m.deleted_at.is_some() { None } else { m.body },
        author: m.author_id.map(|id| person(people, id)),
        from_staff: m.from_staff,
        created_at: m.created_at,
        edited_at: m.edited_at,
        deleted_at: m.deleted_at,
    }
}

async fn dto(db: &impl ConnectionTrait, m: message::Model) -> ApiResult<Message> {
    let people = people(db, m.author_id).await?;
    Ok(to_dto(m, &people))
}

/// A thread's posts, oldest first by default, cursor pages.
///
/// Errors: `NotFound` (VENDORs for messages), `Validation` (cursor).
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    thread: ThreadRef,
    params: &ListParams<MessageSort>,
) -> ApiResult<Page<Message>> {
    let t = open(db, viewer, thread).await?;
    let key = SortKey::by_id(params.sort == MessageSort::NewestFirst);
    let rows = keyset::page_query(t.rows, key, message::Column::Id, params.after.as_ref(), params.fetch_limit())?
        .all(db)
        .await?;
    let people = people(db, rows.iter().filter_map(|m| m.author_id)).await?;
    Ok(params.finish(rows, |m| (None, m.id), |m| to_dto(m, &people), None))
}

fn parse_body(raw: &str) -> ApiResult<String> {
    Note::parse("body", Some(raw), MAX_BODY_CHARS)
        .map_err(|e| ApiError::Validation(vec![e]))?
        .map(Note::into_inner)
        .ok_or_else(|| ApiError::Validation(vec![FieldError::new("body", "required", "Write something first.")]))
}

/// Who hears of a new post: for messages, the staff lead when a customer writes, and the owner
/// and the customers who wrote before when staff write; for comments, the task's assignee, its
/// creator and everyone who commented before. Never the author; never a VENDOR who cannot see
/// the thread.
async fn recipients(db: &impl ConnectionTrait, t: &Thread, author: Uuid, from_staff: bool) -> ApiResult<Vec<Uuid>> {
    let mut ids = BTreeSet::new();
    let earlier: Vec<message::Model> = t.rows.clone().all(db).await?;
    match &t.task {
        None if !from_staff => ids.extend(t.automation.staff_lead_id),
        None => {
            ids.insert(t.automation.owner_id);
            ids.extend(earlier.iter().filter(|m| !m.from_staff).filter_map(|m| m.author_id));
        }
        Some(task) => {
            ids.extend(task.assignee_id);
            ids.extend(task.created_by_id);
            ids.extend(earlier.iter().filter_map(|m| m.author_id));
        }
    }
    ids.remove(&author);
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let users = user::Entity::find().filter(user::Column::Id.is_in(ids.iter().copied())).all(db).await?;
    let assignee = t.task.as_ref().and_then(|t| t.assignee_id);
    Ok(users.into_iter().filter(|u| u.role() != Role::Vendor || Some(u.id) == assignee).map(|u| u.id).collect())
}

/// Posts to a thread: emits `message.posted` or `comment.posted`, queues the batched emails.
///
/// Errors: `NotFound`, `Validation` (body).
pub async fn post(
    tx: &Tx,
    viewer: &Viewer,
    now: DateTime<Utc>,
    thread: ThreadRef,
    req: MessageRequest,
) -> ApiResult<Message> {
    let t = open(tx, viewer, thread).await?;
    let body = parse_body(&req.body)?;
    let author = viewer.user_id();
    let recipients = recipients(tx, &t, author, viewer.is_staff()).await?;
    let m = message::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(t.automation.org_id),
        automation_id: Set(t.automation.id),
        task_id: Set(t.task.as_ref().map(|t| t.id)),
        author_id: Set(Some(author)),
        from_staff: Set(viewer.is_staff()),
        body: Set(Some(body)),
        created_at: Set(now),
        edited_at: Set(None),
        deleted_at: Set(None),
    }
    .insert(tx)
    .await?;
    let out = dto(tx, m).await?;
    let event_type = if t.task.is_some() { DomainEventType::CommentPosted } else { DomainEventType::MessagePosted };
    emit(tx, now, DomainEvent { event_type, org_id: t.automation.org_id, subject_id: out.id, data: &out }).await?;
    let thread_id = t.task.as_ref().map_or(t.automation.id, |t| t.id);
    for to in recipients {
        let notice = Notice::AutomationThread(ThreadNotice {
            automation_id: t.automation.id,
            task_id: t.task.as_ref().map(|t| t.id),
            since: now,
        });
        let key = format!("automations:thread:{thread_id}:{to}");
        notify_batched(tx, now, Recipient::User(to), notice, &key, chrono::Duration::minutes(NOTIFY_BATCH_MINUTES))
            .await?;
    }
    Ok(out)
}

async fn find_own(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    thread: ThreadRef,
    id: Uuid,
) -> ApiResult<message::Model> {
    let t = open(db, viewer, thread).await?;
    let m = t.rows.filter(message::Column::Id.eq(id)).one(db).await?.ok_or(ApiError::NotFound)?;
    if m.author_id != Some(viewer.user_id()) {
        return Err(ApiError::Forbidden);
    }
    Ok(m)
}

/// Changes the text of one's own post within [`EDIT_WINDOW_MINUTES`] of posting it.
///
/// Errors: `NotFound`, `Forbidden` (someone else's), `EditWindowClosed`, `Conflict` (deleted),
/// `Validation` (body).
pub async fn edit(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    thread: ThreadRef,
    id: Uuid,
    req: MessageRequest,
) -> ApiResult<Message> {
    let m = find_own(db, viewer, thread, id).await?;
    if m.deleted_at.is_some() {
        return Err(ApiError::Conflict("The message was deleted.".into()));
    }
    if now - m.created_at > chrono::Duration::minutes(EDIT_WINDOW_MINUTES) {
        return Err(ApiError::EditWindowClosed);
    }
    let body = parse_body(&req.body)?;
    if m.body.as_deref() == Some(body.as_str()) {
        return dto(db, m).await;
    }
    let mut am = m.into_active_model();
    am.body = Set(Some(body));
    am.edited_at = Set(Some(now));
    let m = am.update(db).await?;
    dto(db, m).await
}

/// Deletes one's own post: its text goes, a placeholder stays.
///
/// Errors: `NotFound` (also once deleted), `Forbidden` (someone else's).
pub async fn delete(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    thread: ThreadRef,
    id: Uuid,
) -> ApiResult<()> {
    let m = find_own(db, viewer, thread, id).await?;
    if m.deleted_at.is_some() {
        return Err(ApiError::NotFound);
    }
    let mut am = m.into_active_model();
    am.body = Set(None);
    am.deleted_at = Set(Some(now));
    am.update(db).await?;
    Ok(())
}
