//! Request extractors: who is calling, in which organization, with which permissions, and the
//! list parameters. They only extract: the checks they run are services' functions, and access
//! checks live in handler signatures, not in handler bodies.

pub mod auth;
pub mod client_info;
pub mod idempotency;
pub mod ingest;
pub mod limited_json;
pub mod list;
pub mod optional_json;
pub mod org;
pub mod require;

use actix_web::{HttpRequest, web};

use crate::error::ApiError;
use crate::state::AppState;

/// The application state of a request.
pub(crate) fn app_state(req: &HttpRequest) -> Result<web::Data<AppState>, ApiError> {
    req.app_data::<web::Data<AppState>>()
        .cloned()
        .ok_or_else(|| ApiError::Internal(anyhow::anyhow!("application state missing")))
}
