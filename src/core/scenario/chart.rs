//! Charts declared as data. A scenario lists its charts as [`Chart`]s (which curves, bands,
//! reference lines, colours, dashes, units, labels, and a caption computed from the run);
//! [`Chart::resolve`] turns one into [`ChartData`] for one run: the values to draw, the y range,
//! and which reference lines fall off the scale. One renderer in the shell draws any
//! [`ChartData`] and derives the legend, the hover readout, the hidden data table, the pinned
//! ghost and the SVG/PNG export from it, so a chart of any scenario can be shown alone.
//!
//! Pure: no drawing here, only numbers and words.

use std::sync::Arc;

/// A series colour. The renderer maps each to the Okabe-Ito palette for the theme; the pinned
/// run's ghost has a colour of its own that no series uses.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Color {
    /// The main curve: blue (sky blue on dark backgrounds).
    Primary,
    /// Orange.
    Orange,
    /// Bluish green.
    Green,
    /// Vermillion.
    Vermillion,
    /// Yellow.
    Yellow,
    /// The text colour (black on light, near-white on dark).
    Ink,
    /// Grey, for reference lines (ceilings, closed forms, chance).
    Reference,
}

/// A line pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// Solid.
    Solid,
    /// Long dashes.
    Dashed,
    /// Dots.
    Dotted,
}

impl Dash {
    /// CSS class of the legend swatch.
    pub fn class(self) -> &'static str {
        match self {
            Dash::Solid => "solid",
            Dash::Dashed => "dashed",
            Dash::Dotted => "dotted",
        }
    }
}

/// Where a series' values come from.
pub enum Source<R: 'static> {
    /// The run's curve of this name.
    Curve(&'static str),
    /// The run's curve of this name with its 95% band (`<name>_lo`, `<name>_hi`).
    Band(&'static str),
    /// A curve computed from the run (e.g. a closed form over its steps).
    Derived(fn(&R) -> Vec<f64>),
    /// A horizontal reference line at this height.
    Level(fn(&R) -> f64),
}

/// A label, fixed or computed from the run.
pub enum Text<R: 'static> {
    /// Always the same.
    Fixed(&'static str),
    /// Depends on the run (e.g. "closed form without the verifier").
    Computed(fn(&R) -> String),
}

/// How a series' values bear on the y range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fit {
    /// The range covers every value.
    Extend,
    /// The range ignores it; what falls outside is drawn clipped (a line) or not at all (a
    /// level) and marked off scale with its value, never silently pinned to the edge.
    Mark,
}

/// One series of a chart.
pub struct Series<R: 'static> {
    /// Its values.
    pub source: Source<R>,
    /// Legend label (with its symbol).
    pub label: Text<R>,
    /// Colour.
    pub color: Color,
    /// Pattern.
    pub dash: Dash,
    /// How it bears on the y range.
    pub fit: Fit,
    /// Drawn only for runs where this is true (`None`: always).
    pub when: Option<fn(&R) -> bool>,
}

impl<R> Series<R> {
    /// A curve with its band, solid: the usual main series.
    pub const fn band(name: &'static str, label: &'static str, color: Color) -> Self {
        Series {
            source: Source::Band(name),
            label: Text::Fixed(label),
            color,
            dash: Dash::Solid,
            fit: Fit::Extend,
            when: None,
        }
    }

    /// A curve without a band.
    pub const fn curve(name: &'static str, label: &'static str, color: Color, dash: Dash) -> Self {
        Series {
            source: Source::Curve(name),
            label: Text::Fixed(label),
            color,
            dash,
            fit: Fit::Extend,
            when: None,
        }
    }

    /// A horizontal reference line.
    pub const fn level(
        value: fn(&R) -> f64,
        label: &'static str,
        color: Color,
        dash: Dash,
    ) -> Self {
        Series {
            source: Source::Level(value),
            label: Text::Fixed(label),
            color,
            dash,
            fit: Fit::Extend,
            when: None,
        }
    }

    /// The same series with a dash pattern.
    pub const fn dash(self, dash: Dash) -> Self {
        Series { dash, ..self }
    }

    /// The same series, drawn only when `when(run)`.
    pub const fn when(self, when: fn(&R) -> bool) -> Self {
        Series {
            when: Some(when),
            ..self
        }
    }

