//! Chart F: the sweep heatmap, one cell per (x, y) parameter pair coloured by the final value of
//! a curve, with a colour bar. Cells not computed yet stay empty, so rows appear as they finish.
//! Colours follow viridis (perceptually uniform, colour-blind safe).

use super::backend::{Area, BackendError};
use super::{ChartStyle, LegendItem};
use infoloop_core::scenario::chart::Dash;
use infoloop_core::scenario::format::num;
use infoloop_core::sweep::{SweepGrid, SweepSpec};
use plotters::prelude::*;
use std::ops::Range;

/// The heatmap's heading.
pub const TITLE: &str = "Sweep: the final value over two parameters";

/// Pixel ranges (x, y) of the cell area, for mapping the pointer to a cell.
pub type PlotRect = (Range<i32>, Range<i32>);

/// Viridis anchors, low to high.
const VIRIDIS: [(u8, u8, u8); 6] = [
    (0x44, 0x01, 0x54),
    (0x41, 0x44, 0x87),
    (0x2a, 0x78, 0x8e),
    (0x22, 0xa8, 0x84),
    (0x7a, 0xd1, 0x51),
    (0xfd, 0xe7, 0x25),
];

/// The viridis colour at `f` in [0, 1] (clamped; NaN gives the low end).
pub fn viridis(f: f64) -> RGBColor {
    let f = if f.is_nan() { 0.0 } else { f.clamp(0.0, 1.0) };
    let pos = f * (VIRIDIS.len() - 1) as f64;
    let i = (pos.floor() as usize).min(VIRIDIS.len() - 2);
    let t = pos - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + t * (b as f64 - a as f64)).round() as u8;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// The colour scale's range: fixed for a bounded metric (a share: 0 to 1, so colours mean the
/// same while cells fill), else the computed values', widened if degenerate.
fn scale(grid: &SweepGrid) -> (f64, f64) {
    if let Some(bounds) = metric(grid).and_then(|m| m.bounds) {
        return bounds;
    }
    match grid.value_range() {
        Some((lo, hi)) if hi - lo > 1e-12 => (lo, hi),
        Some((lo, _)) => (lo - 0.5, lo + 0.5),
        None => (0.0, 1.0),
    }
}

/// The sweep's metric as its scenario declares it.
fn metric(grid: &SweepGrid) -> Option<infoloop_core::sweep::Metric> {
    SweepSpec::metrics(grid.base.scenario)
        .into_iter()
        .find(|m| m.key == grid.spec.metric)
}

/// An axis of the heatmap in the plotting coordinate: the value itself, or its log10 for a
/// parameter spanning decades (cells are even in that coordinate either way).
struct Axis {
    log: bool,
    /// Cell centres in the coordinate.
    centres: Vec<f64>,
}

impl Axis {
    fn of(grid: &SweepGrid, key: &str, values: &[f64]) -> Axis {
        let log =
            grid.base.spec(key).is_some_and(|s| s.is_log()) && values.iter().all(|&v| v > 0.0);
        let centres = values
            .iter()
            .map(|&v| if log { libm::log10(v) } else { v })
            .collect();
        Axis { log, centres }
    }

    /// Where value `v` sits.
    fn pos(&self, v: f64) -> f64 {
        if self.log {
            libm::log10(v.max(f64::MIN_POSITIVE))
        } else {
            v
        }
    }

    /// Half a cell's width.
    fn half(&self) -> f64 {
        let n = self.centres.len();
        match (self.centres.first(), self.centres.last()) {
            (Some(a), Some(b)) if n > 1 && b > a => (b - a) / (2.0 * (n - 1) as f64),
            _ => 0.5,
        }
    }

    /// The coordinate range, the outer cells included whole.
    fn range(&self) -> std::ops::Range<f64> {
        let h = self.half();
        let a = self.centres.first().copied().unwrap_or(0.0);
        let b = self.centres.last().copied().unwrap_or(1.0);
        (a - h)..(b + h)
    }

    /// A tick label at coordinate `c`: round values as plotters picks them (powers of ten on a
    /// log axis).
    fn tick(&self, c: f64) -> String {
        trim(if self.log { libm::pow(10.0, c) } else { c })
    }
}

/// Label of a parameter of the sweep's scenario.
fn label(grid: &SweepGrid, key: &str) -> String {
    grid.base
        .spec(key)
        .map_or(key.to_string(), |s| s.label.to_string())
}

/// Label of the sweep's metric, as on the scenario's charts.
pub fn metric_label(grid: &SweepGrid) -> String {
    SweepSpec::metrics(grid.base.scenario)
        .into_iter()
        .find(|m| m.key == grid.spec.metric)
        .map_or_else(|| grid.spec.metric.replace('_', " "), |m| m.label)
}

