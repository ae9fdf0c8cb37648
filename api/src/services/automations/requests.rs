//! Automations: request, list, view, change, status changes with their timeline, staff lead.
//! Every change to the status or the lead is audited and emitted in its transaction.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QuerySelect, Set,
};
use shared::audit::{AuditAction, AutomationLeadChanged, AutomationStatusChanged};
use shared::dto::automations::{
    AdminAutomation, AdminAutomationsFilter, Automation, AutomationSort, AutomationStatus, AutomationsFilter,
    ChangeAutomationStatusRequest, CreateAutomationRequest, MAX_DESCRIPTION_CHARS, MAX_NAME_CHARS, SetStaffLeadRequest,
    StatusChange, TaskStatus, UpdateAutomationRequest, UserRef,
};
use shared::dto::common::Page;
use shared::events::DomainEventType;
use shared::validation::{Note, SearchText};
use shared::{FieldError, Role};
use uuid::Uuid;

use super::access::{self, Viewer};
use crate::entities::auth::user;
use crate::entities::automations::{automation, status_change, task};
use crate::entities::organizations::organization;
use crate::entities::team::membership;
use crate::error::{ApiError, ApiResult};
use crate::list::{KeyValue, ListParams, SortKey, keyset, search};
use crate::services::platform::audit::{self, AuditEvent};
use crate::services::platform::events::{DomainEvent, emit};
use crate::services::platform::tenant::find_in_org;

/// People by id, as shown beside automations, tasks and messages.
pub async fn people(
    db: &impl ConnectionTrait,
    ids: impl IntoIterator<Item = Uuid>,
) -> ApiResult<HashMap<Uuid, UserRef>> {
    let mut ids: Vec<Uuid> = ids.into_iter().collect();
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    let rows = user::Entity::find().filter(user::Column::Id.is_in(ids)).all(db).await?;
    Ok(rows.into_iter().map(|u| (u.id, UserRef { id: u.id, name: u.name.clone(), role: u.role() })).collect())
}

/// A person, or a placeholder when the account is gone.
pub fn person(people: &HashMap<Uuid, UserRef>, id: Uuid) -> UserRef {
    people.get(&id).cloned().unwrap_or(UserRef { id, name: "Former user".into(), role: Role::Client })
}

/// Visible tasks and done tasks per automation.
async fn task_counts(db: &impl ConnectionTrait, viewer: &Viewer, ids: &[Uuid]) -> ApiResult<HashMap<Uuid, (u64, u64)>> {
    if ids.is_empty() {
        return Ok(HashMap::new());
    }
    use task::Column as C;
    let mut query = task::Entity::find()
        .select_only()
        .column(C::AutomationId)
        .column(C::Status)
        .column_as(C::Id.count(), "n")
        .filter(C::AutomationId.is_in(ids.iter().copied()));
    if viewer.is_vendor() {
        query = query.filter(C::AssigneeId.eq(viewer.user_id()));
    }
    let rows: Vec<(Uuid, String, i64)> =
        query.group_by(C::AutomationId).group_by(C::Status).into_tuple().all(db).await?;
    let mut out: HashMap<Uuid, (u64, u64)> = HashMap::new();
    for (id, status, n) in rows {
        let n = u64::try_from(n).unwrap_or(0);
        let e = out.entry(id).or_default();
        e.0 += n;
        if status == TaskStatus::Done.as_str() {
            e.1 += n;
        }
    }
    Ok(out)
}

/// The dashboard view of automations, in their order.
pub async fn to_dtos(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    rows: Vec<automation::Model>,
) -> ApiResult<Vec<Automation>> {
    let ids: Vec<Uuid> = rows.iter().map(|a| a.id).collect();
    let counts = task_counts(db, viewer, &ids).await?;
    let people = people(db, rows.iter().flat_map(|a| std::iter::once(a.owner_id).chain(a.staff_lead_id))).await?;
    Ok(rows
        .into_iter()
        .map(|a| {
            let (tasks, done) = counts.get(&a.id).copied().unwrap_or_default();
            Automation {
                id: a.id,
                org_id: a.org_id,
                status: a.status(),
                status_before_archive: a.status_before_archive(),
                owner: person(&people, a.owner_id),
                staff_lead: a.staff_lead_id.map(|id| person(&people, id)),
                target_go_live_date: a.target_go_live_date,
                task_count: tasks,
                done_task_count: done,
                created_at: a.created_at,
                updated_at: a.updated_at,
                status_changed_at: a.status_changed_at,
                name: a.name,
                description: a.description,
            }
        })
        .collect())
}

