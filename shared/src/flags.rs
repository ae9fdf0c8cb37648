//! The flag catalogue: the feature flag keys the web app knows, each with what it turns on. The
//! web app reads these constants (never a bare string) to hide what a flag turns off, through
//! [`FeatureSet::is_on`](crate::dto::flags::FeatureSet::is_on) on `GET /api/dashboard/features`.
//! The operator creates the flag of a key in the admin API; until then the key is off.

/// A flag the web app knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FlagSpec {
    /// The flag's key, as created in the admin API.
    pub key: &'static str,
    /// What it turns on.
    pub description: &'static str,
}

/// The client portal's usage page: charts per metric, the range picker and the CSV export.
pub const USAGE_DASHBOARD: FlagSpec = FlagSpec {
    key: "usage.dashboard",
    description: "The client portal's usage page: charts per metric, range picker, CSV export",
};

/// The client portal's billing pages: plan, invoices, payment method.
pub const BILLING_PORTAL: FlagSpec = FlagSpec {
    key: "billing.portal",
    description: "The client portal's billing pages: plan, invoices, payment method",
};

/// Every flag the web app knows.
pub const ALL: &[FlagSpec] = &[USAGE_DASHBOARD, BILLING_PORTAL];

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validation::FlagKey;

    #[test]
    fn catalogue_keys_are_valid_and_unique() {
        let mut keys: Vec<&str> = ALL.iter().map(|f| f.key).collect();
        for f in ALL {
            assert!(FlagKey::parse("key", f.key).is_ok(), "{}", f.key);
            assert!(!f.description.is_empty());
        }
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), ALL.len());
    }
}
