//! Tasks of an automation: list, create, change, assign, move on the board, and "my tasks".
//!
//! Board order: each task has a `position`; a column is the tasks of one status by position.
//! New tasks and tasks whose status changes go to the end of their column (`max + STEP`); a drop
//! before another task takes the midpoint between that task and the one above it in the column,
//! and renumbers the automation's tasks (`STEP` apart) when there is no room left.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder, QuerySelect,
    Set,
};
use shared::FieldError;
use shared::dto::automations::{
    AutomationRef, CreateTaskRequest, MAX_TITLE_CHARS, MoveTaskRequest, MyTask, MyTasksFilter, Task, TaskPriority,
    TaskSort, TaskStatus, TasksFilter, UpdateTaskRequest, UserRef,
};
use shared::dto::common::Page;
use shared::events::DomainEventType;
use uuid::Uuid;

use super::access::{self, Viewer};
use super::notices::TaskAssignedNotice;
use super::requests::{Errors, parse_description, parse_name, people, person};
use crate::db::Tx;
use crate::entities::auth::user;
use crate::entities::automations::{automation, task};
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{KeyValue, ListParams, SortKey, keyset};
use crate::notices::Notice;
use crate::services::platform::events::{DomainEvent, emit};
use crate::services::platform::notify::{Recipient, notify};
use crate::services::platform::tenant::find_in_org;

/// Distance between neighbouring positions after renumbering and at the end of a column.
pub const STEP: i64 = 1024;

fn to_dto(t: task::Model, people: &HashMap<Uuid, UserRef>) -> Task {
    Task {
        id: t.id,
        automation_id: t.automation_id,
        status: t.status(),
        priority: t.priority(),
        assignee: t.assignee_id.map(|id| person(people, id)),
        due_date: t.due_date,
        position: t.position,
        completed_at: t.completed_at,
        created_at: t.created_at,
        updated_at: t.updated_at,
        title: t.title,
        description: t.description,
    }
}

/// The view of one task.
pub async fn task_dto(db: &impl ConnectionTrait, t: task::Model) -> ApiResult<Task> {
    let people = people(db, t.assignee_id).await?;
    Ok(to_dto(t, &people))
}

fn sort_key(sort: TaskSort) -> SortKey<task::Column> {
    use task::Column as C;
    match sort {
        TaskSort::Position => SortKey::by_int(C::Position, false),
        TaskSort::NewestFirst => SortKey::by_id(true),
        TaskSort::OldestFirst => SortKey::by_id(false),
        TaskSort::UpdatedDesc => SortKey::by_time(C::UpdatedAt, true),
    }
}

fn key_of(sort: TaskSort, t: &task::Model) -> (Option<KeyValue>, Uuid) {
    let key = match sort {
        TaskSort::Position => Some(KeyValue::Int(t.position)),
        TaskSort::UpdatedDesc => Some(KeyValue::Time(t.updated_at)),
        TaskSort::NewestFirst | TaskSort::OldestFirst => None,
    };
    (key, t.id)
}

