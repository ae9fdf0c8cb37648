//! Types shared by the OMGsystems API server and its web app: the wire format (DTOs), roles and
//! permissions, input validation and the stable error codes. Compiles for native and wasm32.

#[macro_use]
pub mod catalogue;
pub mod audit;
pub mod bundles;
pub mod dto;
pub mod events;
pub mod flags;
pub mod links;
pub mod money;
pub mod problem;
pub mod quantity;
pub mod role;
pub mod settings;
pub mod time;
pub mod validation;
pub mod whole;

pub use bundles::Bundle;
pub use money::{Currency, Money, MoneyError, group_thousands};
pub use problem::{ErrorCode, FieldError, Problem};
pub use quantity::Quantity;
pub use role::{OrgRole, Permission, PermissionMarker, Role, effective_permissions, perm};
