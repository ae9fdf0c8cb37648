//! Automations (the seed's "projects"): what a customer requests and the operator's staff build,
//! with their status timeline, tasks (a board by status), the automation's message thread
//! (customer ↔ staff) and each task's comment thread.
//!
//! The client portal reaches them under `/api/dashboard/automations`, the operator's staff under
//! `/api/admin/automations`. A VENDOR sees only the automations where at least one task is
//! assigned to them, and in them only those tasks and their comments (never the messages).
//!
//! Status rules ([`AutomationStatus::can_move`]): the pipeline is
//! `requested → scoping → building → testing → live`; `paused` and `archived` are reachable from
//! any other state. Staff move one step forward along the pipeline, back to any earlier step,
//! pause, resume into any pipeline step, archive and unarchive. Customers (OWNERs and MEMBERs)
//! request, edit and archive; they unarchive back to the status the automation had when it was
//! archived ([`Automation::status_before_archive`]). Any other move answers 409
//! `invalid_transition`.

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Deserializer, Serialize};
use uuid::Uuid;

use crate::dto::organizations::OrganizationSummary;
use crate::role::Role;

/// Longest automation name, in characters.
pub const MAX_NAME_CHARS: usize = 200;
/// Longest automation or task description, in characters.
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
/// Longest task title, in characters.
pub const MAX_TITLE_CHARS: usize = 200;
/// Longest message or comment, in characters.
pub const MAX_BODY_CHARS: usize = 10_000;
/// How long after posting its author may edit a message or comment, in minutes.
pub const EDIT_WINDOW_MINUTES: i64 = 15;
/// At most one notification email per person per thread in this many minutes.
pub const NOTIFY_BATCH_MINUTES: i64 = 10;

crate::string_enum! {
    /// Where an automation stands.
    pub enum AutomationStatus {
        /// A customer asked for it; staff have not started.
        Requested = "requested",
        /// Staff are working out what to build.
        Scoping = "scoping",
        /// Being built.
        Building = "building",
        /// Built, being tested with the customer.
        Testing = "testing",
        /// Running for the customer.
        Live = "live",
        /// On hold.
        Paused = "paused",
        /// Put away (out of the default list).
        Archived = "archived",
    }
}

/// Who asks for a status change: the customer (client portal) or the operator's staff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatusSide {
    /// An OWNER or MEMBER of the organization.
    Customer,
    /// A STAFF or ADMIN user through the admin API.
    Staff,
}

impl AutomationStatus {
    /// The pipeline, in order (paused and archived are outside it).
    pub const PIPELINE: [AutomationStatus; 5] = [
        AutomationStatus::Requested,
        AutomationStatus::Scoping,
        AutomationStatus::Building,
        AutomationStatus::Testing,
        AutomationStatus::Live,
    ];

    /// The place in the pipeline (none for paused and archived).
    pub fn step(self) -> Option<usize> {
        Self::PIPELINE.iter().position(|s| *s == self)
    }

    /// Whether `side` may move an automation from `self` to `to`; `before_archive` is the status
    /// it had when it was archived (for unarchiving).
    pub fn can_move(self, to: AutomationStatus, side: StatusSide, before_archive: Option<AutomationStatus>) -> bool {
        use AutomationStatus::{Archived, Paused};
        if self == to {
            return false;
        }
        match side {
            StatusSide::Customer => match (self, to) {
                (_, Archived) => true,
                (Archived, to) => before_archive.unwrap_or(AutomationStatus::Requested) == to,
                _ => false,
            },
            StatusSide::Staff => match (self, to) {
                (_, Archived | Paused) => true,
                (Archived | Paused, _) => true,
                (from, to) => match (from.step(), to.step()) {
                    (Some(a), Some(b)) => b == a + 1 || b < a,
                    _ => false,
                },
            },
        }
    }

    /// Every status `side` may move to from `self`.
    pub fn moves(self, side: StatusSide, before_archive: Option<AutomationStatus>) -> Vec<AutomationStatus> {
        Self::ALL.into_iter().filter(|to| self.can_move(*to, side, before_archive)).collect()
    }
}

/// A person as shown beside an automation, a task or a message.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserRef {
    /// User id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Platform role (STAFF and ADMIN are the operator's people).
    pub role: Role,
}

/// An automation as the client portal shows it (also the `data` of its domain events).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Automation {
    /// Automation id.
    pub id: Uuid,
    /// The organization it belongs to.
    pub org_id: Uuid,
    /// Name.
    pub name: String,
    /// What it should do (plain text; may be empty).
    pub description: String,
    /// Where it stands.
    pub status: AutomationStatus,
    /// While archived: the status it had before, where unarchiving returns it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_before_archive: Option<AutomationStatus>,
    /// The member who requested it and speaks for the customer.
    pub owner: UserRef,
    /// The operator's staff member leading the work, once assigned.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub staff_lead: Option<UserRef>,
    /// When the customer would like it live.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date_option"))]
    pub target_go_live_date: Option<NaiveDate>,
    /// Tasks the viewer can see.
    pub task_count: u64,
    /// Of those, the ones done.
    pub done_task_count: u64,
    /// When it was requested.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub updated_at: DateTime<Utc>,
    /// When its status last changed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub status_changed_at: DateTime<Utc>,
}