/// The tasks of an automation the viewer sees (a VENDOR: theirs), filtered by status and
/// assignee, by board position by default.
///
/// Errors: `NotFound`, `Validation` (cursor).
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    automation_id: Uuid,
    params: &ListParams<TaskSort, TasksFilter>,
) -> ApiResult<Page<Task>> {
    let a = access::find_automation(db, viewer, automation_id).await?;
    let mut query = access::visible_tasks(viewer, &a);
    if let Some(s) = params.filter.status {
        query = query.filter(task::Column::Status.eq(s.as_str()));
    }
    if let Some(u) = params.filter.assignee_id {
        query = query.filter(task::Column::AssigneeId.eq(u));
    }
    let rows = keyset::page_query(
        query,
        sort_key(params.sort),
        task::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    let people = people(db, rows.iter().filter_map(|t| t.assignee_id)).await?;
    let sort = params.sort;
    Ok(params.finish(rows, |t| key_of(sort, t), |t| to_dto(t, &people), None))
}

/// One task the viewer sees.
///
/// Errors: `NotFound`.
pub async fn get(db: &impl ConnectionTrait, viewer: &Viewer, automation_id: Uuid, task_id: Uuid) -> ApiResult<Task> {
    let a = access::find_automation(db, viewer, automation_id).await?;
    let t = access::find_task(db, viewer, &a, task_id).await?;
    task_dto(db, t).await
}

/// Whether a user may be assigned tasks of the organization: an active member (VENDORs
/// included) or an active STAFF or ADMIN user.
async fn assignable(db: &impl ConnectionTrait, org_id: Uuid, user_id: Uuid) -> ApiResult<bool> {
    let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else { return Ok(false) };
    if u.disabled_at.is_some() {
        return Ok(false);
    }
    if u.role().is_operator() {
        return Ok(true);
    }
    let m = find_in_org::<membership::Entity>(org_id).filter(membership::Column::UserId.eq(user_id)).one(db).await?;
    Ok(m.is_some())
}

async fn check_assignee(
    db: &impl ConnectionTrait,
    errors: &mut Errors,
    org_id: Uuid,
    assignee: Option<Uuid>,
) -> ApiResult<()> {
    if let Some(u) = assignee
        && !assignable(db, org_id, u).await?
    {
        errors.0.push(FieldError::new(
            "assignee_id",
            "not_assignable",
            "Assign a member or vendor of the organization, or one of the operator's staff.",
        ));
    }
    Ok(())
}

async fn end_of_column(db: &impl ConnectionTrait, automation_id: Uuid) -> ApiResult<i64> {
    let max: Option<Option<i64>> = task::Entity::find()
        .select_only()
        .column_as(task::Column::Position.max(), "m")
        .filter(task::Column::AutomationId.eq(automation_id))
        .into_tuple()
        .one(db)
        .await?;
    Ok(max.flatten().unwrap_or(0) + STEP)
}

/// Emits `task.assigned` and `task.completed` for a change from `before` to `after`.
async fn emit_changes(
    db: &Tx,
    viewer: &Viewer,
    now: DateTime<Utc>,
    before: Option<&task::Model>,
    after: &task::Model,
) -> ApiResult<Task> {
    let dto = task_dto(db, after.clone()).await?;
    let assigned = after.assignee_id.is_some() && before.is_none_or(|b| b.assignee_id != after.assignee_id);
    let completed = after.status() == TaskStatus::Done && before.is_none_or(|b| b.status() != TaskStatus::Done);
    for (yes, event_type) in [(assigned, DomainEventType::TaskAssigned), (completed, DomainEventType::TaskCompleted)] {
        if yes {
            emit(db, now, DomainEvent { event_type, org_id: after.org_id, subject_id: after.id, data: &dto }).await?;
        }
    }
    // The new assignee hears of it, unless they assigned it to themselves.
    if let Some(to) = after.assignee_id.filter(|to| assigned && *to != viewer.user_id()) {
        let notice = Notice::TaskAssigned(TaskAssignedNotice { task_id: after.id, assignee_id: to });
        notify(db, now, Recipient::User(to), notice).await?;
    }
    Ok(dto)
}

/// Creates a task at the end of its column. Emits `task.assigned` (with an assignee) and
/// `task.completed` (created done).
///
/// Errors: `NotFound`, `Forbidden` (VENDOR), `Validation` (title, description, assignee_id).
pub async fn create(
    db: &Tx,
    viewer: &Viewer,
    now: DateTime<Utc>,
    automation_id: Uuid,
    req: CreateTaskRequest,
) -> ApiResult<Task> {
    let a = access::find_automation(db, viewer, automation_id).await?;
    viewer.not_vendor()?;
    let mut errors = Errors::default();
    let title = errors.take(parse_name("title", &req.title, MAX_TITLE_CHARS));
    let description = errors.take(parse_description(req.description.as_deref()));
    check_assignee(db, &mut errors, a.org_id, req.assignee_id).await?;
    errors.check()?;
    let (Some(title), Some(description)) = (title, description) else { return Err(ApiError::Validation(Vec::new())) };
    let status = req.status.unwrap_or(TaskStatus::Todo);
    let position = end_of_column(db, a.id).await?;
    let t = task::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(a.org_id),
        automation_id: Set(a.id),
        title: Set(title),
        description: Set(description.unwrap_or_default()),
        status: Set(status.as_str().to_owned()),
        priority: Set(req.priority.unwrap_or(TaskPriority::Normal).as_str().to_owned()),
        assignee_id: Set(req.assignee_id),
        due_date: Set(req.due_date),
        position: Set(position),
        completed_at: Set((status == TaskStatus::Done).then_some(now)),
        created_by_id: Set(Some(viewer.user_id())),
        created_at: Set(now),
        updated_at: Set(now),
    }
    .insert(db)
    .await?;
    emit_changes(db, viewer, now, None, &t).await
}

