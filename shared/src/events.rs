//! The domain event catalogue: what each area tells the outside world about its state changes
//! (`<resource>.<past participle>`). Events are written to the outbox in the transaction of the
//! change and delivered by outgoing webhooks; their names are their own, not audit action names.
//! Security events (sign-in, sessions, MFA, passwords, API keys) are never emitted.

crate::string_enum! {
    /// Every domain event type.
    pub enum DomainEventType {
        /// An operator suspended an organization; `data` is the organization.
        OrganizationSuspended = "organization.suspended",
        /// An operator reactivated an organization; `data` is the organization.
        OrganizationReactivated = "organization.reactivated",
        /// Someone joined an organization (an accepted invitation); `data` is the member.
        MemberAdded = "member.added",
        /// A member was removed or left; `data` is the member as they were.
        MemberRemoved = "member.removed",
        /// A member's role in the organization changed (ownership transfers included); `data`
        /// is the member.
        MemberRoleChanged = "member.role_changed",
        /// An invitation was accepted; `data` is the invitation.
        InvitationAccepted = "invitation.accepted",
        /// A customer requested an automation; `data` is the automation.
        AutomationCreated = "automation.created",
        /// An automation's status changed; `data` is the automation.
        AutomationStatusChanged = "automation.status_changed",
        /// A task was assigned to someone; `data` is the task.
        TaskAssigned = "task.assigned",
        /// A task was done; `data` is the task.
        TaskCompleted = "task.completed",
        /// A message was posted in an automation's thread; `data` is the message.
        MessagePosted = "message.posted",
        /// A comment was posted on a task; `data` is the comment.
        CommentPosted = "comment.posted",
        /// A file was uploaded; `data` is the file's metadata.
        FileUploaded = "file.uploaded",
        /// A secure document was uploaded; `data` is the document's metadata (never its key).
        DocumentUploaded = "document.uploaded",
    }
}

impl DomainEventType {
    /// The kind of resource the event is about (the part before the dot).
    pub fn resource(self) -> &'static str {
        self.as_str().split_once('.').map_or(self.as_str(), |(r, _)| r)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_resource_dot_past_participle() {
        for t in DomainEventType::ALL {
            let (resource, verb) = t.as_str().split_once('.').unwrap_or_default();
            assert!(!resource.is_empty() && verb.ends_with('d'), "{t}");
            assert_eq!(t.resource(), resource);
        }
    }
}
