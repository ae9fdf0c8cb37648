//! Feature flags (STAFF read, ADMIN write).

use actix_web::{HttpResponse, get, patch, post, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::flags::{
    CreateFeatureFlagRequest, FeatureFlag, FeatureFlagDetail, FeatureFlagSort, FeatureFlagsFilter,
    UpdateFeatureFlagRequest,
};
use uuid::Uuid;

use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::optional_json::OptionalJson;
use crate::extract::require::{AdminPermission, perm};
use crate::list::ListParams;
use crate::routes::idempotent_response;
use crate::services::flags::admin;
use crate::services::platform::idempotency;
use crate::state::AppState;

/// Lists feature flags: search by key or description, in use or archived, sort, cursor pages.
#[utoipa::path(
    tag = "admin",
    params(ListParams<FeatureFlagSort, FeatureFlagsFilter>),
    responses(
        (status = 200, description = "A page of flags", body = Page<FeatureFlag>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid query (search text, limit, sort or cursor)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/feature-flags")]
#[tracing::instrument(skip_all)]
pub async fn list_feature_flags(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminFlagsRead>,
    params: ListParams<FeatureFlagSort, FeatureFlagsFilter>,
) -> ApiResult<web::Json<Page<FeatureFlag>>> {
    Ok(web::Json(admin::list(&state.db, &params).await?))
}

/// Creates a feature flag (ADMIN only).
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same body answers the first answer again"),
    ),
    request_body = CreateFeatureFlagRequest,
    responses(
        (status = 201, description = "Created", body = FeatureFlagDetail),
        (status = 400, description = "Malformed body", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "A flag with this key exists, archived ones included (`flag_key_taken`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid key, description or rollout_bp (`out_of_range` outside 0 to 10,000), or an `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/feature-flags")]
#[tracing::instrument(skip_all)]
pub async fn create_feature_flag(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminFlagsManage>,
    key: IdempotencyKey,
    body: web::Json<CreateFeatureFlagRequest>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let fingerprint = key.fingerprint(&body);
    let now = state.now();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, who.user().id, fingerprint, 201, now, async || {
                    admin::create(tx, &who, now, body).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// One feature flag with its overrides and plan ids.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "Flag id")),
    responses(
        (status = 200, description = "The flag", body = FeatureFlagDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an operator", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such flag", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/feature-flags/{id}")]
#[tracing::instrument(skip_all)]
pub async fn get_feature_flag(
    state: web::Data<AppState>,
    _who: AdminPermission<perm::AdminFlagsRead>,
    id: web::Path<Uuid>,
) -> ApiResult<web::Json<FeatureFlagDetail>> {
    Ok(web::Json(admin::get(&state.db, id.into_inner()).await?))
}

/// Changes a flag's description, global default or rollout (ADMIN only); absent fields stay.
#[utoipa::path(
    tag = "admin",
    params(("id" = Uuid, Path, description = "Flag id")),
    request_body(content = Option<UpdateFeatureFlagRequest>, description = "Fields to change; absent fields stay as they are"),
    responses(
        (status = 200, description = "The flag after the change", body = FeatureFlagDetail),
        (status = 400, description = "Malformed body (not a JSON object)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such flag", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "Invalid description or rollout_bp (`out_of_range` outside 0 to 10,000)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[patch("/feature-flags/{id}")]
#[tracing::instrument(skip_all)]
pub async fn update_feature_flag(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminFlagsManage>,
    id: web::Path<Uuid>,
    OptionalJson(body): OptionalJson<UpdateFeatureFlagRequest>,
) -> ApiResult<web::Json<FeatureFlagDetail>> {
    let (now, id) = (state.now(), id.into_inner());
    let flag = state.write(move |tx| Box::pin(async move { admin::update(tx, &who, now, id, body).await })).await?;
    Ok(web::Json(flag))
}

/// Archives or unarchives a flag, once per `Idempotency-Key`.
async fn set_archived(
    state: &AppState,
    who: AdminPermission<perm::AdminFlagsManage>,
    key: IdempotencyKey,
    id: Uuid,
    archived: bool,
) -> ApiResult<HttpResponse> {
    let fingerprint = key.fingerprint(&());
    let now = state.now();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, who.user().id, fingerprint, 200, now, async || {
                    admin::set_archived(tx, &who, now, id, archived).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// Archives a flag (ADMIN only): off for every organization and out of the list and the
/// evaluated set; its key stays taken.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Flag id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat answers the first answer again"),
    ),
    responses(
        (status = 200, description = "Archived", body = FeatureFlagDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such flag", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Already archived", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/feature-flags/{id}/archive")]
#[tracing::instrument(skip_all)]
pub async fn archive_feature_flag(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminFlagsManage>,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    set_archived(&state, who, key, id.into_inner(), true).await
}

/// Takes a flag out of the archive (ADMIN only), with its overrides and plan links as they were.
///
/// Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "admin",
    params(
        ("id" = Uuid, Path, description = "Flag id"),
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat answers the first answer again"),
    ),
    responses(
        (status = 200, description = "In use again", body = FeatureFlagDetail),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not an ADMIN", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "No such flag", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "Not archived", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An `Idempotency-Key` reused with another request (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/feature-flags/{id}/unarchive")]
#[tracing::instrument(skip_all)]
pub async fn unarchive_feature_flag(
    state: web::Data<AppState>,
    who: AdminPermission<perm::AdminFlagsManage>,
    key: IdempotencyKey,
    id: web::Path<Uuid>,
) -> ApiResult<HttpResponse> {
    set_archived(&state, who, key, id.into_inner(), false).await
}
