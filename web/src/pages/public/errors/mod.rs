//! The error pages. They have no routes of their own: the router shows [`NotFound`] for an address
//! that is not a page, and the portal shell shows [`Forbidden`] to a role the portal is not for.

mod forbidden;
mod not_found;

pub use self::forbidden::Forbidden;
pub use self::not_found::NotFound;