    /// The same series, marked off scale instead of stretching the range.
    pub const fn marked(self) -> Self {
        Series {
            fit: Fit::Mark,
            ..self
        }
    }

    /// The same series with a label computed from the run.
    pub const fn labelled(self, label: fn(&R) -> String) -> Self {
        Series {
            label: Text::Computed(label),
            ..self
        }
    }
}

/// How the y axis is chosen.
pub enum YAxis<R: 'static> {
    /// Covers `floor..min_top` and every value of the series that extend it, with 6% headroom.
    Auto {
        /// Always included at the bottom (0 for most quantities).
        floor: f64,
        /// Always included at the top.
        min_top: f64,
    },
    /// From 0 to 4% above `top(run)` (e.g. log₂ V, all there is to learn), or higher if a
    /// series that extends the range goes higher.
    UpTo(fn(&R) -> f64),
}

/// One chart, declared.
pub struct Chart<R: 'static> {
    /// Stable key (`data-chart`, export file names, figure links).
    pub key: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Y axis description, e.g. "bits".
    pub y_label: &'static str,
    /// Unit of the values in readouts ("bits"; empty for shares and probabilities).
    pub unit: &'static str,
    /// How the y axis is chosen.
    pub y: YAxis<R>,
    /// Series in legend order; the first curve is the main one (hover first, ghost of a
    /// pinned run). Drawn bottom up: levels, bands, then lines from last to first.
    pub series: &'static [Series<R>],
    /// A sentence with the run's numbers (also the chart's accessible label).
    pub caption: fn(&R) -> String,
}

/// A series' values, resolved.
#[derive(Clone, Debug, PartialEq)]
pub enum Line {
    /// One value per point.
    Points(Vec<f64>),
    /// One value per point with a 95% band.
    Band {
        /// The estimate.
        mid: Vec<f64>,
        /// Lower edge.
        lo: Vec<f64>,
        /// Upper edge.
        hi: Vec<f64>,
    },
    /// A horizontal line.
    Level(f64),
}

/// One series of one run, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct SeriesData {
    /// The run's curve it shows, for curves read from the run (not derived or level lines).
    pub curve: Option<&'static str>,
    /// Legend label.
    pub label: String,
    /// Colour.
    pub color: Color,
    /// Pattern.
    pub dash: Dash,
    /// Values.
    pub line: Line,
    /// Some values fall outside the y range: the most extreme of them (drawn clipped, or for
    /// a level not drawn, and marked off scale with this value).
    pub off_scale: Option<f64>,
}

impl SeriesData {
    /// The values the hover readout and data table show (`None` for a level line).
    pub fn values(&self) -> Option<&[f64]> {
        match &self.line {
            Line::Points(v) | Line::Band { mid: v, .. } => Some(v),
            Line::Level(_) => None,
        }
    }
}

/// A chart of one run, ready to draw.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartData {
    /// Stable key.
    pub key: &'static str,
    /// Heading.
    pub title: &'static str,
    /// Y axis description.
    pub y_label: &'static str,
    /// Unit of the values.
    pub unit: &'static str,
    /// What the x axis counts ("generation", "step").
    pub x_label: &'static str,
    /// The last step on the x axis.
    pub n_steps: usize,
    /// The step of each point when the run kept only every k-th (`None`: point i is step i).
    pub x: Option<Arc<[f64]>>,
    /// The y range, never empty, reversed or non-finite.
    pub y: (f64, f64),
    /// Series in legend order.
    pub series: Vec<SeriesData>,
    /// A sentence with the run's numbers.
    pub caption: String,
}

impl ChartData {
    /// The series with values per point (not levels), main first: what hover and tables read.
    pub fn readable(&self) -> impl Iterator<Item = (&SeriesData, &[f64])> {
        self.series
            .iter()
            .filter_map(|s| s.values().map(|v| (s, v)))
    }

    /// The main series' values (the ghost of a pinned run).
    pub fn main_values(&self) -> Option<&[f64]> {
        self.readable().next().map(|(_, v)| v)
    }

    /// The step of point `i`.
    pub fn x_at(&self, i: usize) -> f64 {
        self.x
            .as_ref()
            .and_then(|x| x.get(i).copied())
            .unwrap_or(i as f64)
    }
}

