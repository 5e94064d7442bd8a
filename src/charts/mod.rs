//! The one chart renderer: draws any [`ChartData`] (a scenario's declared chart, resolved for
//! one run) with plotters onto any backend (the page's canvas, SVG for export), and derives
//! from the same data the legend, the hover readout, the hidden data table and the pinned
//! run's ghost. The sweep's heatmap is the one other drawing ([`heatmap`]).
//!
//! Sanitizing happens here, before plotters sees anything: non-finite values are skipped,
//! ranges are never empty or reversed (the core resolves them), curves longer than a plot is
//! wide are drawn as their envelope, and what lies off the scale is clipped and marked, never
//! pinned to the border.
//!
//! Architecture invariant: the renderer draws what it is given; it never runs a simulation and
//! knows no scenario.

pub mod backend;
pub mod heatmap;

use backend::{Area, Backend, BackendError};
use infoloop_core::scenario::chart::{ChartData, Color as SeriesColor, Dash, Line, SeriesData};
use infoloop_core::scenario::format::num;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::rc::Rc;

/// Okabe-Ito blue.
pub const BLUE: RGBColor = RGBColor(0x00, 0x72, 0xB2);
/// Okabe-Ito sky blue (blue's stand-in on dark backgrounds).
pub const SKY: RGBColor = RGBColor(0x56, 0xB4, 0xE9);
/// Okabe-Ito orange.
pub const ORANGE: RGBColor = RGBColor(0xE6, 0x9F, 0x00);
/// Okabe-Ito bluish green.
pub const GREEN: RGBColor = RGBColor(0x00, 0x9E, 0x73);
/// Okabe-Ito vermillion.
pub const VERMILLION: RGBColor = RGBColor(0xD5, 0x5E, 0x00);
/// Okabe-Ito yellow (darkened a little on light backgrounds to stay visible).
pub const YELLOW: RGBColor = RGBColor(0xF0, 0xE4, 0x42);
/// Okabe-Ito reddish purple: reserved for the pinned run's ghost, which no series shares.
pub const GHOST: RGBColor = RGBColor(0xCC, 0x79, 0xA7);

/// What drawing returns.
pub type DrawResult = Result<(), DrawingAreaErrorKind<BackendError>>;

/// The chart context every chart draws into: steps on x, a real quantity on y.
pub type Plot<'a, 'b> = ChartContext<'a, Backend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// One legend entry, drawn by the page in HTML next to the canvas and into exported figures.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// Series name with its symbol, e.g. "I(X; argmax pₜ)"; says so when off the scale.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Line pattern.
    pub dash: Dash,
    /// Whether the series has a shaded 95% band.
    pub band: bool,
}

/// The ghost of a pinned run on one chart: its main series and what the run was.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// What the pinned run was, e.g. "Verifier s = 0.4 (seed 1)".
    pub label: Rc<str>,
    /// Its values of the chart's main series.
    pub values: Rc<[f64]>,
    /// Their steps, if the pinned run kept only every k-th.
    pub x_values: Option<Rc<[f64]>>,
}

impl Ghost {
    /// The pinned run's value at step `step` (`None` if it has no point there).
    pub fn at(&self, step: usize) -> Option<f64> {
        let index = match &self.x_values {
            None => step,
            Some(xs) => xs.iter().position(|&x| x == step as f64)?,
        };
        self.values.get(index).copied()
    }

    /// The ghost of a pinned run's chart (its main series).
    pub fn of(label: &str, pinned: &ChartData) -> Option<Ghost> {
        let values = pinned.main_values()?;
        Some(Ghost {
            label: label.into(),
            values: values.into(),
            x_values: pinned.x.as_ref().map(|x| x.iter().copied().collect()),
        })
    }
}