/// The dashboard view of one automation.
pub async fn to_dto(db: &impl ConnectionTrait, viewer: &Viewer, row: automation::Model) -> ApiResult<Automation> {
    to_dtos(db, viewer, vec![row]).await?.pop().ok_or(ApiError::NotFound)
}

fn sort_key(sort: AutomationSort) -> SortKey<automation::Column> {
    use automation::Column as C;
    match sort {
        AutomationSort::UpdatedDesc => SortKey::by_time(C::UpdatedAt, true),
        AutomationSort::UpdatedAsc => SortKey::by_time(C::UpdatedAt, false),
        AutomationSort::NewestFirst => SortKey::by_id(true),
        AutomationSort::OldestFirst => SortKey::by_id(false),
        AutomationSort::NameAsc => SortKey::by_text(C::Name, false),
        AutomationSort::NameDesc => SortKey::by_text(C::Name, true),
    }
}

fn key_of(sort: AutomationSort, a: &automation::Model) -> (Option<KeyValue>, Uuid) {
    let key = match sort {
        AutomationSort::UpdatedDesc | AutomationSort::UpdatedAsc => Some(KeyValue::Time(a.updated_at)),
        AutomationSort::NameAsc | AutomationSort::NameDesc => Some(KeyValue::Text(a.name.clone())),
        AutomationSort::NewestFirst | AutomationSort::OldestFirst => None,
    };
    (key, a.id)
}

fn filtered(
    mut query: sea_orm::Select<automation::Entity>,
    q: Option<&str>,
    status: Option<AutomationStatus>,
) -> ApiResult<sea_orm::Select<automation::Entity>> {
    use automation::Column as C;
    let text = SearchText::parse("q", q).map_err(|e| ApiError::Validation(vec![e]))?;
    if let Some(text) = text {
        query = query.filter(search::contains(&[C::Name, C::Description], &text));
    }
    Ok(match status {
        Some(s) => query.filter(C::Status.eq(s.as_str())),
        None => query.filter(C::Status.ne(AutomationStatus::Archived.as_str())),
    })
}

async fn page_rows<F>(
    db: &impl ConnectionTrait,
    query: sea_orm::Select<automation::Entity>,
    params: &ListParams<AutomationSort, F>,
) -> ApiResult<Vec<automation::Model>> {
    let key = sort_key(params.sort);
    Ok(keyset::page_query(query, key, automation::Column::Id, params.after.as_ref(), params.fetch_limit())?
        .all(db)
        .await?)
}

/// The client portal's list: search, status (archived ones only when asked for), owner, sort,
/// cursor pages; a VENDOR's only those with a task of theirs.
///
/// Errors: `Validation` (q, cursor).
pub async fn list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    params: &ListParams<AutomationSort, AutomationsFilter>,
) -> ApiResult<Page<Automation>> {
    let f = &params.filter;
    let mut query = filtered(access::visible_automations(viewer), f.q.as_deref(), f.status)?;
    if let Some(owner) = f.owner_id {
        query = query.filter(automation::Column::OwnerId.eq(owner));
    }
    let rows = page_rows(db, query, params).await?;
    let sort = params.sort;
    let page = params.finish(rows, |a| key_of(sort, a), |a| a, None);
    let items = to_dtos(db, viewer, page.items).await?;
    Ok(Page { items, next_cursor: page.next_cursor, total: None })
}

