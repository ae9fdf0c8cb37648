//! Files (uploads attached to automations, tasks, messages…) and the secure document vault.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

crate::string_enum! {
    /// What a file can be attached to.
    pub enum AttachmentKind {
        /// An automation.
        Automation = "automation",
        /// A task of an automation.
        Task = "task",
        /// A message of an automation's thread.
        Message = "message",
        /// A comment of a task's thread.
        Comment = "comment",
        /// A support ticket.
        Ticket = "ticket",
        /// A reply to a support ticket.
        TicketReply = "ticket_reply",
        /// Product feedback.
        Feedback = "feedback",
    }
}

/// What a file is attached to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct AttachedTo {
    /// The kind of thing.
    pub kind: AttachmentKind,
    /// Its id.
    pub id: Uuid,
}

/// A file's metadata. The bytes come from `GET /api/dashboard/files/{id}/download`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FileInfo {
    /// File id.
    pub id: Uuid,
    /// The file name, sanitised (no path, no control characters, at most 255 bytes).
    pub name: String,
    /// Size in bytes.
    pub size: u64,
    /// The content type, sniffed from the bytes.
    pub content_type: String,
    /// SHA-256 of the bytes, lower-case hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: Uuid,
    /// What it is attached to; absent while unattached (unattached files are purged 24 hours
    /// after their upload).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_to: Option<AttachedTo>,
    /// When it was uploaded.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
}

/// Filters of `GET /api/dashboard/files` (newest first; besides `limit` and `cursor`).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::IntoParams))]
#[cfg_attr(feature = "openapi", into_params(parameter_in = Query))]
pub struct FilesFilter {
    /// Only files this user uploaded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uploaded_by: Option<Uuid>,
    /// Only files attached to this kind of thing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_kind: Option<AttachmentKind>,
    /// Only files attached to the thing with this id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub attached_id: Option<Uuid>,
    /// `true`: only files not attached to anything yet; `false`: only attached ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unattached: Option<bool>,
}

/// `GET /api/dashboard/files/usage`: what the organization stores against its quota.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct StorageUsage {
    /// Bytes stored: files and secure documents (at their plaintext size).
    pub used_bytes: u64,
    /// The organization's quota in bytes (`file_org_quota_mib`).
    pub quota_bytes: u64,
    /// The largest file one upload may carry, in bytes (`file_max_size_mib`).
    pub max_file_bytes: u64,
}

/// A secure document's metadata (never its key). The bytes are encrypted at rest and come
/// from `GET /api/dashboard/documents/{id}/download`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Document {
    /// Document id.
    pub id: Uuid,
    /// The file name, sanitised.
    pub name: String,
    /// Size of the plaintext in bytes.
    pub size: u64,
    /// The content type, sniffed from the bytes.
    pub content_type: String,
    /// SHA-256 of the plaintext, lower-case hex.
    pub sha256: String,
    /// Who uploaded it.
    pub uploaded_by: Uuid,
    /// The members (besides the OWNERs) who may read it.
    pub shared_with: Vec<Uuid>,
    /// After this time it can no longer be downloaded (410 `document_expired`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc_option"))]
    pub expires_at: Option<DateTime<Utc>>,
    /// When it was uploaded.
    #[cfg_attr(target_arch = "wasm32", serde(deserialize_with = "crate::time::utc"))]
    pub created_at: DateTime<Utc>,
}

/// `PUT /api/dashboard/documents/{id}/shares`: the members a document is shared with (the
/// whole list; an empty one unshares it from everyone but the OWNERs).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SetDocumentSharesRequest {
    /// Members of the organization (not VENDORs), at most 100.
    pub user_ids: Vec<Uuid>,
}

/// The most members a document can be shared with.
pub const MAX_DOCUMENT_SHARES: usize = 100;
