//! A sparkline: a series' shape in a line of text, without axes. It is decorative; the figure it
//! sits beside says the numbers.

use std::fmt::Write;

use leptos::prelude::*;

const WIDTH: f64 = 120.0;
const HEIGHT: f64 = 32.0;

/// The shape of `values`, scaled from zero to their highest.
#[component]
pub fn Sparkline(
    /// The values, oldest first.
    values: Vec<i64>,
) -> impl IntoView {
    let top = values.iter().copied().max().unwrap_or(0).max(1) as f64;
    let step = if values.len() > 1 { WIDTH / (values.len() - 1) as f64 } else { 0.0 };
    let mut d = String::new();
    for (i, v) in values.iter().enumerate() {
        let y = HEIGHT - 2.0 - (HEIGHT - 4.0) * (*v.max(&0) as f64 / top);
        let _ = write!(d, "{}{:.1} {y:.1}", if i == 0 { "M" } else { " L" }, i as f64 * step);
    }
    view! {
        <svg class="sparkline" viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none" aria-hidden="true">
            <path d=d vector-effect="non-scaling-stroke"></path>
        </svg>
    }
}
