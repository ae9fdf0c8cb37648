//! What the axes say: round steps for the value axis, values written for people (counts and
//! money, full and compact), and dates per time step. Pure functions, tested natively.

use chrono::{Datelike, NaiveDate};
use shared::{Currency, Money, group_thousands};

/// How a chart's values read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ValueFormat {
    /// Whole numbers: `12,345`.
    Count,
    /// Minor units of a currency: `$1,234.50`.
    Money(Currency),
    /// Thousandths, as usage quantities are held: `12,345`, `1.5`, `0.125`.
    Thousandths,
}

impl ValueFormat {
    /// The value in full, for tooltips and the data table: `12,345`, `$1,234.50`, `-€3.00`,
    /// `SEK 1,000.00` (money as `Money::format_display` writes it everywhere).
    pub fn full(self, value: i64) -> String {
        match self {
            ValueFormat::Count => grouped(value),
            ValueFormat::Money(currency) => Money::new(value, currency).format_display(),
            ValueFormat::Thousandths => {
                let sign = if value < 0 { "-" } else { "" };
                let (whole, milli) = (value.unsigned_abs() / 1000, value.unsigned_abs() % 1000);
                let whole = group_thousands(&whole.to_string());
                if milli == 0 {
                    format!("{sign}{whole}")
                } else {
                    format!("{sign}{whole}.{}", format!("{milli:03}").trim_end_matches('0'))
                }
            }
        }
    }

    /// The value on an axis, short: `950`, `12k`, `1.5M`, `$2.5k`, `SEK 2.5k`.
    pub fn compact(self, value: i64) -> String {
        match self {
            ValueFormat::Count => compact(value),
            // Below ten the axis needs the fraction.
            ValueFormat::Thousandths if value.unsigned_abs() < 10_000 => self.full(value),
            ValueFormat::Thousandths => compact(value / 1000),
            ValueFormat::Money(currency) => {
                let per_major = 10_i64.pow(currency.exponent());
                // Below one major unit the axis needs the fraction.
                if value.unsigned_abs() < per_major.unsigned_abs() * 10 && value % per_major != 0 {
                    return self.full(value);
                }
                let number = compact(value / per_major);
                let (sign, digits) = number.strip_prefix('-').map_or(("", number.as_str()), |rest| ("-", rest));
                match currency.symbol() {
                    Some(symbol) => format!("{sign}{symbol}{digits}"),
                    None => format!("{sign}{} {digits}", currency.as_str()),
                }
            }
        }
    }
}

/// `1234567` → `1,234,567`.
pub fn grouped(value: i64) -> String {
    let sign = if value < 0 { "-" } else { "" };
    format!("{sign}{}", group_thousands(&value.unsigned_abs().to_string()))
}

/// `950`, `1.3k`, `12k`, `1.5M`, `2B`: one decimal below ten of a unit, none above; a value that
/// rounds to a thousand of a unit takes the next unit (`999,999` is `1M`).
pub fn compact(value: i64) -> String {
    const UNITS: [(u128, &str); 4] = [(1, ""), (1_000, "k"), (1_000_000, "M"), (1_000_000_000, "B")];
    let magnitude = u128::from(value.unsigned_abs());
    let sign = if value < 0 { "-" } else { "" };
    let mut i = UNITS.iter().rposition(|(unit, _)| magnitude >= *unit).unwrap_or(0);
    let tenths = |i: usize| (magnitude * 10 + UNITS[i].0 / 2) / UNITS[i].0;
    if i > 0 && i < UNITS.len() - 1 && (tenths(i) + 5) / 10 >= 1_000 {
        i += 1;
    }
    let (unit, suffix) = UNITS[i];
    if unit == 1 {
        return format!("{sign}{magnitude}");
    }
    let tenths = tenths(i);
    if tenths < 100 && tenths % 10 != 0 {
        format!("{sign}{}.{}{suffix}", tenths / 10, tenths % 10)
    } else {
        format!("{sign}{}{suffix}", (tenths + 5) / 10)
    }
}

/// The value axis from zero to at least `max`: a round step (1, 2 or 5 × 10ⁿ, at least `min_step`)
/// that takes about `target` steps, and the ticks `0, step, 2·step, …` up to the first at or
/// above `max`. Negative or zero `max` gives `[0, min_step]`, so an empty series still has a scale.
pub fn value_ticks(max: i64, target: u32, min_step: i64) -> Vec<i64> {
    let min_step = min_step.max(1);
    if max <= 0 {
        return vec![0, min_step];
    }
    let raw = ceil_div(max, i64::from(target.max(1))).max(min_step);
    let mut power = 1_i64;
    let step = loop {
        if let Some(step) = [1, 2, 5].into_iter().map(|m| m * power).find(|s| *s >= raw) {
            break step.max(min_step);
        }
        match power.checked_mul(10) {
            Some(next) => power = next,
            None => break raw,
        }
    };
    let count = ceil_div(max, step);
    (0..=count).map(|i| i * step).collect()
}

/// `a / b` rounded up, for positive `a` and `b`.
fn ceil_div(a: i64, b: i64) -> i64 {
    a / b + i64::from(a % b != 0)
}

/// The length of one bucket of a time series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeStep {
    /// UTC days.
    Day,
    /// ISO weeks (a bucket starts on its Monday).
    Week,
    /// Calendar months (a bucket starts on the 1st).
    Month,
}

const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

fn month_name(date: NaiveDate) -> &'static str {
    MONTHS[date.month0() as usize]
}

