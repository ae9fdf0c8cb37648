//! Usage events: reported in batches by ingest keys, listed and exported by members.

use actix_web::{HttpResponse, get, post, web};
use shared::Problem;
use shared::dto::common::Page;
use shared::dto::usage::events::{UsageEvent, UsageEventsFilter};
use shared::dto::usage::ingest::{IngestUsageRequest, IngestUsageResponse};

use crate::context::IngestContext;
use crate::error::ApiResult;
use crate::extract::idempotency::IdempotencyKey;
use crate::extract::limited_json::LimitedJson;
use crate::extract::require::{OrgPermission, perm};
use crate::list::csv;
use crate::list::{FixedOrder, ListParams};
use crate::routes::idempotent_response;
use crate::services::platform::idempotency;
use crate::services::usage::events::{self, EventsFilter};
use crate::services::usage::ingest;
use crate::state::AppState;

/// Reports usage: a batch of 1 to 1,000 events for the key's organization, applied together and
/// answered event by event.
///
/// Only a usage ingest key (`omgi_…`, issued by the operator) may call it. An event is
/// `accepted` (counted now), `duplicate` (its `event_id` was counted before: a retried batch
/// counts once) or `refused` with a `reason` (`unknown_metric`, `too_old` past 35 days,
/// `in_the_future` past 5 minutes, `too_many_decimals`, `negative_quantity`,
/// `properties_too_large` past 2,048 bytes, …); a refused event does not stop the others. The
/// body may be up to 4 MiB. Accepts an `Idempotency-Key`.
#[utoipa::path(
    tag = "dashboard",
    params(
        ("Idempotency-Key" = Option<String>, Header, description = "Retry-safe key (1 to 255 visible ASCII characters); a repeat with the same body answers the first answer again"),
    ),
    request_body = IngestUsageRequest,
    responses(
        (status = 200, description = "What became of each event, in order", body = IngestUsageResponse),
        (status = 400, description = "Not a JSON object with an `events` array, or unknown fields beside it (`malformed_request`)", body = Problem, content_type = "application/problem+json"),
        (status = 401, description = "No key, or an unknown or revoked ingest key (`unauthenticated`, `invalid_token`)", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "A person's session or a customer's API key (`forbidden`: only ingest keys report usage), or the organization is suspended (`org_suspended`)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "A person's session outside any organization (`not_found`), judged as on every tenant route before it is refused", body = Problem, content_type = "application/problem+json"),
        (status = 413, description = "The body is over 4 MiB (`payload_too_large`)", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "No events (`events`: `required`), more than 1,000 (`events`: `too_many`), or an `Idempotency-Key` reused with another batch (`idempotency_key_reused`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[post("/usage-events")]
#[tracing::instrument(skip_all, fields(org = %ctx.org_id()))]
pub async fn ingest_usage_events(
    state: web::Data<AppState>,
    ctx: IngestContext,
    key: IdempotencyKey,
    LimitedJson(body): LimitedJson<{ ingest::MAX_BODY_BYTES }>,
) -> ApiResult<HttpResponse> {
    let now = state.now();
    let batch = ingest::read_batch(&body, now)?;
    let fingerprint = if key.key.is_some() { key.fingerprint(&String::from_utf8_lossy(&body)) } else { String::new() };
    let org_id = ctx.org_id();
    let stored = state
        .write(move |tx| {
            Box::pin(async move {
                idempotency::once(tx, &key, org_id, fingerprint, 200, now, async || {
                    ingest::apply(tx, org_id, now, batch).await
                })
                .await
            })
        })
        .await?;
    Ok(idempotent_response(stored))
}

/// The organization's usage events, newest first (by when they happened), by metric and UTC
/// days.
#[utoipa::path(
    tag = "dashboard",
    params(ListParams<FixedOrder, UsageEventsFilter>, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "A page of events", body = Page<UsageEvent>),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see usage (vendors are not)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown metric (`metric`: `invalid`), a date not written `YYYY-MM-DD` (`from`/`to`: `invalid_format`), `from` after `to` (`from`: `invalid_range`), or an invalid limit or cursor", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage-events")]
#[tracing::instrument(skip_all)]
pub async fn list_usage_events(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::UsageRead>,
    params: ListParams<FixedOrder, UsageEventsFilter>,
) -> ApiResult<web::Json<Page<UsageEvent>>> {
    Ok(web::Json(events::list(&state.db, ctx.org_id(), &params).await?))
}

/// The organization's usage events as CSV, with the list's filters and order (streamed; every
/// matching event).
///
/// Columns: `id`, `event_id`, `metric`, `quantity`, `timestamp`, `received_at`, `properties`
/// (JSON). Text that a spreadsheet would take for a formula starts with `'`.
#[utoipa::path(
    tag = "dashboard",
    params(UsageEventsFilter, ("X-Org-Id" = Option<uuid::Uuid>, Header, description = "Active organization; default: the user's first")),
    responses(
        (status = 200, description = "The events, one per line after the header row", content_type = "text/csv", body = String),
        (status = 401, description = "Not signed in", body = Problem, content_type = "application/problem+json"),
        (status = 403, description = "Not allowed to see usage (vendors are not)", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "Not a member of that organization", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "An unknown metric (`metric`: `invalid`), a date not written `YYYY-MM-DD` (`from`/`to`: `invalid_format`), or `from` after `to` (`from`: `invalid_range`)", body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []))
)]
#[get("/usage-events/export.csv")]
#[tracing::instrument(skip_all)]
pub async fn export_usage_events(
    state: web::Data<AppState>,
    ctx: OrgPermission<perm::UsageRead>,
    query: web::Query<UsageEventsFilter>,
) -> ApiResult<HttpResponse> {
    let filter = EventsFilter::parse(&query)?;
    let (db, org_id) = (state.db.clone(), ctx.org_id());
    Ok(csv::streamed("usage-events.csv", &events::CSV_HEADER, None, move |after| {
        let db = db.clone();
        async move {
            let (rows, next) = events::export_page(&db, org_id, &filter, after).await?;
            Ok((rows, next.map(Some)))
        }
    }))
}
