//! RFC 9457 problem details with the product's stable, machine-readable error codes.

use serde::{Deserialize, Serialize};

crate::string_enum! {
    /// Stable machine-readable error codes. Clients branch on these, never on messages.
    pub enum ErrorCode {
        /// One or more fields are invalid; see `errors`.
        ValidationFailed = "validation_failed",
        /// The body is not well-formed JSON or does not match the expected shape.
        MalformedRequest = "malformed_request",
        /// The body is not `application/json`.
        UnsupportedMediaType = "unsupported_media_type",
        /// The body is larger than the endpoint accepts.
        PayloadTooLarge = "payload_too_large",
        /// No valid credentials were presented.
        Unauthenticated = "unauthenticated",
        /// Email or password is wrong.
        InvalidCredentials = "invalid_credentials",
        /// The token is malformed, tampered with, expired or not accepted here.
        InvalidToken = "invalid_token",
        /// The refresh token was already used; the session has been revoked.
        RefreshTokenReused = "refresh_token_reused",
        /// The session has ended (signed out, revoked or expired).
        SessionRevoked = "session_revoked",
        /// The user account is disabled.
        AccountDisabled = "account_disabled",
        /// The signed-in user lacks the permission this needs.
        Forbidden = "forbidden",
        /// The organization is suspended.
        OrgSuspended = "org_suspended",
        /// A second factor must be set up first (ADMIN accounts, or the organization requires it).
        MfaEnrollmentRequired = "mfa_enrollment_required",
        /// The authenticator or recovery code is wrong, expired or already used.
        InvalidMfaCode = "invalid_mfa_code",
        /// The account's email address must be confirmed first (inviting people, creating API keys,
        /// receiving billing mail); `POST /api/auth/email/verify/resend` sends a new link.
        EmailUnverified = "email_unverified",
        /// New sign-ups are switched off by the operator (`signup_mode` is `closed`).
        SignupsDisabled = "signups_disabled",
        /// Registration needs a beta invitation (`signup_mode` is `invite_only`).
        InviteRequired = "invite_required",
        /// The resource does not exist (or is not visible to the caller).
        NotFound = "not_found",
        /// The HTTP method is not allowed on this resource.
        MethodNotAllowed = "method_not_allowed",
        /// The email address is already registered.
        EmailTaken = "email_taken",
        /// A feature flag with this key already exists (archived ones included).
        FlagKeyTaken = "flag_key_taken",
        /// The request conflicts with the current state of the resource.
        Conflict = "conflict",
        /// An operator tried to change their own platform role or disable their own account.
        OwnAccount = "own_account",
        /// The change would leave no active ADMIN.
        LastAdmin = "last_admin",
        /// An OWNER of an organization cannot be made a VENDOR.
        OwnerCannotBeVendor = "owner_cannot_be_vendor",
        /// The `Idempotency-Key` was already used with a different request.
        IdempotencyKeyReused = "idempotency_key_reused",
        /// The change would leave the organization without an OWNER.
        LastOwner = "last_owner",
        /// The invited person is already a member of the organization.
        AlreadyMember = "already_member",
        /// A pending invitation for that address exists (resend it instead).
        InvitationPending = "invitation_pending",
        /// No invitation has that token (or the link was replaced by a newer one).
        InvitationInvalid = "invitation_invalid",
        /// The invitation's 7 days are over; ask for a new one.
        InvitationExpired = "invitation_expired",
        /// The invitation was withdrawn.
        InvitationRevoked = "invitation_revoked",
        /// The invitation was already accepted.
        InvitationUsed = "invitation_used",
        /// Signed in as someone other than the invited address.
        InvitationEmailMismatch = "invitation_email_mismatch",
        /// An account has the invited address: sign in to accept.
        InvitationSignInRequired = "invitation_sign_in_required",
        /// Too many requests; retry after the time in `Retry-After`.
        RateLimited = "rate_limited",
        /// An uploaded file is larger than the file size setting (`file_max_size_mib`).
        FileTooLarge = "file_too_large",
        /// An uploaded file's bytes are not of an allowed type (the type is sniffed from the
        /// bytes, never taken from the name or the client's content type).
        UnsupportedFileType = "unsupported_file_type",
        /// The upload would take the organization over its storage quota (`file_org_quota_mib`).
        QuotaExceeded = "quota_exceeded",
        /// The secure document's expiry has passed: it can no longer be downloaded.
        DocumentExpired = "document_expired",
        /// The server failed; the `request_id` identifies it in the logs.
        InternalError = "internal_error",
        /// A dependency (the database) is unavailable.
        ServiceUnavailable = "service_unavailable",
        /// The status change is not allowed from the current status, or not for the caller.
        InvalidTransition = "invalid_transition",
        /// A message or comment can only be edited within 15 minutes of posting it.
        EditWindowClosed = "edit_window_closed",
    }
}

/// One invalid field of a request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct FieldError {
    /// The field's name as sent, e.g. `email`.
    pub field: String,
    /// A stable code for the failed rule, e.g. `too_short`, `invalid_format`, `too_common`.
    pub code: String,
    /// A human-readable explanation.
    pub message: String,
}

impl FieldError {
    /// Builds a field error.
    pub fn new(field: &str, code: &str, message: impl Into<String>) -> Self {
        FieldError { field: field.to_owned(), code: code.to_owned(), message: message.into() }
    }
}

/// An RFC 9457 problem details body (`application/problem+json`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Problem {
    /// A URI reference naming the problem type (`about:blank` or a documentation anchor).
    #[serde(rename = "type")]
    pub problem_type: String,
    /// A short summary of the problem type.
    pub title: String,
    /// The HTTP status code.
    pub status: u16,
    /// A human-readable explanation of this occurrence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The stable machine-readable code.
    pub code: ErrorCode,
    /// The request id, as in the `X-Request-Id` header and the server logs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
    /// For `validation_failed`: the invalid fields.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
}
