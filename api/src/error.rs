//! The one error type of the API, rendered as RFC 9457 problem+json with a stable `code`.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use shared::{ErrorCode, FieldError, Problem};

use crate::telemetry::current_request_id;

/// Everything a handler, extractor or service can fail with. The message a client sees is
/// fixed per variant; internal causes are logged, never sent.
#[derive(Debug, thiserror::Error)]
pub enum ApiError {
    /// Input failed validation; lists the fields.
    #[error("validation failed")]
    Validation(Vec<FieldError>),
    /// The request could not be read (bad JSON, wrong shape); the detail is safe to show.
    #[error("malformed request: {0}")]
    Malformed(String),
    /// The body is not JSON.
    #[error("unsupported media type")]
    UnsupportedMediaType,
    /// The body is too large.
    #[error("payload too large")]
    PayloadTooLarge,
    /// No credentials, or credentials of the wrong kind.
    #[error("unauthenticated")]
    Unauthenticated,
    /// Wrong email or password.
    #[error("invalid credentials")]
    InvalidCredentials,
    /// A token that does not verify.
    #[error("invalid token")]
    InvalidToken,
    /// A refresh token presented again after rotation.
    #[error("refresh token reused")]
    RefreshTokenReused,
    /// The session has ended.
    #[error("session revoked")]
    SessionRevoked,
    /// The account is disabled.
    #[error("account disabled")]
    AccountDisabled,
    /// Authenticated but not allowed.
    #[error("forbidden")]
    Forbidden,
    /// The active organization is suspended.
    #[error("organization suspended")]
    OrgSuspended,
    /// A second factor must be set up first.
    #[error("mfa enrollment required")]
    MfaEnrollmentRequired,
    /// The caller's email address is not confirmed yet.
    #[error("email unverified")]
    EmailUnverified,
    /// A wrong, expired or reused second-factor code.
    #[error("invalid mfa code")]
    InvalidMfaCode,
    /// Too many failed attempts; try again after this many seconds.
    #[error("rate limited")]
    RateLimited {
        /// Seconds until the next attempt is accepted.
        retry_after_secs: u64,
    },
    /// An API key has used its requests for now.
    #[error("API key rate limited")]
    KeyRateLimited {
        /// Seconds until the key's next request is accepted.
        retry_after_secs: u64,
    },
    /// Sign-ups are switched off.
    #[error("signups disabled")]
    SignupsDisabled,
    /// Sign-ups need an invitation.
    #[error("invite required")]
    InviteRequired,
    /// Nothing there (or nothing the caller may know of).
    #[error("not found")]
    NotFound,
    /// Wrong HTTP method; `allow` lists the methods the path takes (the `Allow` header).
    #[error("method not allowed")]
    MethodNotAllowed {
        /// Comma-separated methods, e.g. `GET, POST`.
        allow: String,
    },
    /// The email is already registered.
    #[error("email taken")]
    EmailTaken,
    /// A feature flag with that key exists.
    #[error("flag key taken")]
    FlagKeyTaken,
    /// The request conflicts with the current state.
    #[error("conflict: {0}")]
    Conflict(String),
    /// An operator acting on their own role or account status.
    #[error("own account")]
    OwnAccount,
    /// The change would leave no active ADMIN.
    #[error("last admin")]
    LastAdmin,
    /// An organization's OWNER cannot become a VENDOR.
    #[error("owner cannot be vendor")]
    OwnerCannotBeVendor,
    /// An `Idempotency-Key` sent again with a different request.
    #[error("idempotency key reused")]
    IdempotencyKeyReused,
    /// The change would leave an organization without an OWNER.
    #[error("last owner")]
    LastOwner,
    /// The invited person already belongs to the organization.
    #[error("already a member")]
    AlreadyMember,
    /// A live invitation for that address exists.
    #[error("invitation pending")]
    InvitationPending,
    /// No invitation has that token.
    #[error("invitation invalid")]
    InvitationInvalid,
    /// The invitation's time is over.
    #[error("invitation expired")]
    InvitationExpired,
    /// The invitation was withdrawn.
    #[error("invitation revoked")]
    InvitationRevoked,
    /// The invitation was already accepted.
    #[error("invitation used")]
    InvitationUsed,
    /// Signed in as someone other than the invitee.
    #[error("invitation email mismatch")]
    InvitationEmailMismatch,
    /// The invitee has an account and must sign in to accept.
    #[error("invitation sign-in required")]
    InvitationSignInRequired,
    /// A status change not allowed from the current status (or not for the caller).
    #[error("invalid transition")]
    InvalidTransition,
    /// A message or comment past its edit window.
    #[error("edit window closed")]
    EditWindowClosed,
    /// An uploaded file is over the size setting.
    #[error("file too large")]
    FileTooLarge {
        /// The limit, in bytes.
        max_bytes: u64,
    },
    /// An uploaded file's bytes are not of an allowed type.
    #[error("unsupported file type")]
    UnsupportedFileType,
    /// The upload would take the organization over its storage quota.
    #[error("quota exceeded")]
    QuotaExceeded,
    /// A secure document past its expiry.
    #[error("document expired")]
    DocumentExpired,
    /// The database is unreachable.
    #[error("service unavailable")]
    Unavailable,
    /// Anything else: logged with its cause, answered as a bare 500.
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl ApiError {
    /// A validation error on one field.
    pub fn field(field: &str, code: &str, message: impl Into<String>) -> ApiError {
        ApiError::Validation(vec![FieldError::new(field, code, message)])
    }

    /// The stable code of this error.
    pub fn code(&self) -> ErrorCode {
        match self {
            ApiError::Validation(_) => ErrorCode::ValidationFailed,
            ApiError::Malformed(_) => ErrorCode::MalformedRequest,
            ApiError::UnsupportedMediaType => ErrorCode::UnsupportedMediaType,
            ApiError::PayloadTooLarge => ErrorCode::PayloadTooLarge,
            ApiError::Unauthenticated => ErrorCode::Unauthenticated,
            ApiError::InvalidCredentials => ErrorCode::InvalidCredentials,
            ApiError::InvalidToken => ErrorCode::InvalidToken,
            ApiError::RefreshTokenReused => ErrorCode::RefreshTokenReused,
            ApiError::SessionRevoked => ErrorCode::SessionRevoked,
            ApiError::AccountDisabled => ErrorCode::AccountDisabled,
            ApiError::Forbidden => ErrorCode::Forbidden,
            ApiError::OrgSuspended => ErrorCode::OrgSuspended,
            ApiError::MfaEnrollmentRequired => ErrorCode::MfaEnrollmentRequired,
            ApiError::InvalidMfaCode => ErrorCode::InvalidMfaCode,
            ApiError::EmailUnverified => ErrorCode::EmailUnverified,
            ApiError::RateLimited { .. } | ApiError::KeyRateLimited { .. } => ErrorCode::RateLimited,
            ApiError::SignupsDisabled => ErrorCode::SignupsDisabled,
            ApiError::InviteRequired => ErrorCode::InviteRequired,
            ApiError::NotFound => ErrorCode::NotFound,
            ApiError::MethodNotAllowed { .. } => ErrorCode::MethodNotAllowed,
            ApiError::EmailTaken => ErrorCode::EmailTaken,
            ApiError::FlagKeyTaken => ErrorCode::FlagKeyTaken,
            ApiError::Conflict(_) => ErrorCode::Conflict,
            ApiError::OwnAccount => ErrorCode::OwnAccount,
            ApiError::LastAdmin => ErrorCode::LastAdmin,
            ApiError::OwnerCannotBeVendor => ErrorCode::OwnerCannotBeVendor,
            ApiError::IdempotencyKeyReused => ErrorCode::IdempotencyKeyReused,
            ApiError::LastOwner => ErrorCode::LastOwner,
            ApiError::AlreadyMember => ErrorCode::AlreadyMember,
            ApiError::InvitationPending => ErrorCode::InvitationPending,
            ApiError::InvitationInvalid => ErrorCode::InvitationInvalid,
            ApiError::InvitationExpired => ErrorCode::InvitationExpired,
            ApiError::InvitationRevoked => ErrorCode::InvitationRevoked,
            ApiError::InvitationUsed => ErrorCode::InvitationUsed,
            ApiError::InvitationEmailMismatch => ErrorCode::InvitationEmailMismatch,
            ApiError::InvitationSignInRequired => ErrorCode::InvitationSignInRequired,
            ApiError::InvalidTransition => ErrorCode::InvalidTransition,
            ApiError::EditWindowClosed => ErrorCode::EditWindowClosed,
            ApiError::FileTooLarge { .. } => ErrorCode::FileTooLarge,
            ApiError::UnsupportedFileType => ErrorCode::UnsupportedFileType,
            ApiError::QuotaExceeded => ErrorCode::QuotaExceeded,
            ApiError::DocumentExpired => ErrorCode::DocumentExpired,
            ApiError::Unavailable => ErrorCode::ServiceUnavailable,
            ApiError::Internal(_) => ErrorCode::InternalError,
        }
    }

    fn title_and_detail(&self) -> (&'static str, Option<String>) {
        match self {
            ApiError::Validation(_) => ("Validation failed", Some("One or more fields are invalid.".into())),
            ApiError::Malformed(d) => ("Malformed request", Some(d.clone())),
            ApiError::UnsupportedMediaType => {
                ("Unsupported media type", Some("Send the body as application/json.".into()))
            }
            ApiError::PayloadTooLarge => ("Payload too large", Some("The request body is too large.".into())),
            ApiError::Unauthenticated => ("Unauthenticated", Some("Sign in to continue.".into())),
            ApiError::InvalidCredentials => ("Invalid credentials", Some("The email or password is incorrect.".into())),
            ApiError::InvalidToken => ("Invalid token", Some("The token is invalid or has expired.".into())),
            ApiError::RefreshTokenReused => (
                "Refresh token reused",
                Some("This refresh token was already used; the session has been ended for safety.".into()),
            ),
            ApiError::SessionRevoked => ("Session ended", Some("This session has ended; sign in again.".into())),
            ApiError::AccountDisabled => ("Account disabled", Some("This account is disabled.".into())),
            ApiError::Forbidden => ("Forbidden", Some("You do not have permission to do this.".into())),
            ApiError::OrgSuspended => ("Organization suspended", Some("This organization is suspended.".into())),
            ApiError::MfaEnrollmentRequired => (
                "Two-factor authentication required",
                Some("Set up two-factor authentication for your account to continue.".into()),
            ),
            ApiError::EmailUnverified => (
                "Email not confirmed",
                Some("Confirm your email address first: use the link we sent, or ask for a new one.".into()),
            ),
            ApiError::InvalidMfaCode => ("Invalid code", Some("The code is wrong, expired or already used.".into())),
            ApiError::RateLimited { retry_after_secs } => (
                "Too many attempts",
                Some(format!("Too many failed attempts. Try again in {retry_after_secs} seconds.")),
            ),
            ApiError::KeyRateLimited { retry_after_secs } => (
                "Too many requests",
                Some(format!(
                    "This API key has used its requests for now (see the RateLimit-* headers). Try again in {retry_after_secs} seconds."
                )),
            ),
            ApiError::SignupsDisabled => ("Sign-ups disabled", Some("New sign-ups are currently closed.".into())),
            ApiError::InviteRequired => {
                ("Invitation required", Some("Sign-ups are open to invited people only.".into()))
            }
            ApiError::NotFound => ("Not found", None),
            ApiError::MethodNotAllowed { .. } => ("Method not allowed", None),
            ApiError::EmailTaken => ("Email taken", Some("An account with this email already exists.".into())),
            ApiError::FlagKeyTaken => {
                ("Flag key taken", Some("A feature flag with this key already exists (it may be archived).".into()))
            }
            ApiError::Conflict(d) => ("Conflict", Some(d.clone())),
            ApiError::OwnAccount => (
                "Own account",
                Some("You cannot change your own role or disable your own account; ask another ADMIN.".into()),
            ),
            ApiError::LastAdmin => {
                ("Last ADMIN", Some("This would leave no active ADMIN; make another user ADMIN first.".into()))
            }
            ApiError::OwnerCannotBeVendor => (
                "Owner cannot be a vendor",
                Some("This user owns an organization; transfer its ownership before making them a VENDOR.".into()),
            ),
            ApiError::IdempotencyKeyReused => (
                "Idempotency key reused",
                Some("This Idempotency-Key was already used with a different request; use a new key.".into()),
            ),
            ApiError::LastOwner => (
                "Last OWNER",
                Some(
                    "An organization always has an OWNER: make another member OWNER first (or transfer ownership)."
                        .into(),
                ),
            ),
            ApiError::AlreadyMember => {
                ("Already a member", Some("This person is already a member of the organization.".into()))
            }
            ApiError::InvitationPending => (
                "Invitation pending",
                Some("This address already has a pending invitation; send it again instead.".into()),
            ),
            ApiError::InvitationInvalid => (
                "Invitation not found",
                Some("This invitation link is not valid (a newer email may have replaced it).".into()),
            ),
            ApiError::InvitationExpired => {
                ("Invitation expired", Some("This invitation has expired; ask for a new one.".into()))
            }
            ApiError::InvitationRevoked => ("Invitation revoked", Some("This invitation was withdrawn.".into())),
            ApiError::InvitationUsed => ("Invitation used", Some("This invitation was already accepted.".into())),
            ApiError::InvitationEmailMismatch => (
                "Different account",
                Some("This invitation is for another email address; sign in with that address to accept it.".into()),
            ),
            ApiError::InvitationSignInRequired => (
                "Sign in to accept",
                Some("An account with this email address exists: sign in, then accept the invitation.".into()),
            ),
            ApiError::InvalidTransition => {
                ("Invalid status change", Some("This status change is not allowed from the current status.".into()))
            }
            ApiError::EditWindowClosed => {
                ("Edit window closed", Some("Messages can only be edited within 15 minutes of posting them.".into()))
            }
            ApiError::FileTooLarge { max_bytes } => {
                ("File too large", Some(format!("Files can be at most {} MiB.", max_bytes / (1024 * 1024))))
            }
            ApiError::UnsupportedFileType => (
                "Unsupported file type",
                Some(
                    "This kind of file is not accepted: send an image (PNG, JPEG, GIF, WebP), a PDF, text or CSV, \
                     an office document or a ZIP archive."
                        .into(),
                ),
            ),
            ApiError::QuotaExceeded => (
                "Storage quota exceeded",
                Some("The organization's storage is full: delete files or documents first.".into()),
            ),
            ApiError::DocumentExpired => {
                ("Document expired", Some("This document has expired and can no longer be downloaded.".into()))
            }
            ApiError::Unavailable => ("Service unavailable", Some("Try again shortly.".into())),
            ApiError::Internal(_) => ("Internal server error", Some("Something went wrong on our side.".into())),
        }
    }

    /// Builds the problem body.
    pub fn to_problem(&self) -> Problem {
        let (title, detail) = self.title_and_detail();
        let code = self.code();
        Problem {
            problem_type: "about:blank".into(),
            title: title.into(),
            status: self.status_code().as_u16(),
            detail,
            code,
            request_id: current_request_id(),
            errors: match self {
                ApiError::Validation(f) => f.clone(),
                _ => Vec::new(),
            },
        }
    }
}

impl From<sea_orm::DbErr> for ApiError {
    fn from(e: sea_orm::DbErr) -> Self {
        match e {
            sea_orm::DbErr::RecordNotFound(_) => ApiError::NotFound,
            sea_orm::DbErr::ConnectionAcquire(_) | sea_orm::DbErr::Conn(_) => ApiError::Unavailable,
            other => ApiError::Internal(anyhow::Error::new(other)),
        }
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        match self {
            ApiError::Validation(_) | ApiError::IdempotencyKeyReused => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::Malformed(_) => StatusCode::BAD_REQUEST,
            ApiError::UnsupportedMediaType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::PayloadTooLarge | ApiError::FileTooLarge { .. } => StatusCode::PAYLOAD_TOO_LARGE,
            ApiError::UnsupportedFileType => StatusCode::UNSUPPORTED_MEDIA_TYPE,
            ApiError::DocumentExpired => StatusCode::GONE,
            ApiError::Unauthenticated
            | ApiError::InvalidCredentials
            | ApiError::InvalidToken
            | ApiError::RefreshTokenReused
            | ApiError::SessionRevoked
            | ApiError::InvalidMfaCode => StatusCode::UNAUTHORIZED,
            ApiError::RateLimited { .. } | ApiError::KeyRateLimited { .. } => StatusCode::TOO_MANY_REQUESTS,
            ApiError::AccountDisabled
            | ApiError::Forbidden
            | ApiError::OrgSuspended
            | ApiError::MfaEnrollmentRequired
            | ApiError::EmailUnverified
            | ApiError::SignupsDisabled
            | ApiError::InviteRequired
            | ApiError::InvitationEmailMismatch
            | ApiError::InvitationSignInRequired => StatusCode::FORBIDDEN,
            ApiError::NotFound | ApiError::InvitationInvalid => StatusCode::NOT_FOUND,
            ApiError::InvitationExpired | ApiError::InvitationRevoked => StatusCode::GONE,
            ApiError::MethodNotAllowed { .. } => StatusCode::METHOD_NOT_ALLOWED,
            ApiError::EmailTaken
            | ApiError::FlagKeyTaken
            | ApiError::Conflict(_)
            | ApiError::OwnAccount
            | ApiError::LastAdmin
            | ApiError::OwnerCannotBeVendor
            | ApiError::LastOwner
            | ApiError::AlreadyMember
            | ApiError::InvitationPending
            | ApiError::InvitationUsed => StatusCode::CONFLICT,
            ApiError::InvalidTransition | ApiError::EditWindowClosed => StatusCode::CONFLICT,
            ApiError::QuotaExceeded => StatusCode::CONFLICT,
            ApiError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            ApiError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn error_response(&self) -> HttpResponse {
        match self {
            ApiError::Internal(cause) => tracing::error!(error = ?cause, "internal error"),
            ApiError::Unavailable => tracing::warn!("database unavailable"),
            _ => {}
        }
        let problem = self.to_problem();
        let mut res = HttpResponse::build(self.status_code());
        res.insert_header((header::CONTENT_TYPE, "application/problem+json"));
        if matches!(
            self,
            ApiError::Unauthenticated
                | ApiError::InvalidToken
                | ApiError::SessionRevoked
                | ApiError::RefreshTokenReused
        ) {
            res.insert_header((header::WWW_AUTHENTICATE, "Bearer"));
        }
        if let ApiError::RateLimited { retry_after_secs } | ApiError::KeyRateLimited { retry_after_secs } = self {
            res.insert_header((header::RETRY_AFTER, retry_after_secs.to_string()));
        }
        if let ApiError::MethodNotAllowed { allow } = self {
            res.insert_header((header::ALLOW, allow.as_str()));
        }
        res.body(serde_json::to_vec(&problem).unwrap_or_default())
    }
}

/// The result of handlers and services.
pub type ApiResult<T> = Result<T, ApiError>;
