//! The `audit` area: the operator's audit trail.

mod audit_logs;