impl<R: crate::scenario::Curves> Chart<R> {
    /// This chart of `run`: the series that apply, their values, the y range and what is off
    /// its scale. `step_name` names the x axis.
    pub fn resolve(&self, run: &R, step_name: &'static str) -> ChartData {
        // Only what needs the run's type is done here; the rest, in `assemble`, is compiled
        // once for every scenario instead of once per scenario.
        let mut series: Vec<(SeriesData, Fit, bool)> = Vec::new();
        for s in self.series {
            if s.when.is_some_and(|when| !when(run)) {
                continue;
            }
            let (curve, line) = match &s.source {
                Source::Curve(name) | Source::Band(name) => (Some(*name), Line::Points(Vec::new())),
                Source::Derived(f) => (None, Line::Points(f(run))),
                Source::Level(f) => (None, Line::Level(f(run))),
            };
            let label = match &s.label {
                Text::Fixed(t) => (*t).to_string(),
                Text::Computed(f) => f(run),
            };
            let data = SeriesData {
                curve,
                label,
                color: s.color,
                dash: s.dash,
                line,
                off_scale: None,
            };
            series.push((data, s.fit, matches!(s.source, Source::Band(_))));
        }
        let top = match &self.y {
            YAxis::Auto { floor, min_top } => Top::Auto(*floor, *min_top),
            YAxis::UpTo(top) => Top::UpTo(top(run)),
        };
        let frame = Frame {
            key: self.key,
            title: self.title,
            y_label: self.y_label,
            unit: self.unit,
            x_label: step_name,
            caption: (self.caption)(run),
        };
        assemble(frame, &run.curves(), run.steps(), series, top)
    }
}

/// What a chart's y axis asks for, evaluated on the run.
enum Top {
    Auto(f64, f64),
    UpTo(f64),
}

/// A chart's texts, evaluated on the run.
struct Frame {
    key: &'static str,
    title: &'static str,
    y_label: &'static str,
    unit: &'static str,
    x_label: &'static str,
    caption: String,
}

/// The chart's data from its evaluated parts: curves filled in by name (a band's bounds are
/// `<name>_lo` and `<name>_hi`), the x values, the y range and what is off its scale.
fn assemble(
    frame: Frame,
    curves: &[(String, &[f64])],
    steps: Option<&[usize]>,
    mut series: Vec<(SeriesData, Fit, bool)>,
    top: Top,
) -> ChartData {
    let curve = |name: &str| -> Vec<f64> {
        curves
            .iter()
            .find(|(n, _)| *n == name)
            .map_or_else(Vec::new, |(_, v)| v.to_vec())
    };
    for (s, _, band) in &mut series {
        let Some(name) = s.curve else { continue };
        s.line = if *band {
            Line::Band {
                mid: curve(name),
                lo: curve(&format!("{name}_lo")),
                hi: curve(&format!("{name}_hi")),
            }
        } else {
            Line::Points(curve(name))
        };
    }
    let len = curves.first().map_or(0, |(_, v)| v.len());
    let x: Option<Arc<[f64]>> = steps.map(|steps| steps.iter().map(|&g| g as f64).collect());
    let n_steps = steps
        .and_then(|s| s.last().copied())
        .unwrap_or(len.saturating_sub(1));
    let extending = series
        .iter()
        .filter(|(_, fit, _)| *fit == Fit::Extend)
        .flat_map(|(s, _, _)| values_of(&s.line));
    let y = match top {
        Top::Auto(floor, min_top) => y_range(extending, floor, min_top),
        Top::UpTo(top) => {
            let range = y_range(extending, 0.0, top);
            // "Up to" a known top: a little headroom above it, unless a curve goes higher.
            if top.is_finite() && range.1 <= top * 1.06 + 1e-12 && top > 0.0 {
                (range.0, top * 1.04)
            } else {
                range
            }
        }
    };
    let mut series: Vec<SeriesData> = series.into_iter().map(|(s, _, _)| s).collect();
    for s in &mut series {
        s.off_scale = off_scale(&s.line, y);
    }
    ChartData {
        key: frame.key,
        title: frame.title,
        y_label: frame.y_label,
        unit: frame.unit,
        x_label: frame.x_label,
        n_steps,
        x,
        y,
        series,
        caption: frame.caption,
    }
}

