//! The `settings` area: the operator's system settings.

mod system;