/// Draws the heatmap and its colour bar; returns where the cells are, in pixels.
pub fn draw(
    root: &Area<'_>,
    grid: &SweepGrid,
    style: &ChartStyle,
) -> Result<PlotRect, DrawingAreaErrorKind<BackendError>> {
    root.fill(&style.background())?;
    let (nx, ny) = (grid.xs.len().max(1), grid.ys.len().max(1));
    let (w, _) = root.dim_in_pixel();
    let bar_w = style.px(104.0).min(w / 3);
    let (main, bar) = root.split_horizontally(w - bar_w);
    let font = |size: f64| {
        ("sans-serif", size * style.dpr)
            .into_font()
            .color(&style.foreground())
    };
    let (ax, ay) = (
        Axis::of(grid, &grid.spec.x_key, &grid.xs),
        Axis::of(grid, &grid.spec.y_key, &grid.ys),
    );
    let (hx, hy) = (ax.half(), ay.half());
    let mut chart = ChartBuilder::on(&main)
        .margin_top(style.px(10.0))
        .margin_right(style.px(8.0))
        .margin_left(style.px(4.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(52.0))
        .build_cartesian_2d(ax.range(), ay.range())?;
    chart
        .configure_mesh()
        .disable_mesh()
        .x_desc(label(grid, &grid.spec.x_key))
        .y_desc(label(grid, &grid.spec.y_key))
        .x_labels(6)
        .y_labels(6)
        .x_label_formatter(&|x| ax.tick(*x))
        .y_label_formatter(&|y| ay.tick(*y))
        .label_style(font(12.0))
        .axis_desc_style(font(12.5))
        .axis_style(style.foreground().mix(0.6))
        .draw()?;
    let (lo, hi) = scale(grid);
    let cells = (0..ny)
        .flat_map(|row| (0..nx).map(move |col| (col, row)))
        .filter_map(|(col, row)| {
            let v = grid.at(col, row);
            v.is_finite().then(|| {
                let color = viridis((v - lo) / (hi - lo));
                let (x, y) = (ax.centres[col], ay.centres[row]);
                Rectangle::new([(x - hx, y - hy), (x + hx, y + hy)], color.filled())
            })
        });
    chart.draw_series(cells)?;
    // Closed-form values on the axes (e.g. the threshold c*), labelled where they are drawn.
    let marks = grid.base.scenario.sweep_marks(grid.base.values());
    let (xr, yr) = (ax.range(), ay.range());
    for mark in marks {
        let stroke = style.foreground().stroke_width(style.px(2.0));
        let text_style = ("sans-serif", 11.5 * style.dpr)
            .into_font()
            .color(&style.foreground());
        if mark.key == grid.spec.y_key && yr.contains(&ay.pos(mark.value)) {
            let y = ay.pos(mark.value);
            chart.draw_series(DashedLineSeries::new(
                [(xr.start, y), (xr.end, y)],
                style.px(8.0),
                style.px(4.0),
                stroke,
            ))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((xr.start, y))
                    + Text::new(
                        mark.label.clone(),
                        (style.px(4.0) as i32, -(style.px(15.0) as i32)),
                        text_style,
                    ),
            ))?;
        } else if mark.key == grid.spec.x_key && xr.contains(&ax.pos(mark.value)) {
            let x = ax.pos(mark.value);
            chart.draw_series(DashedLineSeries::new(
                [(x, yr.start), (x, yr.end)],
                style.px(8.0),
                style.px(4.0),
                stroke,
            ))?;
            chart.draw_series(std::iter::once(
                EmptyElement::at((x, yr.end))
                    + Text::new(
                        mark.label.clone(),
                        (style.px(4.0) as i32, style.px(4.0) as i32),
                        text_style,
                    ),
            ))?;
        }
    }
    let rect = chart.plotting_area().get_pixel_range();

    // Colour bar.
    let mut bar_chart = ChartBuilder::on(&bar)
        .margin_top(style.px(10.0))
        .margin_right(style.px(6.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(64.0))
        .build_cartesian_2d(0.0..1.0, lo..hi)?;
    let bar_label = metric_label(grid);
    bar_chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .y_labels(5)
        .y_label_formatter(&|v| trim(*v))
        .y_desc(bar_label)
        .axis_desc_style(font(11.5))
        .label_style(font(11.0))
        .axis_style(style.foreground().mix(0.6))
        .draw()?;
    let steps = 64;
    bar_chart.draw_series((0..steps).map(|i| {
        let a = lo + (hi - lo) * i as f64 / steps as f64;
        let b = lo + (hi - lo) * (i + 1) as f64 / steps as f64;
        Rectangle::new(
            [(0.0, a), (1.0, b)],
            viridis((i as f64 + 0.5) / steps as f64).filled(),
        )
    }))?;
    Ok(rect)
}

