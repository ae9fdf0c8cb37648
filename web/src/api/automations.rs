//! Automations with their timeline, tasks, messages and comments: the client portal's
//! (`/api/dashboard/…`) and the staff's (`/api/admin/…`), which share their paths below the base.

use gloo_net::http::Method;
use shared::dto::automations::{
    AdminAutomation, AdminAutomationsFilter, Automation, AutomationSort, AutomationStatus, AutomationsFilter,
    ChangeAutomationStatusRequest, CreateAutomationRequest, CreateTaskRequest, Message, MessageRequest,
    MoveTaskRequest, MyTask, SetStaffLeadRequest, StatusChange, Task, TaskStatus, UpdateAutomationRequest,
    UpdateTaskRequest,
};
use shared::dto::common::Page;
use uuid::Uuid;

use super::{ApiResult, Get, PAGE_SIZE, paged};
use crate::state::session::Session;

/// The tasks of one automation a board shows at once.
pub const BOARD_SIZE: u32 = 100;

/// Whose API a page calls: the client portal's or the staff's.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    /// `/api/dashboard` (the active organization).
    Client,
    /// `/api/admin` (every organization).
    Staff,
}

impl Side {
    fn base(self) -> &'static str {
        match self {
            Side::Client => "/api/dashboard",
            Side::Staff => "/api/admin",
        }
    }

    /// The web app path of an automation's page in this side's portal.
    pub fn page(self, id: Uuid) -> String {
        match self {
            Side::Client => format!("/dashboard/automations/{id}"),
            Side::Staff => format!("/admin/automations/{id}"),
        }
    }

    fn automation(self, id: Uuid) -> String {
        format!("{}/automations/{id}", self.base())
    }
}

/// `GET /api/dashboard/automations`.
pub fn automations(filter: &AutomationsFilter, sort: AutomationSort, cursor: Option<&str>) -> Get<Page<Automation>> {
    let owner = filter.owner_id.map(|o| o.to_string());
    let params = [
        ("q", filter.q.as_deref()),
        ("status", filter.status.map(AutomationStatus::as_str)),
        ("owner_id", owner.as_deref()),
        ("sort", Some(sort.as_str())),
    ];
    Get::new(paged("/api/dashboard/automations", PAGE_SIZE, &params, cursor))
}

/// `GET /api/admin/automations`.
pub fn admin_automations(
    filter: &AdminAutomationsFilter,
    sort: AutomationSort,
    cursor: Option<&str>,
) -> Get<Page<AdminAutomation>> {
    let (org, lead) = (filter.org_id.map(|o| o.to_string()), filter.lead_id.map(|o| o.to_string()));
    let params = [
        ("q", filter.q.as_deref()),
        ("status", filter.status.map(AutomationStatus::as_str)),
        ("org_id", org.as_deref()),
        ("lead_id", lead.as_deref()),
        ("unassigned", filter.unassigned.map(|u| if u { "true" } else { "false" })),
        ("sort", Some(sort.as_str())),
    ];
    Get::new(paged("/api/admin/automations", PAGE_SIZE, &params, cursor))
}

/// `GET /api/dashboard/automations/{id}`.
pub fn automation(id: Uuid) -> Get<Automation> {
    Get::new(Side::Client.automation(id))
}

/// `GET /api/admin/automations/{id}`.
pub fn admin_automation(id: Uuid) -> Get<AdminAutomation> {
    Get::new(Side::Staff.automation(id))
}

/// `GET …/automations/{id}/timeline`: its status changes, newest first.
pub fn timeline(side: Side, id: Uuid, cursor: Option<&str>) -> Get<Page<StatusChange>> {
    Get::new(paged(&format!("{}/timeline", side.automation(id)), PAGE_SIZE, &[], cursor))
}

/// `GET …/automations/{id}/tasks`: the board's tasks, in their order.
pub fn tasks(side: Side, id: Uuid) -> Get<Page<Task>> {
    Get::new(paged(&format!("{}/tasks", side.automation(id)), BOARD_SIZE, &[("sort", Some("position"))], None))
}

/// `GET …/automations/{id}/tasks/{task_id}`.
pub fn task(side: Side, id: Uuid, task: Uuid) -> Get<Task> {
    Get::new(format!("{}/tasks/{task}", side.automation(id)))
}

