//! Usage: what the operator's systems report for each organization (ingestion with ingest
//! keys), the daily rollups read as series, the raw events list, and the operator's monitoring.
//!
//! Quantities are [`Quantity`](crate::quantity::Quantity) values: JSON numbers with at most three
//! decimals, held as thousandths. Days are UTC days; weeks are ISO weeks (from Monday).

pub mod admin;
pub mod events;
pub mod ingest;
pub mod series;

crate::string_enum! {
    /// The metrics usage is reported in (the catalogue; an event of another metric is refused).
    pub enum UsageMetric {
        /// Calls to the customer's automations' APIs.
        ApiCalls = "api_calls",
        /// Runs of the customer's automations.
        AutomationRuns = "automation_runs",
        /// Storage held, in gigabyte-hours.
        StorageGbHours = "storage_gb_hours",
        /// Emails the automations sent.
        EmailsSent = "emails_sent",
    }
}

impl UsageMetric {
    /// A short label for people, e.g. a chart's title.
    pub fn label(self) -> &'static str {
        match self {
            UsageMetric::ApiCalls => "API calls",
            UsageMetric::AutomationRuns => "Automation runs",
            UsageMetric::StorageGbHours => "Storage",
            UsageMetric::EmailsSent => "Emails sent",
        }
    }

    /// The unit a quantity counts, e.g. for an axis (`calls`, `GB-hours`).
    pub fn unit(self) -> &'static str {
        match self {
            UsageMetric::ApiCalls => "calls",
            UsageMetric::AutomationRuns => "runs",
            UsageMetric::StorageGbHours => "GB-hours",
            UsageMetric::EmailsSent => "emails",
        }
    }
}

/// What a comma-separated list of metric names matches (the `metric` parameter of a series).
pub const METRIC_LIST_PATTERN: &str = "^(api_calls|automation_runs|storage_gb_hours|emails_sent)(,(api_calls|automation_runs|storage_gb_hours|emails_sent))*$";

#[cfg(test)]
mod tests {
    use super::{METRIC_LIST_PATTERN, UsageMetric};

    #[test]
    fn the_list_pattern_names_the_catalogue() {
        let names: Vec<&str> = UsageMetric::ALL.iter().map(|m| m.as_str()).collect();
        let one = format!("({})", names.join("|"));
        assert_eq!(METRIC_LIST_PATTERN, format!("^{one}(,{one})*$"));
    }

    #[test]
    fn every_metric_has_a_label_and_a_unit() {
        for m in UsageMetric::ALL {
            assert!(!m.label().is_empty() && !m.unit().is_empty(), "{m}");
            assert_eq!(UsageMetric::parse(m.as_str()), Some(m));
        }
    }
}