/// A short label without trailing zeros: 3 decimals below 10, fewer above.
fn trim(v: f64) -> String {
    if v.abs() >= 100.0 || v.fract() == 0.0 {
        format!("{v:.0}")
    } else {
        let s = if v.abs() >= 10.0 {
            format!("{v:.1}")
        } else {
            format!("{v:.3}")
        };
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Legend: the colour scale.
pub fn legend(grid: &SweepGrid, _style: &ChartStyle) -> Vec<LegendItem> {
    let (lo, hi) = scale(grid);
    vec![
        LegendItem {
            label: format!("low ({})", num(lo)),
            color: viridis(0.0),
            dash: Dash::Solid,
            band: true,
        },
        LegendItem {
            label: format!("high ({})", num(hi)),
            color: viridis(1.0),
            dash: Dash::Solid,
            band: true,
        },
    ]
}

/// "Final accuracy_out_of_domain over verifier strength s × coarseness c: 0.05 to 0.60 (1024 of
/// 1024 cells)."
pub fn caption(grid: &SweepGrid) -> String {
    let total = grid.values.len();
    let range = match grid.value_range() {
        Some((lo, hi)) => format!("from {} to {}", num(lo), num(hi)),
        None => "nothing computed yet".into(),
    };
    format!(
        "Final value of {} over {} (x) × {} (y), each from its minimum to its maximum: {range} \
         ({} of {total} cells computed).",
        metric_label(grid),
        label(grid, &grid.spec.x_key),
        label(grid, &grid.spec.y_key),
        grid.done,
    )
}

/// The cell under pixel (`px`, `py`) and a sentence describing it.
pub fn describe(grid: &SweepGrid, rect: &PlotRect, px: i32, py: i32) -> Option<String> {
    let (xr, yr) = rect;
    if !xr.contains(&px) || !yr.contains(&py) || grid.xs.is_empty() || grid.ys.is_empty() {
        return None;
    }
    let fx = (px - xr.start) as f64 / (xr.end - xr.start).max(1) as f64;
    let fy = (yr.end - py) as f64 / (yr.end - yr.start).max(1) as f64;
    let col = ((fx * grid.xs.len() as f64) as usize).min(grid.xs.len() - 1);
    let row = ((fy * grid.ys.len() as f64) as usize).min(grid.ys.len() - 1);
    let v = grid.at(col, row);
    let value = if v.is_finite() {
        num(v)
    } else {
        "not computed yet".into()
    };
    Some(format!(
        "{} = {}, {} = {}: {} = {value}",
        grid.spec.x_key,
        trim(grid.xs[col]),
        grid.spec.y_key,
        trim(grid.ys[row]),
        metric_label(grid),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charts::backend::svg_document;
    use infoloop_core::spec::RunSpec;

    fn demo_grid(values: Vec<f64>, nx: usize) -> SweepGrid {
        let base = RunSpec::default();
        let spec = SweepSpec::default_for(base.scenario);
        let ny = values.len() / nx;
        SweepGrid {
            base,
            spec,
            xs: (0..nx).map(|i| i as f64).collect(),
            ys: (0..ny).map(|i| i as f64).collect(),
            done: values.iter().filter(|v| v.is_finite()).count(),
            values,
        }
    }

    #[test]
    fn viridis_ends_and_clamps() {
        assert_eq!(viridis(0.0), RGBColor(0x44, 0x01, 0x54));
        assert_eq!(viridis(1.0), RGBColor(0xfd, 0xe7, 0x25));
        assert_eq!(viridis(7.0), viridis(1.0));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
    }

    #[test]
    fn pointer_maps_to_cells() {
        let grid = demo_grid(vec![0.1, 0.2, 0.3, f64::NAN], 2);
        let rect = (0..100, 0..100);
        let text = describe(&grid, &rect, 10, 90).unwrap();
        let (x, y) = (&grid.spec.x_key, &grid.spec.y_key);
        assert!(text.starts_with(&format!("{x} = 0, {y} = 0: ")), "{text}");
        assert!(text.ends_with(" = 0.10"), "{text}");
        assert!(describe(&grid, &rect, 90, 10)
            .unwrap()
            .ends_with("not computed yet"));
        assert!(describe(&grid, &rect, 200, 10).is_none());
    }

    #[test]
    fn empty_and_constant_grids_draw() {
        let mut grid = demo_grid(vec![f64::NAN, f64::NAN], 2);
        let style = ChartStyle::new(1.0, false);
        let doc = svg_document(400, 300, |root| assert!(draw(root, &grid, &style).is_ok()));
        assert!(doc.contains("<rect"));
        grid.values = vec![0.5, 0.5];
        let doc = svg_document(400, 300, |root| assert!(draw(root, &grid, &style).is_ok()));
        assert!(
            doc.matches("<rect").count() > 2,
            "two cells and the colour bar"
        );
    }
}
