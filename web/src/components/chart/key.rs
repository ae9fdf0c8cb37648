//! What explains a chart: its legend, and the table of its data for screen readers.

use leptos::prelude::*;

use super::ChartData;

/// A list item with the colour of series `s` before `text` (legend and tooltip).
pub fn swatched(s: usize, text: String) -> impl IntoView {
    view! {
        <li>
            <span class=format!("swatch series-{s}") aria-hidden="true"></span>
            {text}
        </li>
    }
}

/// The series' names beside their colours (only worth showing for two or more).
pub fn legend(data: &ChartData) -> impl IntoView + use<> {
    (data.series.len() > 1).then(|| {
        let items = data.series.iter().enumerate().map(|(s, series)| swatched(s, series.name.clone())).collect_view();
        view! { <ul class="chart-legend">{items}</ul> }
    })
}

/// The chart's data as a table that only screen readers read.
pub fn data_table(title: String, data: &ChartData) -> impl IntoView + use<> {
    let heads = data.series.iter().map(|s| view! { <th scope="col">{s.name.clone()}</th> }).collect_view();
    let rows = data
        .labels
        .iter()
        .enumerate()
        .map(|(i, label)| {
            let cells =
                (0..data.series.len()).map(|s| view! { <td>{data.format.full(data.value(s, i))}</td> }).collect_view();
            view! { <tr><th scope="row">{label.clone()}</th>{cells}</tr> }
        })
        .collect_view();
    view! {
        <table class="sr-only">
            <caption>{title}</caption>
            <thead><tr><th scope="col">"Period"</th>{heads}</tr></thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
