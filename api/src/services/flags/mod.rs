//! The feature flags area: the operator's flags (`admin`), their evaluation for one
//! organization (`evaluation`, with the `murmur3` hash of the sticky rollout), and the evaluated
//! set the client portal reads (`features`).

pub mod admin;
pub mod evaluation;
pub mod features;
pub mod murmur3;