/// The operator's list across organizations: search, status, organization, staff lead.
///
/// Errors: `Validation` (q, cursor).
pub async fn admin_list(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    params: &ListParams<AutomationSort, AdminAutomationsFilter>,
) -> ApiResult<Page<AdminAutomation>> {
    use automation::Column as C;
    let f = &params.filter;
    let mut query = filtered(access::visible_automations(viewer), f.q.as_deref(), f.status)?;
    if let Some(org) = f.org_id {
        query = query.filter(C::OrgId.eq(org));
    }
    if let Some(lead) = f.lead_id {
        query = query.filter(C::StaffLeadId.eq(lead));
    }
    if f.unassigned == Some(true) {
        query = query.filter(C::StaffLeadId.is_null());
    }
    let rows = page_rows(db, query, params).await?;
    let sort = params.sort;
    let page = params.finish(rows, |a| key_of(sort, a), |a| a, None);
    let org_ids: Vec<Uuid> = page.items.iter().map(|a| a.org_id).collect();
    let orgs: HashMap<Uuid, organization::Model> = if org_ids.is_empty() {
        HashMap::new()
    } else {
        organization::Entity::find()
            .filter(organization::Column::Id.is_in(org_ids))
            .all(db)
            .await?
            .into_iter()
            .map(|o| (o.id, o))
            .collect()
    };
    let items = to_dtos(db, viewer, page.items).await?;
    let items = items
        .into_iter()
        .filter_map(|a| orgs.get(&a.org_id).map(|o| AdminAutomation { organization: o.summary(), automation: a }))
        .collect();
    Ok(Page { items, next_cursor: page.next_cursor, total: None })
}

/// One automation the viewer can see.
///
/// Errors: `NotFound`.
pub async fn get(db: &impl ConnectionTrait, viewer: &Viewer, id: Uuid) -> ApiResult<Automation> {
    let a = access::find_automation(db, viewer, id).await?;
    to_dto(db, viewer, a).await
}

/// One automation with its organization, for staff.
///
/// Errors: `NotFound`.
pub async fn admin_get(db: &impl ConnectionTrait, viewer: &Viewer, id: Uuid) -> ApiResult<AdminAutomation> {
    let a = access::find_automation(db, viewer, id).await?;
    let org = organization::Entity::find_by_id(a.org_id).one(db).await?.ok_or(ApiError::NotFound)?;
    Ok(AdminAutomation { automation: to_dto(db, viewer, a).await?, organization: org.summary() })
}

/// A name of 1 to [`MAX_NAME_CHARS`] characters, trimmed, without control characters.
pub fn parse_name(field: &str, raw: &str, max: usize) -> Result<String, FieldError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(FieldError::new(field, "required", "This field is required."));
    }
    if raw.chars().count() > max {
        return Err(FieldError::new(field, "too_long", format!("Use at most {max} characters.")));
    }
    if raw.chars().any(char::is_control) {
        return Err(FieldError::new(field, "invalid_format", "Control characters are not allowed."));
    }
    Ok(s.to_owned())
}

/// A description of at most [`MAX_DESCRIPTION_CHARS`] characters (blank: none).
pub fn parse_description(raw: Option<&str>) -> Result<Option<String>, FieldError> {
    Note::parse("description", raw, MAX_DESCRIPTION_CHARS).map(|n| n.map(Note::into_inner))
}

/// Collects field errors, answering `Validation` if there were any.
#[derive(Default)]
pub struct Errors(pub Vec<FieldError>);

impl Errors {
    /// Keeps the value or the error.
    pub fn take<T>(&mut self, r: Result<T, FieldError>) -> Option<T> {
        r.map_err(|e| self.0.push(e)).ok()
    }

    /// `Validation` when any field failed.
    pub fn check(self) -> ApiResult<()> {
        if self.0.is_empty() { Ok(()) } else { Err(ApiError::Validation(self.0)) }
    }
}

async fn record_change(
    db: &impl ConnectionTrait,
    a: &automation::Model,
    from: Option<AutomationStatus>,
    to: AutomationStatus,
    actor: Uuid,
    now: DateTime<Utc>,
) -> ApiResult<()> {
    status_change::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(a.org_id),
        automation_id: Set(a.id),
        from_status: Set(from.map(|s| s.as_str().to_owned())),
        to_status: Set(to.as_str().to_owned()),
        actor_id: Set(Some(actor)),
        created_at: Set(now),
    }
    .insert(db)
    .await?;
    Ok(())
}

