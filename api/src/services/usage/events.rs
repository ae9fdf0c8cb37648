//! The raw usage events of the active organization: the list (cursor pages, newest first, by
//! metric and UTC days) and its export, which walks the same query page after page.

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, SecondsFormat, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, QueryFilter, Select};
use shared::dto::common::Page;
use shared::dto::usage::UsageMetric;
use shared::dto::usage::events::{UsageEvent, UsageEventsFilter};
use shared::validation::{CalendarDate, FieldErrors};
use shared::{FieldError, Quantity};
use uuid::Uuid;

use crate::entities::usage::usage_event;
use crate::error::{ApiError, ApiResult};
use crate::list::csv::{Cell, EXPORT_PAGE_ROWS};
use crate::list::{Cursor, FixedOrder, KeyValue, ListParams, SortKey, SortOrder, keyset};
use crate::services::platform::tenant::find_in_org;
use crate::services::usage::series::invalid_metric;

/// The list's one order: newest first by when the events happened, then by id.
fn order() -> SortKey<usage_event::Column> {
    SortKey::by_time(usage_event::Column::OccurredAt, true)
}

/// A checked filter.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct EventsFilter {
    metric: Option<UsageMetric>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
}

impl EventsFilter {
    /// Checks the filter as sent.
    ///
    /// Errors: `Validation`: `metric` `invalid`, `from`/`to` `invalid_format`, `from`
    /// `invalid_range` (after `to`).
    pub fn parse(filter: &UsageEventsFilter) -> ApiResult<EventsFilter> {
        let mut errors = FieldErrors::default();
        let metric = match filter.metric.as_deref() {
            None => Some(None),
            Some(m) => match UsageMetric::parse(m) {
                Some(m) => Some(Some(m)),
                None => {
                    if let ApiError::Validation(mut f) = invalid_metric("metric") {
                        errors.0.append(&mut f);
                    }
                    None
                }
            },
        };
        let from = errors.take(CalendarDate::parse("from", filter.from.as_deref()));
        let to = errors.take(CalendarDate::parse("to", filter.to.as_deref()));
        let (Some(metric), Some(from), Some(to)) = (metric, from, to) else {
            return Err(ApiError::Validation(errors.0));
        };
        let (from, to) = (from.map(CalendarDate::date), to.map(CalendarDate::date));
        if let (Some(f), Some(t)) = (from, to)
            && f > t
        {
            return Err(ApiError::Validation(vec![FieldError::new(
                "from",
                "invalid_range",
                format!("Start on or before {t} (to)."),
            )]));
        }
        Ok(EventsFilter { metric, from, to })
    }

    /// The organization's events this filter keeps.
    fn query(&self, org_id: Uuid) -> Select<usage_event::Entity> {
        use usage_event::Column as C;
        let mut q = find_in_org::<usage_event::Entity>(org_id);
        if let Some(m) = self.metric {
            q = q.filter(C::Metric.eq(m.as_str()));
        }
        if let Some(from) = self.from {
            q = q.filter(C::OccurredAt.gte(midnight(from)));
        }
        // No bound after the year 9999: SQLite compares timestamps as text.
        if let Some(end) = self.to.and_then(|t| t.checked_add_days(Days::new(1))).filter(|d| d.year() <= 9999) {
            q = q.filter(C::OccurredAt.lt(midnight(end)));
        }
        q
    }
}

/// Midnight (UTC) starting `day`.
fn midnight(day: NaiveDate) -> DateTime<Utc> {
    day.and_time(NaiveTime::MIN).and_utc()
}

/// The rows of one page: up to `fetch` rows after `after`.
async fn rows(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    filter: &EventsFilter,
    after: Option<&Cursor>,
    fetch: u64,
) -> ApiResult<Vec<usage_event::Model>> {
    let q = keyset::page_query(filter.query(org_id), order(), usage_event::Column::Id, after, fetch)?;
    Ok(q.all(db).await?)
}

/// Where a row sits in the list's order.
fn position(e: &usage_event::Model) -> (Option<KeyValue>, Uuid) {
    (Some(KeyValue::Time(e.occurred_at)), e.id)
}

/// A page of the organization's events.
///
/// Errors: `Validation` (filter, cursor).
#[tracing::instrument(skip_all, fields(org = %org_id))]
pub async fn list(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    params: &ListParams<FixedOrder, UsageEventsFilter>,
) -> ApiResult<Page<UsageEvent>> {
    let filter = EventsFilter::parse(&params.filter)?;
    let found = rows(db, org_id, &filter, params.after.as_ref(), params.fetch_limit()).await?;
    let mut page = params.finish(found, position, |e| e.to_dto(), None);
    Ok(Page { items: page.items.drain(..).flatten().collect(), next_cursor: page.next_cursor, total: None })
}

/// The export's columns.
pub const CSV_HEADER: [&str; 7] = ["id", "event_id", "metric", "quantity", "timestamp", "received_at", "properties"];

/// One event as a row of the export.
fn csv_row(e: &usage_event::Model) -> Vec<Cell> {
    vec![
        Cell::text(e.id.to_string()),
        Cell::text(e.event_id.clone()),
        Cell::text(e.metric.clone()),
        Quantity::from_milli(e.quantity_milli).map_or(Cell::Empty, Cell::number),
        Cell::text(e.occurred_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        Cell::text(e.received_at.to_rfc3339_opts(SecondsFormat::AutoSi, true)),
        Cell::text(e.properties_json().to_string()),
    ]
}

/// The export's next rows after `after`, in the list's order, and where the next page starts
/// (`None` after the last).
///
/// Errors: none of its own (database errors).
pub async fn export_page(
    db: &impl ConnectionTrait,
    org_id: Uuid,
    filter: &EventsFilter,
    after: Option<Cursor>,
) -> ApiResult<(Vec<Vec<Cell>>, Option<Cursor>)> {
    let size = EXPORT_PAGE_ROWS;
    let mut found = rows(db, org_id, filter, after.as_ref(), size + 1).await?;
    let more = found.len() as u64 > size;
    found.truncate(usize::try_from(size).unwrap_or(usize::MAX));
    let next = found.last().filter(|_| more).map(|e| {
        let (key, id) = position(e);
        Cursor::new(FixedOrder.name(), key, id)
    });
    Ok((found.iter().map(csv_row).collect(), next))
}