impl TimeStep {
    /// A bucket starting on `start`, in full: `3 Nov 2026`, `Week of 2 Nov 2026`, `Nov 2026`.
    pub fn label(self, start: NaiveDate) -> String {
        let (day, month, year) = (start.day(), month_name(start), start.year());
        match self {
            TimeStep::Day => format!("{day} {month} {year}"),
            TimeStep::Week => format!("Week of {day} {month} {year}"),
            TimeStep::Month => format!("{month} {year}"),
        }
    }

    /// A bucket on the time axis, short: `3 Nov` (days and weeks), `Nov` (months; `Jan 2027` where
    /// the year changes, and for the first bucket).
    pub fn tick(self, start: NaiveDate, first: bool) -> String {
        match self {
            TimeStep::Day | TimeStep::Week => format!("{} {}", start.day(), month_name(start)),
            TimeStep::Month if first || start.month() == 1 => format!("{} {}", month_name(start), start.year()),
            TimeStep::Month => month_name(start).to_owned(),
        }
    }
}

/// Which of `count` buckets get a label on the time axis so that at most `room` do: every
/// `k`-th from the first, and `k` the smallest that fits.
pub fn labelled(count: usize, room: usize) -> impl Fn(usize) -> bool {
    let every = count.div_ceil(room.max(1)).max(1);
    move |i| i.is_multiple_of(every)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_are_round_and_cover_the_maximum() {
        assert_eq!(value_ticks(0, 4, 1), vec![0, 1]);
        assert_eq!(value_ticks(-5, 4, 1), vec![0, 1]);
        assert_eq!(value_ticks(3, 4, 1), vec![0, 1, 2, 3]);
        assert_eq!(value_ticks(7, 4, 1), vec![0, 2, 4, 6, 8]);
        assert_eq!(value_ticks(42, 4, 1), vec![0, 20, 40, 60]);
        assert_eq!(value_ticks(100, 4, 1), vec![0, 50, 100]);
        assert_eq!(value_ticks(101, 4, 1), vec![0, 50, 100, 150]);
        assert_eq!(value_ticks(123_456, 4, 100), vec![0, 50_000, 100_000, 150_000]);
        // Money: never a step below one major unit when asked for.
        assert_eq!(value_ticks(150, 4, 100), vec![0, 100, 200]);
        let huge = value_ticks(i64::MAX / 2, 4, 1);
        assert!(huge.len() <= 6 && *huge.last().unwrap() >= i64::MAX / 2, "{huge:?}");
    }

    #[test]
    fn values_read_in_full_and_short() {
        assert_eq!(grouped(0), "0");
        assert_eq!(grouped(999), "999");
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(-1_000), "-1,000");
        assert_eq!(compact(950), "950");
        assert_eq!(compact(1_000), "1k");
        assert_eq!(compact(1_250), "1.3k");
        assert_eq!(compact(12_400), "12k");
        assert_eq!(compact(999_999), "1M");
        assert_eq!(compact(999), "999");
        assert_eq!(compact(999_500), "1M");
        assert_eq!(compact(1_500_000), "1.5M");
        assert_eq!(compact(-2_000_000_000), "-2B");
        let usd = ValueFormat::Money(Currency::USD);
        assert_eq!(usd.full(123_450), "$1,234.50");
        assert_eq!(usd.full(-300), "-$3.00");
        assert_eq!(usd.compact(250_000), "$2.5k");
        assert_eq!(usd.compact(5_000), "$50");
        assert_eq!(usd.compact(50), "$0.50");
        assert_eq!(ValueFormat::Money(Currency::JPY).full(1_250), "¥1,250");
        assert_eq!(ValueFormat::Money(Currency::SEK).full(1_000_00), "SEK 1,000.00");
        assert_eq!(ValueFormat::Money(Currency::SEK).compact(250_000), "SEK 2.5k");
        assert_eq!(ValueFormat::Count.full(12_345), "12,345");
    }

    #[test]
    fn thousandths_read_as_decimals() {
        let q = ValueFormat::Thousandths;
        assert_eq!(q.full(0), "0");
        assert_eq!(q.full(1_500), "1.5");
        assert_eq!(q.full(125), "0.125");
        assert_eq!(q.full(12_345_000), "12,345");
        assert_eq!(q.full(1_234_567_890), "1,234,567.89");
        assert_eq!(q.full(-2_050), "-2.05");
        assert_eq!(q.compact(2_500), "2.5");
        assert_eq!(q.compact(12_000_000), "12k");
        assert_eq!(q.compact(45_000), "45");
    }

    #[test]
    fn dates_read_per_step() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
        assert_eq!(TimeStep::Day.label(d), "2 Nov 2026");
        assert_eq!(TimeStep::Week.label(d), "Week of 2 Nov 2026");
        assert_eq!(TimeStep::Month.label(d), "Nov 2026");
        assert_eq!(TimeStep::Day.tick(d, false), "2 Nov");
        assert_eq!(TimeStep::Month.tick(d, false), "Nov");
        assert_eq!(TimeStep::Month.tick(d, true), "Nov 2026");
        assert_eq!(TimeStep::Month.tick(NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(), false), "Jan 2027");
    }

    #[test]
    fn time_labels_thin_out_to_fit() {
        let shown = |count, room| (0..count).filter(|i| labelled(count, room)(*i)).count();
        assert_eq!(shown(30, 6), 6);
        assert_eq!(shown(7, 10), 7);
        assert_eq!(shown(31, 6), 6);
        assert_eq!(shown(366, 8), 8);
        assert_eq!(shown(0, 8), 0);
    }
}
