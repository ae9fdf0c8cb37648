//! The usage area: what the operator's systems report for each organization (ingestion with
//! ingest keys), daily rollups kept current on ingest, the series and raw events customers read
//! and export, and the operator's monitoring.

pub mod events;
pub mod ingest;
pub mod ingest_keys;
pub mod monitoring;
pub mod series;
