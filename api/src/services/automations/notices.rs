//! The automations notice: new posts in a thread the recipient takes part in, batched (one email
//! per person per thread per 10 minutes). It renders what is new when it is sent, so a post
//! deleted in the meantime is not mailed.

use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QueryOrder};
use serde::{Deserialize, Serialize};
use shared::Role;
use uuid::Uuid;

use super::requests::people;
use crate::entities::auth::user;
use crate::entities::automations::{automation, message, task};
use crate::notices::{Addressee, Render, Rendered};
use crate::state::AppState;

/// Most posts quoted in one email.
const MAX_QUOTED: usize = 20;
/// Longest quote of one post, in characters.
const MAX_QUOTE_CHARS: usize = 500;

/// New posts in an automation's message thread (`task_id` empty) or a task's comments.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ThreadNotice {
    /// The automation.
    pub automation_id: Uuid,
    /// The task, for comments.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<Uuid>,
    /// Posts from this time on are new.
    pub since: chrono::DateTime<chrono::Utc>,
}

impl Render for ThreadNotice {
    async fn render(&self, state: &AppState, to: &Addressee) -> anyhow::Result<Option<Rendered>> {
        let db = &state.db;
        let Some(user_id) = to.user_id else { return Ok(None) };
        let Some(u) = user::Entity::find_by_id(user_id).one(db).await? else { return Ok(None) };
        let Some(a) = automation::Entity::find_by_id(self.automation_id).one(db).await? else { return Ok(None) };
        let task = match self.task_id {
            None => None,
            Some(id) => match task::Entity::find_by_id(id).one(db).await? {
                Some(t) => Some(t),
                None => return Ok(None),
            },
        };
        // The vendor rule, as it stands now.
        if u.role() == Role::Vendor && task.as_ref().is_none_or(|t| t.assignee_id != Some(u.id)) {
            return Ok(None);
        }
        let mut query = message::Entity::find()
            .filter(message::Column::AutomationId.eq(a.id))
            .filter(message::Column::CreatedAt.gte(self.since))
            .filter(message::Column::DeletedAt.is_null())
            .filter(message::Column::AuthorId.ne(u.id));
        query = match self.task_id {
            None => query.filter(message::Column::TaskId.is_null()),
            Some(id) => query.filter(message::Column::TaskId.eq(id)),
        };
        let posts = query.order_by_asc(message::Column::Id).all(db).await?;
        if posts.is_empty() {
            return Ok(None);
        }
        let authors = people(db, posts.iter().filter_map(|m| m.author_id)).await?;
        let mut text = String::new();
        for m in posts.iter().take(MAX_QUOTED) {
            let name = m.author_id.and_then(|id| authors.get(&id)).map_or("Someone", |p| p.name.as_str());
            let body: String = m.body.as_deref().unwrap_or_default().chars().take(MAX_QUOTE_CHARS).collect();
            text.push_str(&format!("{name} wrote:\n{body}\n\n"));
        }
        if posts.len() > MAX_QUOTED {
            text.push_str(&format!("… and {} more.\n\n", posts.len() - MAX_QUOTED));
        }
        let path = shared::links::automation_path(u.role(), a.id);
        text.push_str(&format!("Open it: {}", shared::links::link(&state.config.public_url, &path, &[])));
        let subject = match &task {
            None => format!("New messages on {}", a.name),
            Some(t) => format!("New comments on {} ({})", t.title, a.name),
        };
        Ok(Some(Rendered { subject, text }))
    }
}

/// A task was assigned to the recipient.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskAssignedNotice {
    /// The task.
    pub task_id: Uuid,
    /// Who it was assigned to (nothing is sent once it is someone else's).
    pub assignee_id: Uuid,
}

impl Render for TaskAssignedNotice {
    async fn render(&self, state: &AppState, to: &Addressee) -> anyhow::Result<Option<Rendered>> {
        let db = &state.db;
        let Some(t) = task::Entity::find_by_id(self.task_id).one(db).await? else { return Ok(None) };
        if t.assignee_id != Some(self.assignee_id) || to.user_id != Some(self.assignee_id) {
            return Ok(None);
        }
        let Some(a) = automation::Entity::find_by_id(t.automation_id).one(db).await? else { return Ok(None) };
        let Some(u) = user::Entity::find_by_id(self.assignee_id).one(db).await? else { return Ok(None) };
        let path = shared::links::automation_path(u.role(), a.id);
        let due = t.due_date.map(|d| format!("\nDue: {d}")).unwrap_or_default();
        let text = format!(
            "You were assigned a task of {}:\n\n  {}{due}\n\nOpen it: {}",
            a.name,
            t.title,
            shared::links::link(&state.config.public_url, &path, &[])
        );
        Ok(Some(Rendered { subject: format!("Task assigned to you: {}", t.title), text }))
    }
}
