//! Where things go on a chart: the plot area inside the margins, a band per bucket, and the
//! value scale from zero to the top tick.

use super::ChartData;
use super::axis::{labelled, value_ticks};

/// The chart's height in pixels (its width is the container's).
pub const HEIGHT: f64 = 240.0;
const TOP: f64 = 12.0;
const BOTTOM: f64 = 28.0;
const RIGHT: f64 = 12.0;
/// About how wide a character of the axis font is, for the left margin and label room.
const CHAR_WIDTH: f64 = 7.0;

/// The geometry of one drawing of a chart.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// The whole width.
    pub width: f64,
    /// Left of the plot area (room for the value labels).
    pub left: f64,
    /// The value ticks, from zero.
    pub ticks: Vec<i64>,
    /// The buckets.
    pub count: usize,
}

impl Frame {
    /// The frame for `data` drawn `width` wide; `stacked` scales to the sum of a bucket.
    pub fn new(data: &ChartData, width: f64, stacked: bool) -> Self {
        let min_step = match data.format {
            super::ValueFormat::Count | super::ValueFormat::Thousandths => 1,
            super::ValueFormat::Money(currency) => 10_i64.pow(currency.exponent()),
        };
        let ticks = value_ticks(data.max(stacked), 4, min_step);
        let widest = ticks.iter().map(|t| data.format.compact(*t).chars().count()).max().unwrap_or(1);
        Frame { width: width.max(160.0), left: widest as f64 * CHAR_WIDTH + 14.0, ticks, count: data.labels.len() }
    }

    /// The width of a bucket.
    pub fn band(&self) -> f64 {
        (self.width - self.left - RIGHT) / self.count.max(1) as f64
    }

    /// The middle of bucket `i`.
    pub fn x(&self, i: usize) -> f64 {
        self.left + self.band() * (i as f64 + 0.5)
    }

    /// The bucket under `x` (pixels from the chart's left edge), if any.
    pub fn bucket_at(&self, x: f64) -> Option<usize> {
        let i = ((x - self.left) / self.band()).floor();
        (i >= 0.0 && (i as usize) < self.count).then_some(i as usize)
    }

    /// The height of `value` on the chart (zero at the bottom of the plot).
    pub fn y(&self, value: i64) -> f64 {
        let top = self.ticks.last().copied().unwrap_or(1).max(1) as f64;
        self.bottom() - (self.bottom() - TOP) * (value as f64 / top)
    }

    /// The bottom of the plot area (the zero line).
    pub fn bottom(&self) -> f64 {
        HEIGHT - BOTTOM
    }

    /// Whether bucket `i` gets a label on the time axis (as many as fit, evenly spread).
    pub fn labelled(&self, widest_tick: usize) -> impl Fn(usize) -> bool {
        let room = ((self.width - self.left - RIGHT) / (widest_tick as f64 * CHAR_WIDTH + 16.0)).floor();
        labelled(self.count, room.max(1.0) as usize)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::components::chart::{TimeStep, ValueFormat};

    #[test]
    fn buckets_share_the_plot_and_values_scale_from_zero() {
        let days: Vec<_> = (1..=10).map(|d| chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap()).collect();
        let data = ChartData::over_time(&days, TimeStep::Day, ValueFormat::Count).with_series("s", vec![3; 10]);
        let frame = Frame::new(&data, 600.0, false);
        assert_eq!(frame.ticks, [0, 1, 2, 3]);
        assert_eq!(frame.bucket_at(frame.x(0)), Some(0));
        assert_eq!(frame.bucket_at(frame.x(9)), Some(9));
        assert_eq!(frame.bucket_at(frame.left - 1.0), None);
        assert_eq!(frame.bucket_at(600.0), None);
        assert_eq!(frame.y(0), frame.bottom());
        assert_eq!(frame.y(3), TOP);
        let shown = (0..10).filter(|i| frame.labelled(6)(*i)).count();
        assert!((1..=10).contains(&shown));
    }
}
