//! Charts as SVG, drawn by leptos (no charting script: the CSP allows none): time series as lines
//! or areas, bars grouped or stacked, and sparklines. Every chart has readable ticks for dates
//! and money, a tooltip on hover and on keyboard focus (arrow keys move it), a legend when it
//! shows several series, a visible empty state, and a visually hidden table of its data for
//! screen readers.

pub mod axis;
mod frame;
mod key;
mod marks;
pub mod period;
mod plot;
mod sparkline;

use chrono::NaiveDate;

pub use self::axis::{TimeStep, ValueFormat};
pub use self::period::{Period, PeriodPicker};
pub use self::plot::{BarChart, LineChart};
pub use self::sparkline::Sparkline;

/// One named run of values, one per bucket.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    /// Its name in the legend, tooltip and table.
    pub name: String,
    /// A value per bucket (fewer count as zero).
    pub values: Vec<i64>,
}

/// What a chart shows: buckets along the horizontal axis and series of values over them.
#[derive(Debug, Clone, PartialEq)]
pub struct ChartData {
    /// Each bucket in full (tooltip and table): `3 Nov 2026`.
    pub labels: Vec<String>,
    /// Each bucket on the axis, short: `3 Nov`.
    pub ticks: Vec<String>,
    /// The series, drawn in order (the first at the bottom of a stack).
    pub series: Vec<Series>,
    /// How the values read.
    pub format: ValueFormat,
}

impl ChartData {
    /// Buckets of a time series starting on `starts`, one `step` long each.
    pub fn over_time(starts: &[NaiveDate], step: TimeStep, format: ValueFormat) -> Self {
        ChartData {
            labels: starts.iter().map(|d| step.label(*d)).collect(),
            ticks: starts.iter().enumerate().map(|(i, d)| step.tick(*d, i == 0)).collect(),
            series: Vec::new(),
            format,
        }
    }

    /// Adds a series.
    pub fn with_series(mut self, name: impl Into<String>, values: Vec<i64>) -> Self {
        self.series.push(Series { name: name.into(), values });
        self
    }

    /// The value of series `s` in bucket `i`.
    fn value(&self, s: usize, i: usize) -> i64 {
        self.series.get(s).and_then(|series| series.values.get(i)).copied().unwrap_or(0)
    }

    /// Whether there is nothing to draw: no buckets, or no value but zero.
    pub fn is_empty(&self) -> bool {
        self.labels.is_empty() || self.series.iter().all(|s| s.values.iter().all(|v| *v == 0))
    }

    /// The highest value drawn: of a single series, or of a bucket's sum when stacked.
    fn max(&self, stacked: bool) -> i64 {
        (0..self.labels.len())
            .map(|i| {
                let values = (0..self.series.len()).map(|s| self.value(s, i).max(0));
                if stacked { values.sum() } else { values.max().unwrap_or(0) }
            })
            .max()
            .unwrap_or(0)
    }
}

/// Running totals of `values`: each bucket the sum of it and all before.
pub fn cumulative(values: &[i64]) -> Vec<i64> {
    values
        .iter()
        .scan(0_i64, |sum, v| {
            *sum = sum.saturating_add(*v);
            Some(*sum)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_knows_its_extent() {
        let days: Vec<NaiveDate> = (1..=3).map(|d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap()).collect();
        let data = ChartData::over_time(&days, TimeStep::Day, ValueFormat::Count)
            .with_series("a", vec![1, 5, 2])
            .with_series("b", vec![4, 0]);
        assert_eq!(data.ticks, ["1 Nov", "2 Nov", "3 Nov"]);
        assert_eq!(data.labels[2], "3 Nov 2026");
        assert_eq!(data.max(false), 5);
        assert_eq!(data.max(true), 5);
        assert_eq!(data.value(1, 2), 0);
        assert!(!data.is_empty());
        assert!(ChartData::over_time(&days, TimeStep::Day, ValueFormat::Count).with_series("z", vec![0; 3]).is_empty());
        assert_eq!(cumulative(&[1, 0, 2, 3]), [1, 1, 3, 6]);
    }
}