/// Colours and sizes of one drawing, scaled for the device pixel ratio, and what is overlaid on
/// every chart: the transport's cursor and a pinned run to compare with.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartStyle {
    /// Device pixels per CSS pixel (2 on most phones and retina screens).
    pub dpr: f64,
    /// Dark background.
    pub dark: bool,
    /// Show the curves up to this point only (the transport is playing or stepping); `None`
    /// shows the whole run.
    pub upto: Option<usize>,
    /// A pinned run's main series, drawn underneath as a ghost to compare with.
    pub ghost: Option<Ghost>,
}

impl ChartStyle {
    /// Plain style: whole run, nothing pinned.
    pub fn new(dpr: f64, dark: bool) -> Self {
        ChartStyle {
            dpr,
            dark,
            upto: None,
            ghost: None,
        }
    }

    /// A length in device pixels.
    pub fn px(&self, css: f64) -> u32 {
        (css * self.dpr).round().max(1.0) as u32
    }

    /// Background colour.
    pub fn background(&self) -> RGBColor {
        if self.dark {
            RGBColor(0x16, 0x1a, 0x1f)
        } else {
            WHITE
        }
    }

    /// Text and axis colour.
    pub fn foreground(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xe6, 0xe8, 0xeb)
        } else {
            RGBColor(0x22, 0x26, 0x2b)
        }
    }

    /// Reference-line colour (ceilings, chance levels).
    pub fn reference(&self) -> RGBColor {
        if self.dark {
            RGBColor(0xa8, 0xb0, 0xb8)
        } else {
            RGBColor(0x5f, 0x67, 0x70)
        }
    }

    /// A declared colour in this theme.
    pub fn color(&self, color: SeriesColor) -> RGBColor {
        match color {
            SeriesColor::Primary if self.dark => SKY,
            SeriesColor::Primary => BLUE,
            SeriesColor::Orange => ORANGE,
            SeriesColor::Green => GREEN,
            SeriesColor::Vermillion => VERMILLION,
            SeriesColor::Yellow if self.dark => YELLOW,
            SeriesColor::Yellow => RGBColor(0xB8, 0xA8, 0x00),
            SeriesColor::Ink => self.foreground(),
            SeriesColor::Reference => self.reference(),
        }
    }

    fn grid(&self) -> RGBAColor {
        self.foreground().mix(if self.dark { 0.14 } else { 0.10 })
    }

    fn font(&self, css_size: f64) -> TextStyle<'static> {
        ("sans-serif", css_size * self.dpr)
            .into_font()
            .color(&self.foreground())
    }
}

/// CSS `rgb()` of a colour, for legends.
pub fn css(c: RGBColor) -> String {
    format!("rgb({},{},{})", c.0, c.1, c.2)
}

/// The legend of a chart: every series in declaration order (off-scale ones say so), then the
/// pinned run's ghost.
pub fn legend(data: &ChartData, style: &ChartStyle) -> Vec<LegendItem> {
    let mut items: Vec<LegendItem> = data
        .series
        .iter()
        .map(|s| LegendItem {
            label: match s.off_scale {
                Some(v) => format!("{} (off the scale: {}{})", s.label, num(v), unit(data.unit)),
                None => s.label.clone(),
            },
            color: style.color(s.color),
            dash: s.dash,
            band: matches!(s.line, Line::Band { .. }),
        })
        .collect();
    if let Some(ghost) = &style.ghost {
        items.push(ghost_legend_item(&ghost.label));
    }
    items
}

/// The legend entry of a pinned run labelled `label` (also shown while it is still computing,
/// so the legend does not grow a line when it arrives).
pub fn ghost_legend_item(label: &str) -> LegendItem {
    LegendItem {
        label: format!("pinned: {label}"),
        color: GHOST,
        dash: Dash::Dashed,
        band: false,
    }
}

