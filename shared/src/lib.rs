//! Types shared by the OMGsystems API server and its web app: the wire format (DTOs), roles and
//! permissions, input validation and the stable error codes. Compiles for native and wasm32.

pub mod dto;
pub mod problem;
pub mod role;
pub mod validation;

pub use problem::{ErrorCode, FieldError, Problem};
pub use role::{OrgRole, Permission, Role, effective_permissions};
