//! The `flags` area: the operator's feature flags and the evaluated set of the client portal.

mod admin_flags;
mod evaluation;