/// " bits" for a unit, "" for none.
pub fn unit(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// "generation 12 · I(X; argmax pₜ) 0.83 bits · …" for the hover readout at point `i`.
pub fn values_at(data: &ChartData, ghost: Option<&Ghost>, i: usize) -> String {
    let step = data.x_at(i) as usize;
    let mut parts = vec![format!("{} {step}", data.x_label)];
    for (s, v) in data.readable() {
        let value = v.get(i).copied().unwrap_or(f64::NAN);
        parts.push(format!("{} {}{}", s.label, num(value), unit(data.unit)));
    }
    if let Some(ghost) = ghost {
        let pinned = ghost.at(step).unwrap_or(f64::NAN);
        parts.push(format!("pinned {}{}", num(pinned), unit(data.unit)));
    }
    parts.join(" · ")
}

/// Where the plotting area sits inside a line chart, in CSS pixels from each edge (the page's
/// hover crosshair maps the pointer to a step with it).
pub struct Inset {
    /// Left edge: margin plus the y labels.
    pub left: f64,
    /// Right margin.
    pub right: f64,
    /// Top margin.
    pub top: f64,
    /// Bottom edge: the x labels plus margin.
    pub bottom: f64,
}

/// The plotting area's inset of every line chart.
pub const PLOT_INSET: Inset = Inset {
    left: 54.0,
    right: 16.0,
    top: 10.0,
    bottom: 40.0,
};

/// Draws `data` onto `root`: frame, ghost, levels, bands, then lines (solid ones first, each
/// group from the last declared to the main one), each cut at the transport's cursor;
/// off-scale parts clipped and marked.
pub fn draw(root: &Area<'_>, data: &ChartData, style: &ChartStyle) -> DrawResult {
    let mut plot = frame(root, data, style)?;
    let xs = data.x.as_deref();
    let (y0, y1) = data.y;
    for s in data.series.iter().rev() {
        if let Line::Level(y) = s.line {
            if s.off_scale.is_none() {
                stroke(
                    &mut plot,
                    style,
                    vec![(0.0, y), (data.n_steps.max(1) as f64, y)],
                    style.color(s.color),
                    s.dash,
                )?;
            }
        }
    }
    for s in data.series.iter().rev() {
        if let Line::Band { lo, hi, .. } = &s.line {
            band(&mut plot, style, lo, hi, xs, style.color(s.color))?;
        }
    }
    // Lines from the last declared to the main one, solid lines before patterned ones: where
    // two curves coincide (task bits = all bits at c = 1), the dashes stay visible on the solid.
    let mut lines: Vec<&SeriesData> = data.series.iter().rev().collect();
    infoloop_core::sort::sort_by_key(&mut lines, |s| s.dash != Dash::Solid);
    for s in lines {
        if let Some(values) = s.values() {
            let pts = points(values, xs, style.upto);
            for piece in inside_pieces(&pts, (y0, y1)) {
                stroke(&mut plot, style, piece, style.color(s.color), s.dash)?;
            }
        }
    }
    for (i, s) in data
        .series
        .iter()
        .filter(|s| s.off_scale.is_some())
        .enumerate()
    {
        off_scale_marker(&mut plot, data, style, s, i)?;
    }
    Ok(())
}

/// The runs of consecutive points inside the y range (a curve leaving the chart is cut there).
fn inside_pieces(pts: &[(f64, f64)], (y0, y1): (f64, f64)) -> Vec<Vec<(f64, f64)>> {
    let inside = |&(_, y): &(f64, f64)| y >= y0 && y <= y1;
    pts.chunk_by(|a, b| inside(a) == inside(b))
        .filter(|piece| piece.first().is_some_and(inside))
        .map(|piece| piece.to_vec())
        .collect()
}

/// "↑ ω² 1.00" at the top (or "↓" at the bottom) right of the plot for a series off the scale;
/// the `i`-th such marker sits one row lower (higher).
fn off_scale_marker(
    plot: &mut Plot<'_, '_>,
    data: &ChartData,
    style: &ChartStyle,
    s: &SeriesData,
    i: usize,
) -> DrawResult {
    let Some(v) = s.off_scale else {
        return Ok(());
    };
    let above = v > data.y.1;
    let arrow = if above { "↑" } else { "↓" };
    let text = format!("{arrow} {} {}{}", s.label, num(v), unit(data.unit));
    let corner = (
        data.n_steps.max(1) as f64,
        if above { data.y.1 } else { data.y.0 },
    );
    let dy = style.px(4.0 + 15.0 * i as f64) as i32;
    let (dy, vpos) = if above {
        (dy, VPos::Top)
    } else {
        (-dy, VPos::Bottom)
    };
    let font = ("sans-serif", 11.5 * style.dpr)
        .into_font()
        .color(&style.color(s.color))
        .pos(Pos::new(HPos::Right, vpos));
    let label = EmptyElement::at(corner)
        + plotters::element::Text::new(text, (-(style.px(6.0) as i32), dy), font);
    plot.draw_series(std::iter::once(label))?;
    Ok(())
}

/// Background, axes and grid of a chart, the pinned ghost, and the transport's cursor.
// Not inlined: one copy for every chart keeps the bundle small.
#[inline(never)]
pub fn frame<'a, 'b>(
    root: &'a Area<'b>,
    data: &ChartData,
    style: &ChartStyle,
) -> Result<Plot<'a, 'b>, DrawingAreaErrorKind<BackendError>> {
    root.fill(&style.background())?;
    let x_max = data.n_steps.max(1) as f64;
    let (y0, y1) = data.y;
    let mut plot = ChartBuilder::on(root)
        .margin_top(style.px(PLOT_INSET.top))
        .margin_right(style.px(PLOT_INSET.right))
        .margin_bottom(style.px(4.0))
        .margin_left(style.px(4.0))
        .x_label_area_size(style.px(PLOT_INSET.bottom - 4.0))
        .y_label_area_size(style.px(PLOT_INSET.left - 4.0))
        .build_cartesian_2d(0.0..x_max, y0..y1)?;
    let x_desc = format!("{} t", data.x_label);
    plot.configure_mesh()
        .x_desc(x_desc)
        .y_desc(data.y_label)
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|x| x_tick(*x))
        .y_label_formatter(&|y| trim_number(*y))
        .label_style(style.font(12.0))
        .axis_desc_style(style.font(12.5))
        .axis_style(style.foreground().mix(0.6))
        .bold_line_style(style.grid())
        // No light lines at all (they were drawn transparent: up to 10 per bold line, each still
        // a key point, a coordinate mapping and a backend call).
        .max_light_lines(0)
        .draw()?;
    if let Some(ghost) = &style.ghost {
        // Only the parts inside this chart's ranges: plotters would pin the rest to the border.
        let pts: Vec<(f64, f64)> = points(&ghost.values, ghost.x_values.as_deref(), None)
            .into_iter()
            .filter(|&(x, _)| (0.0..=x_max).contains(&x))
            .collect();
        for piece in inside_pieces(&pts, (y0, y1)) {
            stroke(&mut plot, style, piece, GHOST, Dash::Dashed)?;
        }
    }
    let cursor_x = style.upto.map(|i| data.x_at(i));
    if let Some(g) = cursor_x.filter(|&g| g < x_max) {
        let cursor = style.reference().mix(0.7).stroke_width(style.px(1.0));
        plot.draw_series(LineSeries::new([(g, y0), (g, y1)], cursor))?;
    }
    Ok(plot)
}

