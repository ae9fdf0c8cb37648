//! The `users` area: every account as the operator sees it, and the ADMIN's changes to them.

mod directory;
mod management;
