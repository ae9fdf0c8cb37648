//! The operator's management of user accounts across the platform: the directory (list with
//! search and filters, one account with its memberships and sessions) and the ADMIN's changes
//! (platform role, disable, enable, password reset), each audited in its transaction.

pub mod directory;
pub mod management;