/// An x tick label: whole steps, thousands as "k" from 10 000 on (the last label must fit in
/// the right margin).
///
/// ```
/// # use infoloop::charts::x_tick;
/// assert_eq!((x_tick(40.0), x_tick(2500.0), x_tick(100_000.0)), ("40".into(), "2500".into(), "100k".into()));
/// ```
pub fn x_tick(x: f64) -> String {
    if x.abs() >= 10_000.0 {
        format!("{}k", trim_number(x / 1000.0))
    } else {
        format!("{x:.0}")
    }
}

/// A tick label without trailing zeros: 0.5, 1, 2.25.
fn trim_number(v: f64) -> String {
    let s = format!("{v:.2}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" {
        "0".into()
    } else {
        s.into()
    }
}

/// The finite points `(step, value)` of a curve up to point `upto` (all if `None`); point `i`
/// is at step `xs[i]`, or `i` without `xs`. Non-finite values are skipped.
///
/// ```
/// # use infoloop::charts::points;
/// assert_eq!(points(&[1.0, f64::NAN, 3.0, 4.0], None, Some(2)), vec![(0.0, 1.0), (2.0, 3.0)]);
/// assert_eq!(points(&[1.0, 2.0], Some(&[0.0, 50.0]), None), vec![(0.0, 1.0), (50.0, 2.0)]);
/// ```
pub fn points(values: &[f64], xs: Option<&[f64]>, upto: Option<usize>) -> Vec<(f64, f64)> {
    let shown = upto.map_or(values.len(), |g| values.len().min(g.saturating_add(1)));
    let x = |i: usize| xs.and_then(|xs| xs.get(i).copied()).unwrap_or(i as f64);
    values[..shown]
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, &v)| (x(i), v))
        .collect()
}

