//! RFC 9457 problem details with the product's stable, machine-readable error codes.

use serde::{Deserialize, Serialize};

/// Stable machine-readable error codes. Clients branch on these, never on messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// One or more fields are invalid; see `errors`.
    ValidationFailed,
    /// The body is not well-formed JSON or does not match the expected shape.
    MalformedRequest,
    /// The body is not `application/json`.
    UnsupportedMediaType,
    /// The body is larger than the endpoint accepts.
    PayloadTooLarge,
    /// No valid credentials were presented.
    Unauthenticated,
    /// Email or password is wrong.
    InvalidCredentials,
    /// The token is malformed, tampered with, expired or not accepted here.
    InvalidToken,
    /// The refresh token was already used; the session has been revoked.
    RefreshTokenReused,
    /// The session has ended (signed out, revoked or expired).
    SessionRevoked,
    /// The user account is disabled.
    AccountDisabled,
    /// The signed-in user lacks the permission this needs.
    Forbidden,
    /// The organization is suspended.
    OrgSuspended,
    /// A second factor must be set up first (ADMIN accounts, or the organization requires it).
    MfaEnrollmentRequired,
    /// The authenticator or recovery code is wrong, expired or already used.
    InvalidMfaCode,
    /// New sign-ups are switched off by the operator.
    SignupsDisabled,
    /// The resource does not exist (or is not visible to the caller).
    NotFound,
    /// The HTTP method is not allowed on this resource.
    MethodNotAllowed,
    /// The email address is already registered.
    EmailTaken,
    /// The request conflicts with the current state of the resource.
    Conflict,
    /// Too many requests; retry after the time in `Retry-After`.
    RateLimited,
    /// The server failed; the `request_id` identifies it in the logs.
    InternalError,
    /// A dependency (the database) is unavailable.
    ServiceUnavailable,
}

impl ErrorCode {
    /// The wire name of the code.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::ValidationFailed => "validation_failed",
            ErrorCode::MalformedRequest => "malformed_request",
            ErrorCode::UnsupportedMediaType => "unsupported_media_type",
            ErrorCode::PayloadTooLarge => "payload_too_large",
            ErrorCode::Unauthenticated => "unauthenticated",
            ErrorCode::InvalidCredentials => "invalid_credentials",
            ErrorCode::InvalidToken => "invalid_token",
            ErrorCode::RefreshTokenReused => "refresh_token_reused",
            ErrorCode::SessionRevoked => "session_revoked",
            ErrorCode::AccountDisabled => "account_disabled",
            ErrorCode::Forbidden => "forbidden",
            ErrorCode::OrgSuspended => "org_suspended",
            ErrorCode::MfaEnrollmentRequired => "mfa_enrollment_required",
            ErrorCode::InvalidMfaCode => "invalid_mfa_code",
            ErrorCode::SignupsDisabled => "signups_disabled",
            ErrorCode::NotFound => "not_found",
            ErrorCode::MethodNotAllowed => "method_not_allowed",
            ErrorCode::EmailTaken => "email_taken",
            ErrorCode::Conflict => "conflict",
            ErrorCode::RateLimited => "rate_limited",
            ErrorCode::InternalError => "internal_error",
            ErrorCode::ServiceUnavailable => "service_unavailable",
        }
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