/// Every finite value a line shows.
fn values_of(line: &Line) -> Vec<f64> {
    let all: Vec<f64> = match line {
        Line::Points(v) => v.clone(),
        Line::Band { mid, lo, hi } => mid.iter().chain(lo).chain(hi).copied().collect(),
        Line::Level(v) => vec![*v],
    };
    all.into_iter().filter(|v| v.is_finite()).collect()
}

/// The most extreme value of `line` outside `y` (its distance from the range decides).
fn off_scale(line: &Line, (lo, hi): (f64, f64)) -> Option<f64> {
    values_of(line)
        .into_iter()
        .filter(|&v| v < lo || v > hi)
        .max_by(|a, b| {
            let da = if *a > hi { a - hi } else { lo - a };
            let db = if *b > hi { b - hi } else { lo - b };
            da.total_cmp(&db)
        })
}

/// A y range covering `floor..min_top` and every finite value, with 6% headroom; never empty,
/// reversed or non-finite.
///
/// ```
/// # use infoloop_core::scenario::chart::y_range;
/// assert_eq!(y_range([f64::NAN, f64::INFINITY], 0.0, 0.0), (0.0, 1.0));
/// let r = y_range([2.0, 2.0], 2.0, 2.0);
/// assert!(r.1 > r.0);
/// ```
pub fn y_range(values: impl IntoIterator<Item = f64>, floor: f64, min_top: f64) -> (f64, f64) {
    let (mut lo, mut hi) = (floor, min_top);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    if hi - lo < 1e-9 {
        let pad = if lo.abs() > 1e-9 { lo.abs() * 0.5 } else { 1.0 };
        return if lo == 0.0 {
            (0.0, pad)
        } else {
            (lo - pad, hi + pad)
        };
    }
    (lo, hi + 0.06 * (hi - lo))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Demo {
        a: Vec<f64>,
        a_lo: Vec<f64>,
        a_hi: Vec<f64>,
    }

    impl crate::scenario::Curves for Demo {
        fn curves(&self) -> Vec<(String, &[f64])> {
            vec![
                ("a".into(), &self.a),
                ("a_lo".into(), &self.a_lo),
                ("a_hi".into(), &self.a_hi),
            ]
        }
    }

    fn far(_: &Demo) -> f64 {
        50.0
    }

    fn near(_: &Demo) -> f64 {
        1.5
    }

    fn caption(d: &Demo) -> String {
        format!("{} points", d.a.len())
    }

    const CHART: Chart<Demo> = Chart {
        key: "demo",
        title: "Demo",
        y_label: "bits",
        unit: "bits",
        y: YAxis::Auto {
            floor: 0.0,
            min_top: 1.0,
        },
        series: &[
            Series::band("a", "a", Color::Primary),
            Series::level(near, "near", Color::Reference, Dash::Dotted),
            Series::level(far, "far", Color::Green, Dash::Dotted).marked(),
        ],
        caption,
    };

    #[test]
    fn levels_extend_the_range_or_are_marked_off_scale() {
        let run = Demo {
            a: vec![0.2, 0.8],
            a_lo: vec![0.1, 0.7],
            a_hi: vec![0.3, 0.9],
        };
        let data = CHART.resolve(&run, "step");
        assert!(
            data.y.0 <= 0.1 && data.y.1 >= 1.5 && data.y.1 < 50.0,
            "{:?}",
            data.y
        );
        assert_eq!(data.series[1].off_scale, None);
        assert_eq!(data.series[2].off_scale, Some(50.0));
        assert_eq!(data.main_values(), Some(&[0.2, 0.8][..]));
        assert_eq!((data.n_steps, data.caption.as_str()), (1, "2 points"));
        assert_eq!(data.readable().count(), 1);
    }

    #[test]
    fn a_flat_or_empty_chart_still_has_a_range() {
        let run = Demo {
            a: vec![],
            a_lo: vec![],
            a_hi: vec![],
        };
        let data = CHART.resolve(&run, "step");
        assert!(data.y.1 > data.y.0 && data.y.1.is_finite());
    }
}
