//! Who may see what of automations: the one place the VENDOR rule lives. Every automation route,
//! of the client portal and of the admin API, finds its rows through these helpers:
//!
//! - a customer (OWNER or MEMBER) sees the organization's automations, all their tasks, messages
//!   and comments;
//! - a VENDOR sees only the automations where at least one task is assigned to them, and in them
//!   only those tasks and their comments (never the automation's messages); anything else is 404;
//! - staff (through `/api/admin/*`) see every organization's automations.

use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, Select};
use shared::dto::automations::StatusSide;
use shared::{OrgRole, Permission, Role};
use uuid::Uuid;

use crate::context::{Caller, OrgContext};
use crate::entities::automations::{automation, message, task};
use crate::error::{ApiError, ApiResult};
use crate::services::platform::tenant::find_in_org;

/// What kind of viewer is asking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ViewerKind {
    /// An OWNER or MEMBER of the organization (not a VENDOR).
    Customer,
    /// A VENDOR member of the organization.
    Vendor,
    /// A STAFF or ADMIN user through the admin API.
    Staff,
}

/// The viewer of an automation route: who, in which organization (none for staff), as what.
#[derive(Debug, Clone)]
pub struct Viewer {
    /// Who is calling and from where (for audit entries).
    pub caller: Caller,
    /// The active organization (client portal only).
    pub org_id: Option<Uuid>,
    /// As what.
    pub kind: ViewerKind,
    /// Whether they may change automations and tasks beyond working on their own tasks
    /// (`automations.write`, or staff).
    pub can_write: bool,
    /// Whether they are an OWNER of the organization (who may archive any automation and hand
    /// it to another owner; a MEMBER may only for the automations they own).
    pub org_owner: bool,
}

impl Viewer {
    /// A member of the active organization (customer or VENDOR).
    pub fn of_org(ctx: &OrgContext) -> Viewer {
        let kind = if ctx.actor().role() == Role::Vendor { ViewerKind::Vendor } else { ViewerKind::Customer };
        let can_write = kind == ViewerKind::Customer && ctx.can(Permission::AutomationsWrite);
        let org_owner = kind == ViewerKind::Customer && ctx.org_role == OrgRole::Owner;
        Viewer { caller: ctx.caller.clone(), org_id: Some(ctx.org_id()), kind, can_write, org_owner }
    }

    /// An operator through the admin API.
    pub fn staff(caller: &Caller) -> Viewer {
        Viewer { caller: caller.clone(), org_id: None, kind: ViewerKind::Staff, can_write: true, org_owner: false }
    }

    /// The user behind the call.
    pub fn user_id(&self) -> Uuid {
        self.caller.actor.user_id()
    }

    /// Whether the operator's staff are asking.
    pub fn is_staff(&self) -> bool {
        self.kind == ViewerKind::Staff
    }

    /// Whether a VENDOR is asking.
    pub fn is_vendor(&self) -> bool {
        self.kind == ViewerKind::Vendor
    }

    /// The side of a status change.
    pub fn side(&self) -> StatusSide {
        if self.is_staff() { StatusSide::Staff } else { StatusSide::Customer }
    }

    /// Whether they may archive, unarchive and hand over this automation: staff, an OWNER of the
    /// organization, or the automation's owner.
    pub fn manages(&self, automation: &automation::Model) -> bool {
        self.is_staff() || self.org_owner || (self.can_write && automation.owner_id == self.user_id())
    }

    /// Refuses VENDORs (what they may not change among what they see): 403.
    pub fn not_vendor(&self) -> ApiResult<()> {
        if self.is_vendor() { Err(ApiError::Forbidden) } else { Ok(()) }
    }
}

/// The automations the viewer can see.
pub fn visible_automations(viewer: &Viewer) -> Select<automation::Entity> {
    let query = match viewer.org_id {
        Some(org_id) => find_in_org::<automation::Entity>(org_id),
        None => automation::Entity::find(),
    };
    if viewer.is_vendor() {
        let mut assigned = Query::select();
        assigned
            .column(task::Column::AutomationId)
            .from(task::Entity)
            .and_where(task::Column::AssigneeId.eq(viewer.user_id()));
        if let Some(org_id) = viewer.org_id {
            assigned.and_where(task::Column::OrgId.eq(org_id));
        }
        query.filter(automation::Column::Id.in_subquery(assigned))
    } else {
        query
    }
}

/// One automation the viewer can see.
///
/// Errors: `NotFound` (another organization's, or a VENDOR's without a task of theirs).
pub async fn find_automation(db: &impl ConnectionTrait, viewer: &Viewer, id: Uuid) -> ApiResult<automation::Model> {
    visible_automations(viewer).filter(automation::Column::Id.eq(id)).one(db).await?.ok_or(ApiError::NotFound)
}

/// The tasks of an automation the viewer can see (a VENDOR: those assigned to them).
pub fn visible_tasks(viewer: &Viewer, automation: &automation::Model) -> Select<task::Entity> {
    let query = find_in_org::<task::Entity>(automation.org_id).filter(task::Column::AutomationId.eq(automation.id));
    if viewer.is_vendor() { query.filter(task::Column::AssigneeId.eq(viewer.user_id())) } else { query }
}

/// One task of an automation the viewer can see.
///
/// Errors: `NotFound`.
pub async fn find_task(
    db: &impl ConnectionTrait,
    viewer: &Viewer,
    automation: &automation::Model,
    task_id: Uuid,
) -> ApiResult<task::Model> {
    visible_tasks(viewer, automation).filter(task::Column::Id.eq(task_id)).one(db).await?.ok_or(ApiError::NotFound)
}

/// The automation's message thread, which VENDORs never see.
///
/// Errors: `NotFound` for a VENDOR.
pub fn visible_messages(viewer: &Viewer, automation: &automation::Model) -> ApiResult<Select<message::Entity>> {
    if viewer.is_vendor() {
        return Err(ApiError::NotFound);
    }
    Ok(find_in_org::<message::Entity>(automation.org_id)
        .filter(message::Column::AutomationId.eq(automation.id))
        .filter(message::Column::TaskId.is_null()))
}

/// A task's comment thread (the task found through [`find_task`]).
pub fn visible_comments(task: &task::Model) -> Select<message::Entity> {
    find_in_org::<message::Entity>(task.org_id)
        .filter(message::Column::AutomationId.eq(task.automation_id))
        .filter(message::Column::TaskId.eq(task.id))
}
