//! The marks of a chart: bars (grouped or stacked) and lines (optionally filled as areas). Each
//! series has its own class (`series-0`, `series-1`, …) so the stylesheet gives it a colour.

use std::fmt::Write;

use leptos::prelude::*;

use super::ChartData;
use super::frame::Frame;

/// How a chart draws its series.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A line per series; `area` fills below it.
    Line {
        /// Fill the area under each line.
        area: bool,
    },
    /// Bars per bucket, side by side or `stacked`.
    Bar {
        /// One stack per bucket instead of a bar per series.
        stacked: bool,
    },
}

impl Kind {
    /// Whether the value scale reaches a bucket's sum.
    pub fn stacked(self) -> bool {
        matches!(self, Kind::Bar { stacked: true })
    }
}

/// The marks of `data` in `frame`.
pub fn marks(data: &ChartData, frame: &Frame, kind: Kind) -> AnyView {
    match kind {
        Kind::Bar { stacked } => bars(data, frame, stacked).into_any(),
        Kind::Line { area } => lines(data, frame, area).into_any(),
    }
}

fn bars(data: &ChartData, frame: &Frame, stacked: bool) -> impl IntoView + use<> {
    let n = data.series.len().max(1);
    let group = frame.band() * 0.72;
    let width = if stacked { group } else { group / n as f64 };
    let mut rects = Vec::with_capacity(frame.count * n);
    for i in 0..frame.count {
        let mut base = 0_i64;
        for s in 0..n {
            let value = data.value(s, i).max(0);
            let (from, to) = if stacked { (base, base + value) } else { (0, value) };
            base += value;
            let x = frame.x(i) - group / 2.0 + if stacked { 0.0 } else { s as f64 * width };
            let (top, bottom) = (frame.y(to), frame.y(from));
            rects.push(view! {
                <rect
                    class=format!("bar series-{s}")
                    x=format!("{x:.1}")
                    y=format!("{top:.1}")
                    width=format!("{:.1}", (width - 1.0).max(1.0))
                    height=format!("{:.1}", bottom - top)
                ></rect>
            });
        }
    }
    rects
}

fn lines(data: &ChartData, frame: &Frame, area: bool) -> impl IntoView + use<> {
    (0..data.series.len())
        .map(|s| {
            let points: Vec<(f64, f64)> = (0..frame.count).map(|i| (frame.x(i), frame.y(data.value(s, i)))).collect();
            let mut line = String::new();
            for (i, (x, y)) in points.iter().enumerate() {
                let _ = write!(line, "{}{x:.1} {y:.1}", if i == 0 { "M" } else { " L" });
            }
            let fill = match (area, points.first(), points.last()) {
                (true, Some((first, _)), Some((last, _))) => {
                    let bottom = frame.bottom();
                    Some(format!("M{first:.1} {bottom:.1} {} L{last:.1} {bottom:.1} Z", line.replacen('M', "L", 1)))
                }
                _ => None,
            };
            // A single bucket has no line to draw: a dot shows it.
            let dot = (points.len() == 1).then(|| {
                let (x, y) = points[0];
                view! { <circle class=format!("dot series-{s}") cx=format!("{x:.1}") cy=format!("{y:.1}") r="4"></circle> }
            });
            view! {
                {fill.map(|d| view! { <path class=format!("area series-{s}") d=d></path> })}
                <path class=format!("line series-{s}") d=line></path>
                {dot}
            }
        })
        .collect_view()
}