fn set_status(m: &mut task::ActiveModel, before: &task::Model, status: TaskStatus, now: DateTime<Utc>) {
    m.status = Set(status.as_str().to_owned());
    if status == TaskStatus::Done && before.status() != TaskStatus::Done {
        m.completed_at = Set(Some(now));
    } else if status != TaskStatus::Done {
        m.completed_at = Set(None);
    }
}

/// Changes a task; absent fields stay. A new status puts it at the end of that column. A VENDOR
/// may change only the status of their own tasks.
///
/// Errors: `NotFound`, `Forbidden` (a VENDOR changing more than the status), `Validation`.
pub async fn update(
    db: &Tx,
    viewer: &Viewer,
    now: DateTime<Utc>,
    automation_id: Uuid,
    task_id: Uuid,
    req: UpdateTaskRequest,
) -> ApiResult<Task> {
    let a = access::find_automation(db, viewer, automation_id).await?;
    let t = access::find_task(db, viewer, &a, task_id).await?;
    if !viewer.can_write
        && (req.title.is_some()
            || req.description.is_some()
            || req.priority.is_some()
            || req.assignee_id.is_some()
            || req.due_date.is_some())
    {
        return Err(ApiError::Forbidden);
    }
    let mut errors = Errors::default();
    let title = req.title.as_deref().and_then(|v| errors.take(parse_name("title", v, MAX_TITLE_CHARS)));
    let description = match req.description.as_deref() {
        None => None,
        Some(d) => errors.take(parse_description(Some(d))).map(Option::unwrap_or_default),
    };
    if let Some(assignee) = req.assignee_id {
        check_assignee(db, &mut errors, a.org_id, assignee).await?;
    }
    errors.check()?;
    let mut m = t.clone().into_active_model();
    let mut changed = false;
    if let Some(v) = title.filter(|v| *v != t.title) {
        m.title = Set(v);
        changed = true;
    }
    if let Some(v) = description.filter(|v| *v != t.description) {
        m.description = Set(v);
        changed = true;
    }
    if let Some(p) = req.priority.filter(|p| *p != t.priority()) {
        m.priority = Set(p.as_str().to_owned());
        changed = true;
    }
    if let Some(v) = req.assignee_id.filter(|v| *v != t.assignee_id) {
        m.assignee_id = Set(v);
        changed = true;
    }
    if let Some(v) = req.due_date.filter(|v| *v != t.due_date) {
        m.due_date = Set(v);
        changed = true;
    }
    if let Some(s) = req.status.filter(|s| *s != t.status()) {
        set_status(&mut m, &t, s, now);
        m.position = Set(end_of_column(db, a.id).await?);
        changed = true;
    }
    if !changed {
        return task_dto(db, t).await;
    }
    m.updated_at = Set(now);
    let after = m.update(db).await?;
    emit_changes(db, viewer, now, Some(&t), &after).await
}

