//! The chart itself: measured to its container's width, value gridlines and time labels, the
//! marks, and the tooltip that follows the pointer or the arrow keys.

use leptos::ev;
use leptos::html::Div;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::ChartData;
use super::frame::{Frame, HEIGHT};
use super::key::{data_table, legend, swatched};
use super::marks::{Kind, marks};
use crate::components::EmptyState;

/// A time series as lines, one per series (the second and later dashed), optionally filled.
#[component]
pub fn LineChart(
    /// What the chart shows, as a sentence's subject: "Signups per day".
    #[prop(into)]
    title: String,
    /// The buckets and series.
    data: ChartData,
    /// Fill the area under each line.
    #[prop(optional)]
    area: bool,
    /// What the empty state says when there is nothing to draw.
    #[prop(into)]
    empty: String,
) -> impl IntoView {
    chart(title, data, Kind::Line { area }, empty)
}

/// Bars per bucket: side by side for several series, or stacked.
#[component]
pub fn BarChart(
    /// What the chart shows, as a sentence's subject: "Signups per day".
    #[prop(into)]
    title: String,
    /// The buckets and series.
    data: ChartData,
    /// One stack per bucket instead of a bar per series.
    #[prop(optional)]
    stacked: bool,
    /// What the empty state says when there is nothing to draw.
    #[prop(into)]
    empty: String,
) -> impl IntoView {
    chart(title, data, Kind::Bar { stacked }, empty)
}

fn chart(title: String, data: ChartData, kind: Kind, empty: String) -> AnyView {
    if data.is_empty() {
        return view! { <div class="chart-empty"><EmptyState title=empty/></div> }.into_any();
    }
    let count = data.labels.len();
    let table = data_table(title.clone(), &data);
    let key = legend(&data);
    let data = StoredValue::new(data);
    let width = RwSignal::new(640.0);
    let active = RwSignal::new(None::<usize>);
    let plot = NodeRef::<Div>::new();
    let measure = move || {
        if let Some(el) = plot.get_untracked() {
            width.set(f64::from(el.client_width()));
        }
    };
    Effect::new(move |_| {
        plot.track();
        measure();
    });
    let resize = window_event_listener(ev::resize, move |_| measure());
    on_cleanup(move || resize.remove());
    let frame = Memo::new(move |_| data.with_value(|d| Frame::new(d, width.get(), kind.stacked())));

    let on_move = move |ev: ev::MouseEvent| {
        let Some(el) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let x = f64::from(ev.client_x()) - el.get_bounding_client_rect().left();
        active.set(frame.with_untracked(|f| f.bucket_at(x)));
    };
    let on_key = move |ev: ev::KeyboardEvent| {
        let last = count - 1;
        let next = match (ev.key().as_str(), active.get_untracked()) {
            ("ArrowRight", Some(i)) => Some((i + 1).min(last)),
            ("ArrowLeft", Some(i)) => Some(i.saturating_sub(1)),
            ("ArrowRight" | "ArrowLeft" | "Home", _) => Some(0),
            ("End", _) => Some(last),
            ("Escape", _) => None,
            _ => return,
        };
        ev.prevent_default();
        active.set(next);
    };
    let drawing = move || frame.with(|f| data.with_value(|d| draw(d, f, kind)));
    let hover = move || {
        let i = active.get()?;
        let (x, band) = frame.with(|f| (f.x(i), f.band()));
        let bottom = frame.with(Frame::bottom);
        Some(view! {
            <rect class="chart-hover" x=format!("{:.1}", x - band / 2.0) y="0" width=format!("{band:.1}") height=format!("{bottom:.1}")></rect>
        })
    };
    let tooltip = move || {
        let i = active.get()?;
        let left = frame.with(|f| f.x(i).clamp(80.0, (f.width - 80.0).max(80.0)));
        let lines = data.with_value(|d| {
            d.series
                .iter()
                .enumerate()
                .map(|(s, series)| swatched(s, format!("{}: {}", series.name, d.format.full(d.value(s, i)))))
                .collect_view()
        });
        let label = data.with_value(|d| d.labels[i].clone());
        Some(view! {
            <div class="chart-tooltip" style=format!("left: {left:.0}px")>
                <p class="chart-tooltip-title">{label}</p>
                <ul>{lines}</ul>
            </div>
        })
    };
    view! {
        <figure
            class="chart"
            tabindex="0"
            aria-label=format!("{title}. Arrow keys show each period's values.")
            on:keydown=on_key
            on:blur=move |_| active.set(None)
        >
            <div class="chart-plot" node_ref=plot>
                <svg
                    width=move || format!("{:.0}", frame.with(|f| f.width))
                    height=HEIGHT.to_string()
                    aria-hidden="true"
                    on:mousemove=on_move
                    on:mouseleave=move |_| active.set(None)
                >
                    {hover}
                    {drawing}
                </svg>
                <div class="chart-tooltip-live" aria-live="polite">{tooltip}</div>
            </div>
            {key}
            {table}
        </figure>
    }
    .into_any()
}

/// Gridlines with value labels, the time labels, and the marks.
fn draw(data: &ChartData, frame: &Frame, kind: Kind) -> impl IntoView + use<> {
    let grid = frame
        .ticks
        .iter()
        .map(|t| {
            let y = format!("{:.1}", frame.y(*t));
            view! {
                <line class="chart-grid" x1=format!("{:.1}", frame.left) x2=format!("{:.1}", frame.width) y1=y.clone() y2=y.clone()></line>
                <text class="chart-value" x=format!("{:.1}", frame.left - 8.0) y=y>{data.format.compact(*t)}</text>
            }
        })
        .collect_view();
    let widest = data.ticks.iter().map(|t| t.chars().count()).max().unwrap_or(1);
    let labelled = frame.labelled(widest);
    let times = data
        .ticks
        .iter()
        .enumerate()
        .filter(|(i, _)| labelled(*i))
        .map(|(i, tick)| {
            view! {
                <text class="chart-time" x=format!("{:.1}", frame.x(i)) y=format!("{:.1}", frame.bottom() + 18.0)>
                    {tick.clone()}
                </text>
            }
        })
        .collect_view();
    view! {
        <g>{grid}</g>
        <g>{times}</g>
        <g>{marks(data, frame, kind)}</g>
    }
}
