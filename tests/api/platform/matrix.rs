//! Every role against every endpoint, as a table. The table must name every operation of the
//! committed OpenAPI document, and nothing else: a new route without a row fails this test.

use std::collections::BTreeSet;

use reqwest::Method;
use serde::Serialize;
use serde_json::Value;
use shared::dto::api_keys::CreateApiKeyRequest;
use shared::dto::auth::{
    ChangePasswordRequest, ForgotPasswordRequest, LoginRequest, MfaCodeRequest, MfaDisableRequest, MfaSetupRequest,
    MfaVerifyRequest, RefreshRequest, RegisterRequest, ResetPasswordRequest, UpdateProfileRequest, VerifyEmailRequest,
};
use shared::dto::automations::{
    AutomationStatus, ChangeAutomationStatusRequest, MessageRequest, MoveTaskRequest, SetStaffLeadRequest, TaskStatus,
    UpdateAutomationRequest, UpdateTaskRequest,
};
use shared::dto::files::SetDocumentSharesRequest;
use shared::dto::flags::{SetFlagOverrideRequest, SetFlagPlansRequest, UpdateFeatureFlagRequest};
use shared::dto::organizations::{SuspendOrganizationRequest, UpdateOrganizationRequest};
use shared::dto::settings::UpdateSystemSettingsRequest;
use shared::dto::team::{
    AcceptInvitationRequest, CreateInvitationRequest, InviteeRole, TransferOwnershipRequest, UpdateMemberRequest,
};
use shared::dto::usage::admin::CreateIngestKeyRequest;
use shared::dto::users::ChangeUserRoleRequest;
use shared::{OrgRole, Permission, Role};
use tests::fixtures::api_keys::key_request;
use tests::fixtures::automations::{automation_request, task_request};
use tests::fixtures::files::{Part, file_part, multipart, png_bytes};
use tests::fixtures::flags::flag_request;
use tests::fixtures::unique_email;
use tests::fixtures::usage::{batch, event};
use tests::http::{expect_problem, expect_status};
use tests::{TestApp, db_test};

use super::openapi::{committed_document, documented_operations};

#[derive(Clone, Copy, Debug, PartialEq)]
enum Who {
    Anonymous,
    Admin,
    Staff,
    Owner,
    Member,
    Vendor,
    /// A CLIENT with no membership.
    Outsider,
}

const WHO: [Who; 7] = [Who::Anonymous, Who::Admin, Who::Staff, Who::Owner, Who::Member, Who::Vendor, Who::Outsider];

/// Expected status per caller, in `WHO` order. Paths may name `{org}` (the owner's
/// organization), `{other}` (another organization), `{key}` (an API key of `{org}`), `{user}` (a
/// user with two-factor authentication on), `{flag}` (a feature flag), `{ingest}` (a usage ingest
/// key of `{org}`), `{nobody}` (an id of nothing), `{auto}` (an automation of `{org}`), `{task}`
/// (its task assigned to the VENDOR), `{msg}` and `{cmt}` (the OWNER's message and comment there)
/// and `{amsg}` and `{acmt}` (the ADMIN's).
/// key of `{org}`), `{file}` (a file the owner uploaded), `{document}` (a secure document the
/// owner uploaded) and `{nobody}` (an id of nothing).
struct Row {
    method: Method,
    path: &'static str,
    body: Option<Value>,
    /// A multipart/form-data body instead of JSON (uploads).
    form: Option<Vec<Part>>,
    expect: [u16; 7],
    /// Problem codes other than the usual one for a status (401 `unauthenticated`, …).
    codes: &'static [(u16, &'static str)],
}

impl Row {
    fn codes(mut self, codes: &'static [(u16, &'static str)]) -> Row {
        self.codes = codes;
        self
    }

    fn form(mut self, parts: Vec<Part>) -> Row {
        self.form = Some(parts);
        self
    }

    /// The operation as OpenAPI names it: `METHOD path` with every parameter written `{id}`.
    fn operation(&self) -> String {
        operation_name(&format!("{} {}", self.method, self.path))
    }
}