/// A customer requests an automation; they own it. Emits `automation.created`.
///
/// Errors: `Validation` (name, description).
pub async fn create(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    req: CreateAutomationRequest,
) -> ApiResult<Automation> {
    viewer.not_vendor()?;
    let org_id = viewer.org_id.ok_or(ApiError::NotFound)?;
    let mut errors = Errors::default();
    let name = errors.take(parse_name("name", &req.name, MAX_NAME_CHARS));
    let description = errors.take(parse_description(req.description.as_deref()));
    errors.check()?;
    let (Some(name), Some(description)) = (name, description) else { return Err(ApiError::Validation(Vec::new())) };
    let a = automation::ActiveModel {
        id: Set(Uuid::now_v7()),
        org_id: Set(org_id),
        name: Set(name),
        description: Set(description.unwrap_or_default()),
        status: Set(AutomationStatus::Requested.as_str().to_owned()),
        status_before_archive: Set(None),
        owner_id: Set(viewer.user_id()),
        staff_lead_id: Set(None),
        target_go_live_date: Set(req.target_go_live_date),
        created_at: Set(now),
        updated_at: Set(now),
        status_changed_at: Set(now),
    }
    .insert(db)
    .await?;
    record_change(db, &a, None, AutomationStatus::Requested, viewer.user_id(), now).await?;
    let dto = to_dto(db, viewer, a).await?;
    emit(
        db,
        now,
        DomainEvent { event_type: DomainEventType::AutomationCreated, org_id, subject_id: dto.id, data: &dto },
    )
    .await?;
    Ok(dto)
}

/// Whether a user is an OWNER or MEMBER (not a VENDOR) of the organization.
async fn is_customer_member(db: &impl ConnectionTrait, org_id: Uuid, user_id: Uuid) -> ApiResult<bool> {
    let m = find_in_org::<membership::Entity>(org_id)
        .filter(membership::Column::UserId.eq(user_id))
        .find_also_related(user::Entity)
        .one(db)
        .await?;
    Ok(matches!(m, Some((_, Some(u))) if u.role() != Role::Vendor && u.disabled_at.is_none()))
}

/// Changes an automation's name, description, target date or owner; absent fields stay.
///
/// Errors: `NotFound`, `Forbidden` (VENDOR), `Validation`.
pub async fn update(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    id: Uuid,
    req: UpdateAutomationRequest,
) -> ApiResult<Automation> {
    let a = access::find_automation(db, viewer, id).await?;
    viewer.not_vendor()?;
    let mut errors = Errors::default();
    let name = req.name.as_deref().and_then(|n| errors.take(parse_name("name", n, MAX_NAME_CHARS)));
    let description = match req.description.as_deref() {
        None => None,
        Some(d) => errors.take(parse_description(Some(d))).map(Option::unwrap_or_default),
    };
    if let Some(owner) = req.owner_id
        && !is_customer_member(db, a.org_id, owner).await?
    {
        errors.0.push(FieldError::new(
            "owner_id",
            "not_member",
            "The owner must be an OWNER or MEMBER of the organization.",
        ));
    }
    errors.check()?;
    if req.owner_id.is_some_and(|o| o != a.owner_id) && !viewer.manages(&a) {
        return Err(ApiError::Forbidden);
    }
    let mut m = a.clone().into_active_model();
    let mut changed = false;
    if let Some(name) = name.filter(|n| *n != a.name) {
        m.name = Set(name);
        changed = true;
    }
    if let Some(d) = description.filter(|d| *d != a.description) {
        m.description = Set(d);
        changed = true;
    }
    if let Some(d) = req.target_go_live_date.filter(|d| *d != a.target_go_live_date) {
        m.target_go_live_date = Set(d);
        changed = true;
    }
    if let Some(o) = req.owner_id.filter(|o| *o != a.owner_id) {
        m.owner_id = Set(o);
        changed = true;
    }
    let a = if changed {
        m.updated_at = Set(now);
        m.update(db).await?
    } else {
        a
    };
    to_dto(db, viewer, a).await
}