/// Most points one curve is drawn with: a plot is under ~2000 device pixels wide, and longer
/// curves (a run of 100 000 generations keeps 2001 points) are drawn as their envelope.
const DRAW_POINTS: usize = 600;

/// `pts` with at most [`DRAW_POINTS`] points: for each of `DRAW_POINTS / 2` runs of consecutive
/// points, its lowest and highest (in x order), so every peak and dip stays visible.
///
/// ```
/// # use infoloop::charts::envelope;
/// let pts: Vec<(f64, f64)> = (0..2001).map(|i| (i as f64, if i == 777 { 9.0 } else { 0.0 })).collect();
/// let drawn = envelope(pts);
/// assert!(drawn.len() <= 600 && drawn.contains(&(777.0, 9.0)));
/// assert_eq!((drawn[0].0, drawn.last().unwrap().0), (0.0, 2000.0));
/// ```
pub fn envelope(pts: Vec<(f64, f64)>) -> Vec<(f64, f64)> {
    if pts.len() <= DRAW_POINTS {
        return pts;
    }
    let run = pts.len().div_ceil(DRAW_POINTS / 2);
    let mut out = Vec::with_capacity(DRAW_POINTS + 1);
    for chunk in pts.chunks(run) {
        let (mut lo, mut hi) = (0, 0);
        for (i, p) in chunk.iter().enumerate() {
            if p.1 < chunk[lo].1 {
                lo = i;
            }
            if p.1 > chunk[hi].1 {
                hi = i;
            }
        }
        out.push(chunk[lo.min(hi)]);
        if lo != hi {
            out.push(chunk[lo.max(hi)]);
        }
    }
    // The curve still ends where it ends.
    if let (Some(&end), Some(&drawn)) = (pts.last(), out.last()) {
        if end != drawn {
            out.push(end);
        }
    }
    out
}

/// Strokes a polyline in a colour and pattern.
// Not inlined: one copy for every chart keeps the bundle small.
#[inline(never)]
fn stroke(
    plot: &mut Plot<'_, '_>,
    style: &ChartStyle,
    pts: Vec<(f64, f64)>,
    color: RGBColor,
    dash: Dash,
) -> DrawResult {
    let pts = envelope(pts);
    let width = style.px(if dash == Dash::Solid { 2.0 } else { 1.6 });
    let stroke = color.stroke_width(width);
    match dash {
        Dash::Solid => {
            plot.draw_series(LineSeries::new(pts, stroke))?;
        }
        Dash::Dashed => {
            plot.draw_series(DashedLineSeries::new(
                pts,
                style.px(7.0),
                style.px(4.0),
                stroke,
            ))?;
        }
        Dash::Dotted => {
            plot.draw_series(DashedLineSeries::new(
                pts,
                style.px(2.0),
                style.px(3.0),
                stroke,
            ))?;
        }
    }
    Ok(())
}