fn operation_name(op: &str) -> String {
    let op = op.split('?').next().unwrap_or(op);
    op.split('/').map(|seg| if seg.starts_with('{') { "{id}" } else { seg }).collect::<Vec<_>>().join("/")
}

fn body(dto: impl Serialize) -> Option<Value> {
    Some(serde_json::to_value(dto).unwrap_or_else(|e| panic!("a matrix body: {e}")))
}

const NEW_PASSWORD: &str = "A-Brand-New-Passphrase-7";

fn rows() -> Vec<Row> {
    let r = |method: Method, path: &'static str, body: Option<Value>, expect: [u16; 7]| Row {
        method,
        path,
        body,
        form: None,
        expect,
        codes: &[],
    };
    let settings = UpdateSystemSettingsRequest([("signups_enabled".to_owned(), Value::Bool(true))].into());
    let rename = UpdateOrganizationRequest { name: Some("Matrix Org".into()), ..Default::default() };
    let new_key: CreateApiKeyRequest = key_request("Matrix key", &[Permission::OrgRead]);
    let wrong_code = MfaCodeRequest { code: "000000".into() };
    vec![
        //                                                                 anon admin staff owner member vendor outsider
        r(Method::GET, "/api/auth/me", None, [401, 200, 200, 200, 200, 200, 200]),
        r(Method::GET, "/api/auth/sessions", None, [401, 200, 200, 200, 200, 200, 200]),
        r(
            Method::PATCH,
            "/api/auth/me",
            body(UpdateProfileRequest { name: Some("Same".into()) }),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        r(Method::GET, "/api/auth/me/notifications", None, [401, 200, 200, 200, 200, 200, 200]),
        r(
            Method::PUT,
            "/api/auth/me/notifications",
            Some(serde_json::json!({"preferences": [{"category": "product", "enabled": false}]})),
            [401, 200, 200, 200, 200, 200, 200],
        ),
        r(Method::GET, "/api/dashboard/organization", None, [401, 404, 404, 200, 200, 200, 404]),
        r(Method::PATCH, "/api/dashboard/organization", body(rename), [401, 404, 404, 200, 403, 403, 404]),
        r(Method::GET, "/api/dashboard/members", None, [401, 404, 404, 200, 200, 403, 404]),
        r(Method::GET, "/api/dashboard/features", None, [401, 404, 404, 200, 200, 200, 404]),
        r(Method::GET, "/api/dashboard/api-keys", None, [401, 404, 404, 200, 403, 403, 404]),
        r(Method::POST, "/api/dashboard/api-keys", body(new_key), [401, 404, 404, 201, 403, 403, 404]),
        r(Method::DELETE, "/api/dashboard/api-keys/{key}", None, [401, 404, 404, 204, 403, 403, 404]),
        // Team: OWNERs manage members and invitations; `{nobody}` is no member or invitation.
        r(Method::GET, "/api/dashboard/invitations", None, [401, 404, 404, 200, 403, 403, 404]),
        r(
            Method::POST,
            "/api/dashboard/invitations",
            body(CreateInvitationRequest {
                email: unique_email("invitee-{who}"),
                org_role: OrgRole::Member,
                role: InviteeRole::Client,
            }),
            [401, 404, 404, 201, 403, 403, 404],
        ),
        r(Method::POST, "/api/dashboard/invitations/{nobody}/resend", None, [401, 404, 404, 404, 403, 403, 404]),
        r(Method::DELETE, "/api/dashboard/invitations/{nobody}", None, [401, 404, 404, 404, 403, 403, 404]),
        r(
            Method::PATCH,
            "/api/dashboard/members/{nobody}",
            body(UpdateMemberRequest { org_role: OrgRole::Member }),
            [401, 404, 404, 404, 403, 403, 404],
        ),
        r(Method::DELETE, "/api/dashboard/members/{nobody}", None, [401, 404, 404, 404, 403, 403, 404]),
        r(
            Method::POST,
            "/api/dashboard/members/transfer-ownership",
            body(TransferOwnershipRequest { user_id: uuid::Uuid::nil() }),
            [401, 404, 404, 404, 403, 403, 404],
        ),
        r(Method::GET, "/api/dashboard/audit-logs", None, [401, 404, 404, 200, 403, 403, 404]),
        // Files: everyone in the organization uploads and reads; a VENDOR sees only their own.
        r(Method::POST, "/api/dashboard/files", None, [401, 404, 404, 201, 201, 201, 404])
            .form(vec![file_part("matrix.png", &png_bytes(64))]),
        r(Method::GET, "/api/dashboard/files", None, [401, 404, 404, 200, 200, 200, 404]),
        r(Method::GET, "/api/dashboard/files/usage", None, [401, 404, 404, 200, 200, 200, 404]),
        r(Method::GET, "/api/dashboard/files/{file}", None, [401, 404, 404, 200, 200, 404, 404]),
        r(Method::GET, "/api/dashboard/files/{file}/download", None, [401, 404, 404, 200, 200, 404, 404]),
        // The OWNER deletes it first.
        r(Method::DELETE, "/api/dashboard/files/{file}", None, [401, 404, 404, 204, 404, 404, 404]),
        // Secure documents: OWNERs manage them; a member reads only what is shared with them
        // (nothing here); vendors never.
        r(Method::POST, "/api/dashboard/documents", None, [401, 404, 404, 201, 403, 403, 404])
            .form(vec![file_part("matrix.pdf", b"%PDF-1.7\n%matrix\n")]),
        r(Method::GET, "/api/dashboard/documents", None, [401, 404, 404, 200, 200, 403, 404]),
        r(Method::GET, "/api/dashboard/documents/{document}", None, [401, 404, 404, 200, 404, 403, 404]),
        r(Method::GET, "/api/dashboard/documents/{document}/download", None, [401, 404, 404, 200, 404, 403, 404]),
        r(Method::GET, "/api/dashboard/documents/{document}/downloads", None, [401, 404, 404, 200, 403, 403, 404]),
        r(
            Method::PUT,
            "/api/dashboard/documents/{document}/shares",
            body(SetDocumentSharesRequest { user_ids: vec![] }),
            [401, 404, 404, 200, 403, 403, 404],
        ),
        r(Method::DELETE, "/api/dashboard/documents/{document}", None, [401, 404, 404, 204, 403, 403, 404]),
        r(Method::GET, "/api/admin/organizations", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/organizations/{org}", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::POST,
            "/api/admin/organizations/{other}/suspend",
            body(SuspendOrganizationRequest::default()),
            [401, 200, 409, 403, 403, 403, 403],
        ),
        r(Method::POST, "/api/admin/organizations/{other}/reactivate", None, [401, 200, 409, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/audit-logs", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/metrics/signups", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/metrics/organizations", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/feature-flags", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::POST,
            "/api/admin/feature-flags",
            body(flag_request("matrix.created", false, 0)),
            [401, 201, 403, 403, 403, 403, 403],
        ),
        r(Method::GET, "/api/admin/feature-flags/{flag}", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::PATCH,
            "/api/admin/feature-flags/{flag}",
            body(UpdateFeatureFlagRequest { rollout_bp: Some(100), ..Default::default() }),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        r(
            Method::PUT,
            "/api/admin/feature-flags/{flag}/overrides/{org}",
            body(SetFlagOverrideRequest { enabled: true }),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        r(Method::DELETE, "/api/admin/feature-flags/{flag}/overrides/{org}", None, [401, 204, 403, 403, 403, 403, 403]),
        r(
            Method::PUT,
            "/api/admin/feature-flags/{flag}/plans",
            body(SetFlagPlansRequest { plan_ids: vec![uuid::Uuid::nil()] }),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        r(Method::POST, "/api/admin/feature-flags/{flag}/archive", None, [401, 200, 403, 403, 403, 403, 403]),
        r(Method::POST, "/api/admin/feature-flags/{flag}/unarchive", None, [401, 200, 403, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/settings", None, [401, 200, 403, 403, 403, 403, 403]),
        r(Method::PATCH, "/api/admin/settings", body(settings), [401, 200, 403, 403, 403, 403, 403]),
        r(Method::POST, "/api/admin/users/{user}/mfa/reset", None, [401, 204, 403, 403, 403, 403, 403]),
        // Usage: members read it; only ingest keys report it (no session or customer key can);
        // operators monitor it and issue the keys.
        r(Method::GET, "/api/dashboard/usage", None, [401, 404, 404, 200, 200, 403, 404]),
        r(Method::GET, "/api/dashboard/usage/export.csv", None, [401, 404, 404, 200, 200, 403, 404]),
        r(Method::GET, "/api/dashboard/usage-events", None, [401, 404, 404, 200, 200, 403, 404]),
        r(Method::GET, "/api/dashboard/usage-events/export.csv", None, [401, 404, 404, 200, 200, 403, 404]),
        r(
            Method::POST,
            "/api/dashboard/usage-events",
            Some(batch(vec![event("matrix-{who}", "api_calls", "1", chrono::Utc::now())])),
            [401, 404, 404, 403, 403, 403, 404],
        ),
        r(Method::GET, "/api/admin/usage/totals", None, [401, 200, 200, 403, 403, 403, 403]),
        // Without the metric to rank by.
        r(Method::GET, "/api/admin/usage/top-organizations", None, [401, 422, 422, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/usage/organizations/{org}", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/usage/organizations/{org}/ingest-keys", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::POST,
            "/api/admin/usage/organizations/{org}/ingest-keys",
            body(CreateIngestKeyRequest { name: "Matrix runner".into() }),
            [401, 201, 201, 403, 403, 403, 403],
        ),
        // The ADMIN revokes it first.
        r(Method::DELETE, "/api/admin/usage/ingest-keys/{ingest}", None, [401, 204, 404, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/settings/schema", None, [401, 200, 403, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/users", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/users/{user}", None, [401, 200, 200, 403, 403, 403, 403]),
        // `{user}` is a CLIENT: the role it has changes nothing.
        r(
            Method::PATCH,
            "/api/admin/users/{user}/role",
            body(ChangeUserRoleRequest { role: Role::Client }),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        r(Method::POST, "/api/admin/users/{user}/disable", None, [401, 200, 403, 403, 403, 403, 403]),
        r(Method::POST, "/api/admin/users/{user}/enable", None, [401, 200, 403, 403, 403, 403, 403]),
        r(Method::POST, "/api/admin/users/{user}/password-reset", None, [401, 202, 403, 403, 403, 403, 403]),
        // Automations: customers request and change them, VENDORs see only what has a task of
        // theirs (never the messages), staff work on them through the admin API.
        r(Method::GET, "/api/dashboard/automations", None, [401, 404, 404, 200, 200, 200, 404]),
        r(
            Method::POST,
            "/api/dashboard/automations",
            body(automation_request("Matrix request")),
            [401, 404, 404, 201, 201, 403, 404],
        ),
        r(Method::GET, "/api/dashboard/automations/{auto}", None, [401, 404, 404, 200, 200, 200, 404]),
        r(
            Method::PATCH,
            "/api/dashboard/automations/{auto}",
            body(UpdateAutomationRequest { name: Some("Matrix automation".into()), ..Default::default() }),
            [401, 404, 404, 200, 200, 403, 404],
        ),
        // Customers do not move the build states; a MEMBER archives only what they own.
        r(
            Method::POST,
            "/api/dashboard/automations/{auto}/status",
            body(ChangeAutomationStatusRequest { status: AutomationStatus::Live }),
            [401, 404, 404, 409, 403, 403, 404],
        )
        .codes(&[(409, "invalid_transition")]),
        r(Method::GET, "/api/dashboard/automations/{auto}/timeline", None, [401, 404, 404, 200, 200, 200, 404]),
        r(Method::GET, "/api/dashboard/automations/{auto}/tasks", None, [401, 404, 404, 200, 200, 200, 404]),
        r(
            Method::POST,
            "/api/dashboard/automations/{auto}/tasks",
            body(task_request("Matrix task", None)),
            [401, 404, 404, 201, 201, 403, 404],
        ),
        r(Method::GET, "/api/dashboard/automations/{auto}/tasks/{task}", None, [401, 404, 404, 200, 200, 200, 404]),
        r(
            Method::PATCH,
            "/api/dashboard/automations/{auto}/tasks/{task}",
            body(UpdateTaskRequest { status: Some(TaskStatus::InProgress), ..Default::default() }),
            [401, 404, 404, 200, 200, 200, 404],
        ),
        r(
            Method::POST,
            "/api/dashboard/automations/{auto}/tasks/{task}/move",
            body(MoveTaskRequest { status: TaskStatus::InProgress, before_id: None }),
            [401, 404, 404, 200, 200, 200, 404],
        ),
        r(Method::GET, "/api/dashboard/my-tasks", None, [401, 404, 404, 200, 200, 200, 404]),
        r(Method::GET, "/api/dashboard/automations/{auto}/messages", None, [401, 404, 404, 200, 200, 404, 404]),
        r(
            Method::POST,
            "/api/dashboard/automations/{auto}/messages",
            body(MessageRequest { body: "Matrix message".into() }),
            [401, 404, 404, 201, 201, 403, 404],
        ),
        // The OWNER's own message.
        r(
            Method::PATCH,
            "/api/dashboard/automations/{auto}/messages/{msg}",
            body(MessageRequest { body: "Edited".into() }),
            [401, 404, 404, 200, 403, 403, 404],
        ),
        r(
            Method::DELETE,
            "/api/dashboard/automations/{auto}/messages/{msg}",
            None,
            [401, 404, 404, 204, 403, 403, 404],
        ),
        r(
            Method::GET,
            "/api/dashboard/automations/{auto}/tasks/{task}/comments",
            None,
            [401, 404, 404, 200, 200, 200, 404],
        ),
        r(
            Method::POST,
            "/api/dashboard/automations/{auto}/tasks/{task}/comments",
            body(MessageRequest { body: "Matrix comment".into() }),
            [401, 404, 404, 201, 201, 201, 404],
        ),
        r(
            Method::PATCH,
            "/api/dashboard/automations/{auto}/tasks/{task}/comments/{cmt}",
            body(MessageRequest { body: "Edited".into() }),
            [401, 404, 404, 200, 403, 403, 404],
        ),
        r(
            Method::DELETE,
            "/api/dashboard/automations/{auto}/tasks/{task}/comments/{cmt}",
            None,
            [401, 404, 404, 204, 403, 403, 404],
        ),
        r(Method::GET, "/api/admin/automations", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/automations/{auto}", None, [401, 200, 200, 403, 403, 403, 403]),
        // Not one step along the pipeline.
        r(
            Method::POST,
            "/api/admin/automations/{auto}/status",
            body(ChangeAutomationStatusRequest { status: AutomationStatus::Live }),
            [401, 409, 409, 403, 403, 403, 403],
        )
        .codes(&[(409, "invalid_transition")]),
        r(
            Method::PUT,
            "/api/admin/automations/{auto}/lead",
            body(SetStaffLeadRequest { user_id: None }),
            [401, 200, 200, 403, 403, 403, 403],
        ),
        r(Method::GET, "/api/admin/automations/{auto}/timeline", None, [401, 200, 200, 403, 403, 403, 403]),
        r(Method::GET, "/api/admin/automations/{auto}/tasks", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::POST,
            "/api/admin/automations/{auto}/tasks",
            body(task_request("Staff task", None)),
            [401, 201, 201, 403, 403, 403, 403],
        ),
        r(Method::GET, "/api/admin/automations/{auto}/tasks/{task}", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::PATCH,
            "/api/admin/automations/{auto}/tasks/{task}",
            body(UpdateTaskRequest { status: Some(TaskStatus::Todo), ..Default::default() }),
            [401, 200, 200, 403, 403, 403, 403],
        ),
        r(
            Method::POST,
            "/api/admin/automations/{auto}/tasks/{task}/move",
            body(MoveTaskRequest { status: TaskStatus::Todo, before_id: None }),
            [401, 200, 200, 403, 403, 403, 403],
        ),
        r(Method::GET, "/api/admin/automations/{auto}/messages", None, [401, 200, 200, 403, 403, 403, 403]),
        r(
            Method::POST,
            "/api/admin/automations/{auto}/messages",
            body(MessageRequest { body: "Staff message".into() }),
            [401, 201, 201, 403, 403, 403, 403],
        ),
        // The ADMIN's own message and comment.
        r(
            Method::PATCH,
            "/api/admin/automations/{auto}/messages/{amsg}",
            body(MessageRequest { body: "Edited".into() }),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        r(Method::DELETE, "/api/admin/automations/{auto}/messages/{amsg}", None, [401, 204, 403, 403, 403, 403, 403]),
        r(
            Method::GET,
            "/api/admin/automations/{auto}/tasks/{task}/comments",
            None,
            [401, 200, 200, 403, 403, 403, 403],
        ),
        r(
            Method::POST,
            "/api/admin/automations/{auto}/tasks/{task}/comments",
            body(MessageRequest { body: "Staff comment".into() }),
            [401, 201, 201, 403, 403, 403, 403],
        ),
        r(
            Method::PATCH,
            "/api/admin/automations/{auto}/tasks/{task}/comments/{acmt}",
            body(MessageRequest { body: "Edited".into() }),
            [401, 200, 403, 403, 403, 403, 403],
        ),
        r(
            Method::DELETE,
            "/api/admin/automations/{auto}/tasks/{task}/comments/{acmt}",
            None,
            [401, 204, 403, 403, 403, 403, 403],
        ),
        // Public: credentials are neither needed nor looked at; the made-up input is refused.
        r(Method::GET, "/api/health", None, [200, 200, 200, 200, 200, 200, 200]),
        r(Method::GET, "/api/ready", None, [200, 200, 200, 200, 200, 200, 200]),
        r(
            Method::POST,
            "/api/auth/register",
            body(RegisterRequest {
                email: "not-an-email".into(),
                password: NEW_PASSWORD.into(),
                name: "Matrix".into(),
                organization_name: "Matrix".into(),
            }),
            [422, 422, 422, 422, 422, 422, 422],
        ),
        r(
            Method::POST,
            "/api/auth/login",
            body(LoginRequest { email: String::new(), password: String::new() }),
            [422, 422, 422, 422, 422, 422, 422],
        ),
        r(
            Method::POST,
            "/api/auth/refresh",
            body(RefreshRequest { refresh_token: Some("rt_made_up".into()) }),
            [401, 401, 401, 401, 401, 401, 401],
        )
        .codes(&[(401, "invalid_token")]),
        r(
            Method::POST,
            "/api/auth/mfa/verify",
            body(MfaVerifyRequest { mfa_token: "made-up".into(), code: Some("000000".into()), recovery_code: None }),
            [401, 401, 401, 401, 401, 401, 401],
        )
        .codes(&[(401, "invalid_token")]),
        r(
            Method::POST,
            "/api/auth/password/forgot",
            body(ForgotPasswordRequest { email: unique_email("nobody-{who}") }),
            [202, 202, 202, 202, 202, 202, 202],
        ),
        r(
            Method::POST,
            "/api/auth/password/reset",
            body(ResetPasswordRequest { token: "made-up".into(), password: NEW_PASSWORD.into() }),
            [422, 422, 422, 422, 422, 422, 422],
        ),
        r(
            Method::POST,
            "/api/auth/email/verify",
            body(VerifyEmailRequest { token: "made-up".into() }),
            [422, 422, 422, 422, 422, 422, 422],
        ),
        // The caller's own account (every caller here has confirmed their address).
        r(Method::POST, "/api/auth/email/verify/resend", None, [401, 409, 409, 409, 409, 409, 409]),
        r(
            Method::POST,
            "/api/auth/password/change",
            body(ChangePasswordRequest {
                current_password: "wrong-password".into(),
                new_password: NEW_PASSWORD.into(),
            }),
            [401, 422, 422, 422, 422, 422, 422],
        ),
        r(
            Method::POST,
            "/api/auth/mfa/setup",
            body(MfaSetupRequest { password: "wrong-password".into() }),
            [401, 409, 422, 422, 422, 422, 422],
        ),
        // Nobody has started a setup (the one above had the wrong password).
        r(Method::POST, "/api/auth/mfa/enable", body(&wrong_code), [401, 409, 409, 409, 409, 409, 409]),
        r(Method::POST, "/api/auth/mfa/recovery-codes", body(&wrong_code), [401, 422, 409, 409, 409, 409, 409]),
        r(
            Method::POST,
            "/api/auth/mfa/disable",
            body(MfaDisableRequest { password: "wrong-password".into(), code: "000000".into() }),
            [401, 422, 409, 409, 409, 409, 409],
        ),
        r(Method::DELETE, "/api/auth/sessions/{nobody}", None, [401, 404, 404, 404, 404, 404, 404]),
        r(Method::POST, "/api/auth/sessions/revoke-others", None, [401, 200, 200, 200, 200, 200, 200]),
        // Invitation links: the token is the secret; a made-up one names no invitation.
        r(Method::GET, "/api/auth/invitations/preview?token=made-up", None, [404, 404, 404, 404, 404, 404, 404])
            .codes(&[(404, "invitation_invalid")]),
        r(
            Method::POST,
            "/api/auth/invitations/accept",
            body(AcceptInvitationRequest { token: "made-up".into(), ..Default::default() }),
            [404, 404, 404, 404, 404, 404, 404],
        )
        .codes(&[(404, "invitation_invalid")]),
        // The last OWNER cannot leave; the MEMBER and the VENDOR do (so this comes late).
        r(Method::POST, "/api/dashboard/members/leave", None, [401, 404, 404, 409, 204, 204, 404])
            .codes(&[(409, "last_owner")]),
        // Last: it ends every caller's session.
        r(Method::POST, "/api/auth/logout", None, [401, 204, 204, 204, 204, 204, 204]),
    ]
}

fn assert_the_table_covers_the_documented_operations() {
    let documented: BTreeSet<String> =
        documented_operations(&committed_document()).iter().map(|op| operation_name(op)).collect();
    let mut in_table = BTreeSet::new();
    for row in rows() {
        let op = row.operation();
        assert!(in_table.insert(op.clone()), "{op} has two rows in the matrix");
    }
    let missing: Vec<_> = documented.difference(&in_table).collect();
    let unknown: Vec<_> = in_table.difference(&documented).collect();
    assert!(missing.is_empty(), "documented operations without a row in the role matrix: {missing:?}");
    assert!(unknown.is_empty(), "matrix rows for operations the OpenAPI document does not have: {unknown:?}");
}

#[test]
fn the_table_covers_every_documented_operation() {
    assert_the_table_covers_the_documented_operations();
}

async fn every_role_against_every_endpoint(app: TestApp) {
    assert_the_table_covers_the_documented_operations();
    let (owner, org) = app.register_confirmed("Matrix Org").await;
    let other = app.create_org("Other Org").await;
    let member = app.user(Role::Client, Some((org, OrgRole::Member))).await;
    let vendor = app.user(Role::Vendor, Some((org, OrgRole::Member))).await;
    let admin = app.admin().await;
    let staff = app.user(Role::Staff, None).await;
    let outsider = app.user(Role::Client, None).await;
    let key = app.create_api_key(&owner, &key_request("Matrix", &[Permission::OrgRead])).await.api_key.id;
    let flag = app.create_flag(&admin, "matrix.flag", false, 0).await.flag.id;
    let ingest = app.issue_ingest_key(&admin, org).await.ingest_key.id;
    let file = app.upload_file(&owner, "matrix.png", &png_bytes(64)).await.id;
    let document = app.upload_document(&owner, "matrix.pdf", b"%PDF-1.7\n%matrix\n", None).await.id;
    let with_mfa = app.user(Role::Client, None).await;
    app.enable_mfa(&with_mfa).await;
    let auto = app.create_automation(&owner, "Matrix automation").await.id;
    let task = app.create_task(&owner, auto, task_request("Vendor task", Some(vendor.user_id))).await.id;
    let msg = app.post_message(&owner, auto, "Owner message").await.id;
    let cmt = app.post_comment(&owner, auto, task, "Owner comment").await.id;
    let amsg = app.staff_post_message(&admin, auto, "Admin message").await.id;
    let acmt = {
        let path = format!("/api/admin/automations/{auto}/tasks/{task}/comments");
        let res = app.post_as(&admin.access, &path, &MessageRequest { body: "Admin comment".into() }).await;
        tests::http::expect::<shared::dto::automations::Message>(res, 201).await.id
    };
    let token = |who: Who| -> Option<&str> {
        match who {
            Who::Anonymous => None,
            Who::Admin => Some(&admin.access),
            Who::Staff => Some(&staff.access),
            Who::Owner => Some(&owner.access),
            Who::Member => Some(&member.access),
            Who::Vendor => Some(&vendor.access),
            Who::Outsider => Some(&outsider.access),
        }
    };
    let nobody = uuid::Uuid::now_v7();
    let mut failures = Vec::new();
    for row in rows() {
        let path = row
            .path
            .replace("{org}", &org.to_string())
            .replace("{other}", &other.to_string())
            .replace("{key}", &key.to_string())
            .replace("{user}", &with_mfa.user_id.to_string())
            .replace("{flag}", &flag.to_string())
            .replace("{ingest}", &ingest.to_string())
            .replace("{nobody}", &nobody.to_string())
            .replace("{auto}", &auto.to_string())
            .replace("{task}", &task.to_string())
            .replace("{msg}", &msg.to_string())
            .replace("{cmt}", &cmt.to_string())
            .replace("{amsg}", &amsg.to_string())
            .replace("{acmt}", &acmt.to_string())
            .replace("{file}", &file.to_string())
            .replace("{document}", &document.to_string());
        for (i, who) in WHO.iter().enumerate() {
            let mut call = app.call(row.method.clone(), &path);
            if let Some(t) = token(*who) {
                call = call.bearer(t);
            }
            if let Some(parts) = &row.form {
                let (content_type, form) = multipart(parts);
                call = call.body(&content_type, form);
            }
            if let Some(b) = &row.body {
                // `{who}` in a body makes it differ per caller (e.g. an email whose reset
                // requests are throttled per account).
                call = call.body("application/json", b.to_string().replace("{who}", &i.to_string()));
            }
            let res = call.send().await;
            let got = res.status().as_u16();
            if got != row.expect[i] {
                let text = res.text().await.unwrap_or_else(|e| format!("(no body: {e})"));
                failures.push(format!(
                    "{} {} as {who:?}: expected {}, got {got}: {text}",
                    row.method, row.path, row.expect[i]
                ));
                continue;
            }
            if got >= 400 {
                let code = row.codes.iter().find(|(s, _)| *s == got).map(|(_, c)| *c).unwrap_or(match got {
                    401 => "unauthenticated",
                    403 => "forbidden",
                    404 => "not_found",
                    409 => "conflict",
                    422 => "validation_failed",
                    _ => "unexpected",
                });
                expect_problem(res, got, code).await;
            } else {
                expect_status(res, got).await;
            }
        }
    }
    assert!(failures.is_empty(), "permission matrix mismatches:\n{}", failures.join("\n"));
}

db_test!(every_role_against_every_endpoint);
