//! What an account must have done before it may do some things. A confirmed email address is
//! needed to act on others' behalf or to be written to about money: inviting people, creating API
//! keys and receiving billing mail (a registration with someone else's address must not reach
//! further than its own organization).

use crate::context::Actor;
use crate::error::{ApiError, ApiResult};

/// Refuses an actor whose user (the person, or an API key's creator) has not confirmed their
/// email address.
///
/// Errors: `EmailUnverified` (403 `email_unverified`).
pub fn confirmed_email(actor: &Actor) -> ApiResult<()> {
    if actor.user().email_verified_at.is_some() { Ok(()) } else { Err(ApiError::EmailUnverified) }
}