/// Moves an automation to another status by the rules of `shared::dto::automations`: records the
/// timeline entry, audits it, emits `automation.status_changed`.
///
/// Errors: `NotFound`, `Forbidden` (VENDOR; a MEMBER for an automation they do not own),
/// `InvalidTransition`.
pub async fn change_status(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    id: Uuid,
    req: ChangeAutomationStatusRequest,
) -> ApiResult<Automation> {
    let a = access::find_automation(db, viewer, id).await?;
    viewer.not_vendor()?;
    if !viewer.manages(&a) {
        return Err(ApiError::Forbidden);
    }
    let (from, to) = (a.status(), req.status);
    if !from.can_move(to, viewer.side(), a.status_before_archive()) {
        return Err(ApiError::InvalidTransition);
    }
    let mut m = a.clone().into_active_model();
    m.status = Set(to.as_str().to_owned());
    m.status_before_archive = Set((to == AutomationStatus::Archived).then(|| from.as_str().to_owned()));
    m.updated_at = Set(now);
    m.status_changed_at = Set(now);
    let a = m.update(db).await?;
    record_change(db, &a, Some(from), to, viewer.user_id(), now).await?;
    let action = if to == AutomationStatus::Archived {
        AuditAction::AutomationArchive
    } else if from == AutomationStatus::Archived {
        AuditAction::AutomationUnarchive
    } else {
        AuditAction::AutomationStatusChange
    };
    let details =
        AutomationStatusChanged { name: a.name.clone(), from: from.as_str().to_owned(), to: to.as_str().to_owned() };
    let event =
        AuditEvent::success(action).by(&viewer.caller.actor).org(a.org_id).target("automation", a.id).details(&details);
    audit::record(db, now, &viewer.caller.client, event).await?;
    let org_id = a.org_id;
    let dto = to_dto(db, viewer, a).await?;
    emit(
        db,
        now,
        DomainEvent { event_type: DomainEventType::AutomationStatusChanged, org_id, subject_id: dto.id, data: &dto },
    )
    .await?;
    Ok(dto)
}

/// Whether a user is an active STAFF or ADMIN account.
pub async fn is_staff_user(db: &impl ConnectionTrait, user_id: Uuid) -> ApiResult<bool> {
    let u = user::Entity::find_by_id(user_id).one(db).await?;
    Ok(u.is_some_and(|u| u.role().is_operator() && u.disabled_at.is_none()))
}

/// Assigns (or removes, with `null`) an automation's staff lead; audited.
///
/// Errors: `NotFound`, `Validation` (`user_id`: `not_staff`).
pub async fn set_lead(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    now: DateTime<Utc>,
    id: Uuid,
    req: SetStaffLeadRequest,
) -> ApiResult<AdminAutomation> {
    let a = access::find_automation(db, viewer, id).await?;
    if let Some(u) = req.user_id
        && !is_staff_user(db, u).await?
    {
        return Err(ApiError::field("user_id", "not_staff", "The lead must be an active STAFF or ADMIN user."));
    }
    if a.staff_lead_id != req.user_id {
        let before = a.staff_lead_id;
        let mut m = a.clone().into_active_model();
        m.staff_lead_id = Set(req.user_id);
        m.updated_at = Set(now);
        let a = m.update(db).await?;
        let details = AutomationLeadChanged { name: a.name.clone(), from: before, to: req.user_id };
        let event = AuditEvent::success(AuditAction::AutomationLeadChange)
            .by(&viewer.caller.actor)
            .org(a.org_id)
            .target("automation", a.id)
            .details(&details);
        audit::record(db, now, &viewer.caller.client, event).await?;
    }
    admin_get(db, viewer, id).await
}

/// The timeline of an automation: its status changes, oldest first, cursor pages.
///
/// Errors: `NotFound`, `Validation` (cursor).
pub async fn timeline(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    id: Uuid,
    params: &ListParams,
) -> ApiResult<Page<StatusChange>> {
    let a = access::find_automation(db, viewer, id).await?;
    let query = find_in_org::<status_change::Entity>(a.org_id).filter(status_change::Column::AutomationId.eq(a.id));
    let rows = keyset::page_query(
        query,
        SortKey::by_id(false),
        status_change::Column::Id,
        params.after.as_ref(),
        params.fetch_limit(),
    )?
    .all(db)
    .await?;
    let people = people(db, rows.iter().filter_map(|r| r.actor_id)).await?;
    Ok(params.finish(
        rows,
        |r| (None, r.id),
        |r| StatusChange {
            id: r.id,
            from: r.from_status.as_deref().and_then(AutomationStatus::parse),
            to: automation::stored_status(&r.to_status),
            by: r.actor_id.and_then(|id| people.get(&id).cloned()),
            at: r.created_at,
        },
        None,
    ))
}
