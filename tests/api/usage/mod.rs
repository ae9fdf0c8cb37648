//! The `usage` area: ingestion with ingest keys, rollups, series, raw events, CSV exports and
//! the operator's monitoring.

mod access;
mod exports;
mod ingestion;
mod monitoring;
mod series;

use chrono::{DateTime, Utc};

/// A time written in RFC 3339.
fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).map(|t| t.to_utc()).unwrap_or_else(|e| panic!("{s}: {e}"))
}