/// An automation as the operator's staff see it in the cross-organization list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AdminAutomation {
    /// The automation.
    pub automation: Automation,
    /// Its organization.
    pub organization: OrganizationSummary,
}

/// `POST /api/dashboard/automations`: a customer requests an automation (they become its owner).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateAutomationRequest {
    /// Name (1 to 200 characters).
    pub name: String,
    /// What it should do (at most 10,000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When they would like it live (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_go_live_date: Option<NaiveDate>,
}

/// `PATCH /api/dashboard/automations/{id}`: fields to change; absent fields stay as they are.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateAutomationRequest {
    /// Name (1 to 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// What it should do (at most 10,000 characters; blank clears it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// When they would like it live; `null` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub target_go_live_date: Option<Option<NaiveDate>>,
    /// A new owner: an OWNER or MEMBER of the organization (not a VENDOR).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
}

/// `POST …/automations/{id}/status`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct ChangeAutomationStatusRequest {
    /// The status to move to (see the rules of the module: a move not allowed answers 409
    /// `invalid_transition`).
    pub status: AutomationStatus,
}

/// `PUT /api/admin/automations/{id}/lead`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetStaffLeadRequest {
    /// A STAFF or ADMIN user (else 422 `not_staff`); `null` removes the lead.
    #[serde(default)]
    pub user_id: Option<Uuid>,
}

/// One entry of an automation's timeline: a status change (the first entry is its request).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StatusChange {
    /// Entry id.
    pub id: Uuid,
    /// The status before (absent on the first entry, when it was requested).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<AutomationStatus>,
    /// The status after.
    pub to: AutomationStatus,
    /// Who changed it (absent when the account is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub by: Option<UserRef>,
    /// When.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub at: DateTime<Utc>,
}

crate::string_enum! {
    /// Sort orders of the automation lists.
    #[derive(Default)]
    pub enum AutomationSort {
        /// Most recently changed first (the default).
        #[default]
        UpdatedDesc = "-updated_at",
        /// Least recently changed first.
        UpdatedAsc = "updated_at",
        /// Newest first.
        NewestFirst = "-created_at",
        /// Oldest first.
        OldestFirst = "created_at",
        /// By name, A to Z.
        NameAsc = "name",
        /// By name, Z to A.
        NameDesc = "-name",
    }
}

/// Filters of `GET /api/dashboard/automations` (besides `sort`, `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AutomationsFilter {
    /// Case-insensitive text to find in the name or description (at most 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only this status. Without it, archived automations are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AutomationStatus>,
    /// Only automations this member owns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<Uuid>,
}

/// Filters of `GET /api/admin/automations` (besides `sort`, `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct AdminAutomationsFilter {
    /// Case-insensitive text to find in the name or description (at most 100 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub q: Option<String>,
    /// Only this status. Without it, archived automations are left out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<AutomationStatus>,
    /// Only this organization's automations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub org_id: Option<Uuid>,
    /// Only automations this staff member leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lead_id: Option<Uuid>,
    /// `true`: only automations without a staff lead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unassigned: Option<bool>,
}

crate::string_enum! {
    /// Where a task stands (a column of the board).
    pub enum TaskStatus {
        /// Not started.
        Todo = "todo",
        /// Being worked on.
        InProgress = "in_progress",
        /// Waiting on something.
        Blocked = "blocked",
        /// Finished.
        Done = "done",
    }
}

crate::string_enum! {
    /// How urgent a task is.
    pub enum TaskPriority {
        /// Whenever.
        Low = "low",
        /// The default.
        Normal = "normal",
        /// Soon.
        High = "high",
        /// Now.
        Urgent = "urgent",
    }
}

/// A task of an automation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Task {
    /// Task id.
    pub id: Uuid,
    /// The automation it belongs to.
    pub automation_id: Uuid,
    /// Title.
    pub title: String,
    /// Details (plain text; may be empty).
    pub description: String,
    /// Where it stands (its board column).
    pub status: TaskStatus,
    /// How urgent it is.
    pub priority: TaskPriority,
    /// Who works on it: a member, a vendor of the organization, or staff.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee: Option<UserRef>,
    /// When it is due.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::date_option"))]
    pub due_date: Option<NaiveDate>,
    /// Its place on the board: tasks are listed by `position` ascending, each column (status)
    /// being the tasks of that status in that order. Change it with `…/tasks/{task_id}/move`.
    pub position: i64,
    /// When it was finished, while it is done.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub completed_at: Option<DateTime<Utc>>,
    /// When it was created.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last changed.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub updated_at: DateTime<Utc>,
}

/// A short view of an automation, beside a task in "my tasks".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AutomationRef {
    /// Automation id.
    pub id: Uuid,
    /// Name.
    pub name: String,
    /// Where it stands.
    pub status: AutomationStatus,
}