/// A drop on the board: the task takes `status` and goes before `before_id` (or to the end).
///
/// Errors: `NotFound`, `Validation` (`before_id`: not a task of that column).
pub async fn move_task(
    db: &Tx,
    viewer: &Viewer,
    now: DateTime<Utc>,
    automation_id: Uuid,
    task_id: Uuid,
    req: MoveTaskRequest,
) -> ApiResult<Task> {
    let a = access::find_automation(db, viewer, automation_id).await?;
    let t = access::find_task(db, viewer, &a, task_id).await?;
    let position = match req.before_id {
        None => {
            let end = end_of_column(db, a.id).await?;
            // Already last of its column: keep its place.
            if t.status() == req.status && end == t.position + STEP { t.position } else { end }
        }
        Some(before_id) => {
            let before = access::visible_tasks(viewer, &a)
                .filter(task::Column::Id.eq(before_id))
                .filter(task::Column::Id.ne(t.id))
                .filter(task::Column::Status.eq(req.status.as_str()))
                .one(db)
                .await?
                .ok_or_else(|| {
                    ApiError::field("before_id", "invalid", "Drop before a task of the same automation in that column.")
                })?;
            let above: Option<i64> = task::Entity::find()
                .select_only()
                .column(task::Column::Position)
                .filter(task::Column::AutomationId.eq(a.id))
                .filter(task::Column::Id.ne(t.id))
                .filter(task::Column::Position.lt(before.position))
                .order_by_desc(task::Column::Position)
                .into_tuple()
                .one(db)
                .await?;
            let above = above.unwrap_or(before.position - 2 * STEP);
            if before.position - above > 1 {
                above + (before.position - above) / 2
            } else {
                renumber(db, a.id, t.id, before.id).await?
            }
        }
    };
    let mut m = t.clone().into_active_model();
    if req.status != t.status() {
        set_status(&mut m, &t, req.status, now);
    }
    if position == t.position && req.status == t.status() {
        return task_dto(db, t).await;
    }
    m.position = Set(position);
    m.updated_at = Set(now);
    let after = m.update(db).await?;
    emit_changes(db, viewer, now, Some(&t), &after).await
}

/// Spreads the automation's tasks `STEP` apart, leaving a free place just before `before_id`
/// for `moving`; returns that place.
async fn renumber(db: &impl ConnectionTrait, automation_id: Uuid, moving: Uuid, before_id: Uuid) -> ApiResult<i64> {
    let rows = task::Entity::find()
        .filter(task::Column::AutomationId.eq(automation_id))
        .filter(task::Column::Id.ne(moving))
        .order_by_asc(task::Column::Position)
        .order_by_asc(task::Column::Id)
        .all(db)
        .await?;
    let mut place = 0;
    let mut next = STEP;
    for r in rows {
        if r.id == before_id {
            place = next;
            next += STEP;
        }
        if r.position != next {
            let mut m = r.into_active_model();
            m.position = Set(next);
            m.update(db).await?;
        }
        next += STEP;
    }
    Ok(place)
}

/// The caller's tasks across the organization's automations, filtered by status.
///
/// Errors: `Validation` (cursor).
pub async fn my_tasks(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    params: &ListParams<TaskSort, MyTasksFilter>,
) -> ApiResult<Page<MyTask>> {
    let org_id = viewer.org_id.ok_or(ApiError::NotFound)?;
    let mut query = find_in_org::<task::Entity>(org_id).filter(task::Column::AssigneeId.eq(viewer.user_id()));
    if let Some(s) = params.filter.status {
        query = query.filter(task::Column::Status.eq(s.as_str()));
    }
    let rows = keyset::page_query(
        query,
        sort_key(params.sort),
        task::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    let ids: Vec<Uuid> = rows.iter().map(|t| t.automation_id).collect();
    let automations: HashMap<Uuid, automation::Model> = if ids.is_empty() {
        HashMap::new()
    } else {
        find_in_org::<automation::Entity>(org_id)
            .filter(automation::Column::Id.is_in(ids))
            .all(db)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect()
    };
    let people = people(db, rows.iter().filter_map(|t| t.assignee_id)).await?;
    let sort = params.sort;
    let page = params.finish(rows, |t| key_of(sort, t), |t| t, None);
    let items = page
        .items
        .into_iter()
        .filter_map(|t| {
            let a = automations.get(&t.automation_id)?;
            let automation = AutomationRef { id: a.id, name: a.name.clone(), status: a.status() };
            Some(MyTask { task: to_dto(t, &people), automation })
        })
        .collect();
    Ok(Page { items, next_cursor: page.next_cursor, total: None })
}