/// Shades the band between `lo` and `hi` (a 95% interval) in a light tint of `color`, up to
/// the transport's cursor, clamped to the plot's y range.
// Not inlined: one copy for every chart keeps the bundle small.
#[inline(never)]
fn band(
    plot: &mut Plot<'_, '_>,
    style: &ChartStyle,
    lo: &[f64],
    hi: &[f64],
    xs: Option<&[f64]>,
    color: RGBColor,
) -> DrawResult {
    let shown = style
        .upto
        .map_or(hi.len(), |g| hi.len().min(g.saturating_add(1)));
    let (lo, hi) = (&lo[..shown.min(lo.len())], &hi[..shown]);
    let x = |i: usize| xs.and_then(|xs| xs.get(i).copied()).unwrap_or(i as f64);
    let (y0, y1) = (plot.y_range().start, plot.y_range().end);
    let both = |i: usize| hi[i].is_finite() && lo.get(i).is_some_and(|l| l.is_finite());
    let upper: Vec<(f64, f64)> = (0..hi.len())
        .filter(|&i| both(i))
        .map(|i| (x(i), hi[i].clamp(y0, y1)))
        .collect();
    let lower: Vec<(f64, f64)> = (0..hi.len())
        .filter(|&i| both(i))
        .map(|i| (x(i), lo[i].clamp(y0, y1)))
        .collect();
    // Long bands: the envelope of each edge (its peaks and dips stay).
    let mut outline = envelope(upper);
    outline.extend(envelope(lower).into_iter().rev());
    if outline.len() >= 3 {
        plot.draw_series(std::iter::once(Polygon::new(
            outline,
            color.mix(0.2).filled(),
        )))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::svg;
    use infoloop_core::registry;
    use infoloop_core::spec::RunSpec;

    /// A cheap run of `scenario` (its effort parameters small).
    fn small(scenario: infoloop_core::scenario::ScenarioRef) -> infoloop_core::scenario::Run {
        let mut spec = RunSpec::new(scenario);
        for row in spec.specs() {
            if row.effort {
                spec.set(row.key, row.min.max(12.0f64.min(row.max)));
            }
        }
        spec.run()
    }

    /// Points of every polyline in an SVG document.
    fn count_points(doc: &str) -> usize {
        doc.split("<polyline")
            .skip(1)
            .map(|p| {
                p.split("points=\"")
                    .nth(1)
                    .unwrap_or("")
                    .split('"')
                    .next()
                    .unwrap_or("")
                    .split_whitespace()
                    .count()
            })
            .sum()
    }

    /// Every chart of every scenario draws its curves, title and legend into a well-formed SVG
    /// (one root element, closed once): the renderer reads any declaration.
    #[test]
    fn every_chart_of_every_scenario_draws_title_legend_and_curves() {
        let style = ChartStyle::new(1.0, false);
        for scenario in registry::all() {
            let run = small(scenario);
            for (key, title) in scenario.chart_keys() {
                let data = run.chart(key).expect("its own chart");
                let doc = svg(&data, &style, 800, 420);
                let what = format!("{} {key}", scenario.key());
                assert!(doc.contains(title), "{what}: title");
                assert_eq!(doc.matches("</svg>").count(), 1, "{what}: closed once");
                assert!(doc.trim_end().ends_with("</svg>"), "{what}");
                let lines = data.readable().count();
                assert!(
                    doc.matches("<polyline").count() >= lines,
                    "{what}: {lines} curves, fewer polylines"
                );
                for item in legend(&data, &style) {
                    let escaped = item
                        .label
                        .replace('&', "&amp;")
                        .replace('<', "&lt;")
                        .replace('>', "&gt;")
                        .replace('\'', "&apos;")
                        .replace('"', "&quot;");
                    assert!(doc.contains(&escaped), "{what}: legend {}", item.label);
                }
            }
        }
    }

    /// The transport's cursor cuts every curve at its point; the ghost is drawn whole, listed
    /// in the legend, and not at all where it leaves the chart's range.
    #[test]
    fn the_cursor_cuts_curves_and_the_ghost_is_drawn_whole_inside_the_range() {
        let scenario = registry::default();
        let run = small(scenario);
        let key = scenario.chart_keys()[0].0;
        let data = run.chart(key).unwrap();
        let whole = svg(&data, &ChartStyle::new(1.0, false), 800, 420);
        let cut = ChartStyle {
            upto: Some(2),
            ..ChartStyle::new(1.0, false)
        };
        assert!(count_points(&svg(&data, &cut, 800, 420)) < count_points(&whole));
        let ghost = Ghost::of("the other run", &data).unwrap();
        let n = ghost.values.len();
        let with_ghost = ChartStyle {
            ghost: Some(ghost),
            ..ChartStyle::new(1.0, false)
        };
        let doc = svg(&data, &with_ghost, 800, 420);
        assert!(doc.contains("pinned: the other run"));
        assert!(
            count_points(&doc) >= count_points(&whole) + n,
            "ghost in full"
        );
        let far = data.y.1 * 10.0 + 10.0;
        let above = ChartStyle {
            ghost: Some(Ghost {
                label: "above".into(),
                values: vec![far; n].into(),
                x_values: None,
            }),
            ..ChartStyle::new(1.0, false)
        };
        let empty = ChartStyle {
            ghost: Some(Ghost {
                label: "above".into(),
                values: Vec::new().into(),
                x_values: None,
            }),
            ..ChartStyle::new(1.0, false)
        };
        assert_eq!(
            count_points(&svg(&data, &above, 800, 420)),
            count_points(&svg(&data, &empty, 800, 420)),
            "a ghost above the range is not drawn"
        );
        // Looked up by step: a ghost recorded every 50th step has no step 7.
        let sparse = Ghost {
            label: "sparse".into(),
            values: vec![0.1, 0.2].into(),
            x_values: Some(vec![0.0, 50.0].into()),
        };
        assert_eq!((sparse.at(50), sparse.at(7)), (Some(0.2), None));
    }

    /// A series off the scale is named in the legend with its value and marked on the chart.
    #[test]
    fn off_scale_series_are_marked_not_pinned_to_the_edge() {
        let scenario = registry::default();
        let run = small(scenario);
        let mut data = run.chart(scenario.chart_keys()[0].0).unwrap();
        data.series.push(SeriesData {
            curve: None,
            label: "far line".into(),
            color: SeriesColor::Green,
            dash: Dash::Dotted,
            line: Line::Level(data.y.1 * 3.0),
            off_scale: Some(data.y.1 * 3.0),
        });
        let style = ChartStyle::new(1.0, false);
        let items = legend(&data, &style);
        assert!(items.last().unwrap().label.contains("off the scale"));
        let doc = svg(&data, &style, 800, 420);
        assert!(doc.contains("↑ far line"), "marker drawn");
    }

    #[test]
    fn the_hover_readout_names_the_step_every_curve_and_the_pin() {
        let scenario = registry::default();
        let run = small(scenario);
        let data = run.chart(scenario.chart_keys()[0].0).unwrap();
        let ghost = Ghost::of("pin", &data);
        let text = values_at(&data, ghost.as_ref(), 1);
        assert!(
            text.starts_with(&format!("{} 1 · ", data.x_label)),
            "{text}"
        );
        assert_eq!(
            text.matches(" · ").count(),
            data.readable().count() + 1,
            "{text}"
        );
        assert!(text.contains("pinned "), "{text}");
    }
}