/// `GET /api/dashboard/my-tasks`.
pub fn my_tasks(status: Option<TaskStatus>, cursor: Option<&str>) -> Get<Page<MyTask>> {
    Get::new(paged("/api/dashboard/my-tasks", PAGE_SIZE, &[("status", status.map(TaskStatus::as_str))], cursor))
}

/// A thread: an automation's messages, or a task's comments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadOf {
    /// The automation's messages (customer ↔ staff).
    Automation(Uuid),
    /// A task's comments.
    Task(Uuid, Uuid),
}

impl ThreadOf {
    fn path(self, side: Side) -> String {
        match self {
            ThreadOf::Automation(id) => format!("{}/messages", side.automation(id)),
            ThreadOf::Task(id, task) => format!("{}/tasks/{task}/comments", side.automation(id)),
        }
    }

    /// One page of the thread.
    pub fn page(self, side: Side, cursor: Option<&str>) -> Get<Page<Message>> {
        Get::new(paged(&self.path(side), PAGE_SIZE, &[], cursor))
    }
}

impl Session {
    /// `POST /api/dashboard/automations`.
    pub async fn request_automation(&self, body: &CreateAutomationRequest) -> ApiResult<Automation> {
        self.call(Method::POST, "/api/dashboard/automations", Some(body)).await
    }

    /// `PATCH /api/dashboard/automations/{id}`.
    pub async fn update_automation(&self, id: Uuid, body: &UpdateAutomationRequest) -> ApiResult<Automation> {
        self.call(Method::PATCH, &Side::Client.automation(id), Some(body)).await
    }

    /// `POST …/automations/{id}/status` (the answer is the automation; staff get its
    /// organization too, which a page reloads anyway).
    pub async fn change_automation_status(&self, side: Side, id: Uuid, status: AutomationStatus) -> ApiResult<()> {
        let body = ChangeAutomationStatusRequest { status };
        self.call_empty(Method::POST, &format!("{}/status", side.automation(id)), Some(&body)).await
    }

    /// `PUT /api/admin/automations/{id}/lead`.
    pub async fn set_staff_lead(&self, id: Uuid, user_id: Option<Uuid>) -> ApiResult<AdminAutomation> {
        let body = SetStaffLeadRequest { user_id };
        self.call(Method::PUT, &format!("{}/lead", Side::Staff.automation(id)), Some(&body)).await
    }

    /// `POST …/automations/{id}/tasks`.
    pub async fn create_task(&self, side: Side, id: Uuid, body: &CreateTaskRequest) -> ApiResult<Task> {
        self.call(Method::POST, &format!("{}/tasks", side.automation(id)), Some(body)).await
    }

    /// `PATCH …/automations/{id}/tasks/{task_id}`.
    pub async fn update_task(&self, side: Side, id: Uuid, task: Uuid, body: &UpdateTaskRequest) -> ApiResult<Task> {
        self.call(Method::PATCH, &format!("{}/tasks/{task}", side.automation(id)), Some(body)).await
    }

    /// `POST …/automations/{id}/tasks/{task_id}/move`: to a column, before a task or last.
    pub async fn move_task(&self, side: Side, id: Uuid, task: Uuid, body: &MoveTaskRequest) -> ApiResult<Task> {
        self.call(Method::POST, &format!("{}/tasks/{task}/move", side.automation(id)), Some(body)).await
    }

    /// Posts to a thread.
    pub async fn post_to_thread(&self, side: Side, thread: ThreadOf, body: String) -> ApiResult<Message> {
        self.call(Method::POST, &thread.path(side), Some(&MessageRequest { body })).await
    }

    /// Edits one's own post (within its edit window).
    pub async fn edit_post(&self, side: Side, thread: ThreadOf, post: Uuid, body: String) -> ApiResult<Message> {
        let path = format!("{}/{post}", thread.path(side));
        self.call(Method::PATCH, &path, Some(&MessageRequest { body })).await
    }

    /// Deletes one's own post (it leaves "deleted" in the thread).
    pub async fn delete_post(&self, side: Side, thread: ThreadOf, post: Uuid) -> ApiResult<()> {
        self.call_empty(Method::DELETE, &format!("{}/{post}", thread.path(side)), None::<&()>).await
    }
}
