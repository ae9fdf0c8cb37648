//! `/api/health` and `/api/ready`.

use serde::{Deserialize, Serialize};

/// Liveness and readiness answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct HealthStatus {
    /// `ok` when healthy.
    pub status: String,
    /// The server's version.
    pub version: String,
}