/// An item of `GET /api/dashboard/my-tasks`: a task assigned to the caller and its automation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct MyTask {
    /// The task.
    pub task: Task,
    /// Its automation.
    pub automation: AutomationRef,
}

/// `POST …/automations/{id}/tasks`.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct CreateTaskRequest {
    /// Title (1 to 200 characters).
    pub title: String,
    /// Details (at most 10,000 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Its column (`todo` when absent); it goes to the end of it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    /// How urgent (`normal` when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<TaskPriority>,
    /// Who works on it: a member of the organization, one of its vendors, or a STAFF or ADMIN
    /// user (else 422 `not_assignable`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Uuid>,
    /// When it is due (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due_date: Option<NaiveDate>,
}

/// `PATCH …/tasks/{task_id}`: fields to change; absent fields stay as they are. A VENDOR may
/// change only `status`, of tasks assigned to them.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct UpdateTaskRequest {
    /// Title (1 to 200 characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Details (at most 10,000 characters; blank clears them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// A new column (the task goes to its end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    /// How urgent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<TaskPriority>,
    /// Who works on it (as for creating); `null` unassigns.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<Uuid>))]
    pub assignee_id: Option<Option<Uuid>>,
    /// When it is due; `null` clears it.
    #[serde(default, skip_serializing_if = "Option::is_none", deserialize_with = "nullable")]
    #[cfg_attr(feature = "openapi", schema(value_type = Option<NaiveDate>))]
    pub due_date: Option<Option<NaiveDate>>,
}

/// `POST …/tasks/{task_id}/move`: a drop on the board. The task takes `status` and goes just
/// before `before_id` (a task of the same automation in that column), or to the end of the
/// column without it.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MoveTaskRequest {
    /// The column it was dropped in.
    pub status: TaskStatus,
    /// The task it was dropped before (same automation, that column); absent: the end.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_id: Option<Uuid>,
}

crate::string_enum! {
    /// Sort orders of task lists.
    #[derive(Default)]
    pub enum TaskSort {
        /// By board position (the default).
        #[default]
        Position = "position",
        /// Newest first.
        NewestFirst = "-created_at",
        /// Oldest first.
        OldestFirst = "created_at",
        /// Most recently changed first.
        UpdatedDesc = "-updated_at",
    }
}

/// Filters of the task lists (besides `sort`, `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct TasksFilter {
    /// Only this column.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
    /// Only tasks assigned to this user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assignee_id: Option<Uuid>,
}

/// Filters of `GET /api/dashboard/my-tasks` (besides `sort`, `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct MyTasksFilter {
    /// Only this status. Without it, every status.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<TaskStatus>,
}

/// A message of an automation's thread, or a comment of a task's thread.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Message {
    /// Message id.
    pub id: Uuid,
    /// The text (plain, with line breaks); absent once deleted (show "message deleted").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<String>,
    /// Who wrote it (absent when the account is gone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<UserRef>,
    /// Whether the operator's staff wrote it.
    pub from_staff: bool,
    /// When it was posted.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
    /// When it was last edited.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub edited_at: Option<DateTime<Utc>>,
    /// When it was deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub deleted_at: Option<DateTime<Utc>>,
}

/// `POST` a message or comment, or `PATCH` one's text.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct MessageRequest {
    /// The text: 1 to 10,000 characters, line breaks allowed.
    pub body: String,
}

crate::string_enum! {
    /// Sort orders of message and comment threads.
    #[derive(Default)]
    pub enum MessageSort {
        /// Oldest first (the default: read top to bottom).
        #[default]
        OldestFirst = "created_at",
        /// Newest first (load older ones page by page).
        NewestFirst = "-created_at",
    }
}

/// A field that tells "absent" (`None`) from "`null`" (`Some(None)`).
fn nullable<'de, D: Deserializer<'de>, T: Deserialize<'de>>(d: D) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

#[cfg(test)]
mod tests {
    use super::AutomationStatus::*;
    use super::*;

    #[test]
    fn staff_move_along_the_pipeline() {
        let s = StatusSide::Staff;
        assert!(Requested.can_move(Scoping, s, None));
        assert!(!Requested.can_move(Building, s, None));
        assert!(Testing.can_move(Building, s, None));
        assert!(Live.can_move(Paused, s, None));
        assert!(Paused.can_move(Building, s, None));
        assert!(Archived.can_move(Live, s, None));
        assert!(!Live.can_move(Live, s, None));
    }

    #[test]
    fn customers_archive_and_unarchive_only() {
        let c = StatusSide::Customer;
        assert!(Building.can_move(Archived, c, None));
        assert!(!Requested.can_move(Scoping, c, None));
        assert!(Archived.can_move(Building, c, Some(Building)));
        assert!(!Archived.can_move(Live, c, Some(Building)));
        assert_eq!(Archived.moves(c, Some(Testing)), vec![Testing]);
    }

    #[test]
    fn patch_tells_null_from_absent() {
        let r: UpdateTaskRequest = serde_json::from_str(r#"{"due_date":null}"#).unwrap_or_default();
        assert_eq!(r.due_date, Some(None));
        assert_eq!(r.assignee_id, None);
    }
}
