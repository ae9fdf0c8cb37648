//! Usage as people read it, the same on the client's and the operator's pages: a quantity with
//! its metric's unit, and UTC days.

use chrono::NaiveDate;
use shared::dto::usage::UsageMetric;
use shared::quantity::Quantity;

use super::chart::{TimeStep, ValueFormat};

/// A quantity of `metric` for people: `1,500 calls`, `2.5 GB-hours`.
pub fn amount(metric: UsageMetric, quantity: Quantity) -> String {
    format!("{} {}", ValueFormat::Thousandths.full(quantity.milli()), metric.unit())
}

/// `3 Nov 2026`.
pub fn day(d: NaiveDate) -> String {
    TimeStep::Day.label(d)
}

#[cfg(test)]
mod tests {
    use shared::dto::usage::UsageMetric;
    use shared::quantity::Quantity;

    use super::amount;

    #[test]
    fn amounts_read_with_their_unit() {
        let q = |milli| Quantity::from_milli(milli).unwrap();
        assert_eq!(amount(UsageMetric::ApiCalls, q(1_500_000)), "1,500 calls");
        assert_eq!(amount(UsageMetric::StorageGbHours, q(2_500)), "2.5 GB-hours");
        assert_eq!(amount(UsageMetric::EmailsSent, q(0)), "0 emails");
    }
}
