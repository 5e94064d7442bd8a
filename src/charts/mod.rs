//! Charts: one file per chart, each drawing precomputed curves with plotters onto any backend
//! (the page's canvas now, SVG for export). This module holds what they share: the colour-blind
//! safe palette (Okabe-Ito) with dash patterns, sizes scaled for devicePixelRatio, and the
//! sanitizing of data before plotters sees it (no NaN, no zero-width or reversed range).
//!
//! Architecture invariant: charts draw what they are given; they never run a simulation.

pub mod accuracy;
pub mod budget;
pub mod canvas;
pub mod entropy;
pub mod gauss;
pub mod hacking;
pub mod heatmap;
pub mod info;
pub mod transfer;

use crate::scenario::{AnyRun, ScenarioId};
use crate::share::ShareState;
use plotters::coord::types::RangedCoordf64;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::ops::Range;

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
/// Okabe-Ito reddish purple.
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);

/// Which chart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChartKind {
    /// Task information and its DPI ceiling / open-loop budget.
    Info,
    /// Mean and greedy accuracy.
    Accuracy,
    /// Entropy of the model and KL to the real distribution.
    Entropy,
    /// B: I(X; mu_t) by KSG against the closed form and the verifier's ceiling.
    GaussInfo,
    /// B: the fitted variance and its closed form.
    GaussVariance,
    /// B: the squared error of the fitted mean.
    GaussError,
    /// C: accuracy under the budget, with steps to 90%.
    BudgetAccuracy,
    /// C: bits spent, task-relevant vs within-class.
    BudgetBits,
    /// C: within-class diversity H(form | correct).
    BudgetDiversity,
    /// C: efficiency eta, the task-relevant share of the bits.
    BudgetEfficiency,
    /// D: in-domain and out-of-domain accuracy.
    TransferGeneralization,
    /// D: the policy's weight on the general solver.
    TransferPolicy,
    /// E: proxy reward vs true accuracy.
    HackingReward,
    /// E: accuracy per source.
    HackingSources,
    /// E: probability of a long answer.
    HackingLength,
    /// F: the sweep heatmap.
    SweepHeatmap,
}

impl ChartKind {
    /// The charts the page shows for this state (the sweep view has its heatmap only).
    pub fn for_state(share: &ShareState) -> &'static [ChartKind] {
        if share.sweep_on {
            &[ChartKind::SweepHeatmap]
        } else {
            Self::for_scenario(share.scenario)
        }
    }

    /// The charts of a scenario, top to bottom.
    pub fn for_scenario(id: ScenarioId) -> &'static [ChartKind] {
        match id {
            ScenarioId::Loop => &[ChartKind::Info, ChartKind::Accuracy, ChartKind::Entropy],
            ScenarioId::Gauss => &[
                ChartKind::GaussInfo,
                ChartKind::GaussVariance,
                ChartKind::GaussError,
            ],
            ScenarioId::Budget => &[
                ChartKind::BudgetAccuracy,
                ChartKind::BudgetBits,
                ChartKind::BudgetDiversity,
                ChartKind::BudgetEfficiency,
            ],
            ScenarioId::Transfer => &[ChartKind::TransferGeneralization, ChartKind::TransferPolicy],
            ScenarioId::Hacking => &[
                ChartKind::HackingReward,
                ChartKind::HackingSources,
                ChartKind::HackingLength,
            ],
        }
    }

    /// Stable key (`data-chart` attribute, export file names).
    pub fn key(self) -> &'static str {
        match self {
            ChartKind::Info => "info",
            ChartKind::Accuracy => "accuracy",
            ChartKind::Entropy => "entropy",
            ChartKind::GaussInfo => "gauss-info",
            ChartKind::GaussVariance => "gauss-variance",
            ChartKind::GaussError => "gauss-error",
            ChartKind::BudgetAccuracy => "budget-accuracy",
            ChartKind::BudgetBits => "budget-bits",
            ChartKind::BudgetDiversity => "budget-diversity",
            ChartKind::BudgetEfficiency => "budget-efficiency",
            ChartKind::TransferGeneralization => "transfer-generalization",
            ChartKind::TransferPolicy => "transfer-policy",
            ChartKind::HackingReward => "hacking-reward",
            ChartKind::HackingSources => "hacking-sources",
            ChartKind::HackingLength => "hacking-length",
            ChartKind::SweepHeatmap => "sweep",
        }
    }

    /// Heading shown above the chart.
    pub fn title(self) -> &'static str {
        match self {
            ChartKind::Info => "Task information in the model",
            ChartKind::Accuracy => "Accuracy",
            ChartKind::Entropy => "Diversity and distance to the real data",
            ChartKind::GaussInfo => "Task information I(X; μₜ) in the fitted mean",
            ChartKind::GaussVariance => "Variance of the fitted model",
            ChartKind::GaussError => "Squared error of the fitted mean",
            ChartKind::BudgetAccuracy => "Accuracy under a fixed budget per step",
            ChartKind::BudgetBits => "Bits spent: task-relevant vs surface form",
            ChartKind::BudgetDiversity => "Diversity among correct answers",
            ChartKind::BudgetEfficiency => "Efficiency η: the share of bits that matter",
            ChartKind::TransferGeneralization => "Generalization: accuracy in and out of domain",
            ChartKind::TransferPolicy => "Which behaviour the policy learns",
            ChartKind::HackingReward => "Proxy reward vs true accuracy",
            ChartKind::HackingSources => "Accuracy per source",
            ChartKind::HackingLength => "How often the policy answers long",
            ChartKind::SweepHeatmap => "Sweep: the final value over two parameters",
        }
    }

    /// The chart's legend for this run (empty if the run is of another scenario).
    pub fn legend(self, run: &AnyRun, style: &ChartStyle) -> Vec<LegendItem> {
        match (self, run) {
            (ChartKind::Info, AnyRun::Loop(r)) => info::legend(r, style),
            (ChartKind::Accuracy, AnyRun::Loop(r)) => accuracy::legend(r, style),
            (ChartKind::Entropy, AnyRun::Loop(r)) => entropy::legend(r, style),
            (ChartKind::GaussInfo, AnyRun::Gauss(r)) => gauss::legend_info(r, style),
            (ChartKind::GaussVariance, AnyRun::Gauss(r)) => gauss::legend_variance(r, style),
            (ChartKind::GaussError, AnyRun::Gauss(r)) => gauss::legend_error(r, style),
            (ChartKind::BudgetAccuracy, AnyRun::Budget(r)) => budget::legend_accuracy(r, style),
            (ChartKind::BudgetBits, AnyRun::Budget(r)) => budget::legend_bits(r, style),
            (ChartKind::BudgetDiversity, AnyRun::Budget(r)) => budget::legend_diversity(r, style),
            (ChartKind::BudgetEfficiency, AnyRun::Budget(r)) => budget::legend_efficiency(r, style),
            (ChartKind::TransferGeneralization, AnyRun::Transfer(r)) => {
                transfer::legend_generalization(r, style)
            }
            (ChartKind::TransferPolicy, AnyRun::Transfer(r)) => transfer::legend_policy(r, style),
            (ChartKind::HackingReward, AnyRun::Hacking(r)) => hacking::legend_reward(r, style),
            (ChartKind::HackingSources, AnyRun::Hacking(r)) => hacking::legend_sources(r, style),
            (ChartKind::HackingLength, AnyRun::Hacking(r)) => hacking::legend_length(r, style),
            (ChartKind::SweepHeatmap, AnyRun::Sweep(g)) => heatmap::legend(g, style),
            _ => Vec::new(),
        }
    }

    /// A sentence with this run's numbers (also the canvas's accessible label).
    pub fn caption(self, run: &AnyRun) -> String {
        match (self, run) {
            (ChartKind::Info, AnyRun::Loop(r)) => info::caption(r),
            (ChartKind::Accuracy, AnyRun::Loop(r)) => accuracy::caption(r),
            (ChartKind::Entropy, AnyRun::Loop(r)) => entropy::caption(r),
            (ChartKind::GaussInfo, AnyRun::Gauss(r)) => gauss::caption_info(r),
            (ChartKind::GaussVariance, AnyRun::Gauss(r)) => gauss::caption_variance(r),
            (ChartKind::GaussError, AnyRun::Gauss(r)) => gauss::caption_error(r),
            (ChartKind::BudgetAccuracy, AnyRun::Budget(r)) => budget::caption_accuracy(r),
            (ChartKind::BudgetBits, AnyRun::Budget(r)) => budget::caption_bits(r),
            (ChartKind::BudgetDiversity, AnyRun::Budget(r)) => budget::caption_diversity(r),
            (ChartKind::BudgetEfficiency, AnyRun::Budget(r)) => budget::caption_efficiency(r),
            (ChartKind::TransferGeneralization, AnyRun::Transfer(r)) => {
                transfer::caption_generalization(r)
            }
            (ChartKind::TransferPolicy, AnyRun::Transfer(r)) => transfer::caption_policy(r),
            (ChartKind::HackingReward, AnyRun::Hacking(r)) => hacking::caption_reward(r),
            (ChartKind::HackingSources, AnyRun::Hacking(r)) => hacking::caption_sources(r),
            (ChartKind::HackingLength, AnyRun::Hacking(r)) => hacking::caption_length(r),
            (ChartKind::SweepHeatmap, AnyRun::Sweep(g)) => heatmap::caption(g),
            _ => String::new(),
        }
    }

    /// Draws the chart for `run` onto `root` (nothing if the run is of another scenario).
    pub fn draw<DB: DrawingBackend>(
        self,
        root: &DrawingArea<DB, Shift>,
        run: &AnyRun,
        style: &ChartStyle,
    ) -> DrawResult<DB> {
        match (self, run) {
            (ChartKind::Info, AnyRun::Loop(r)) => info::draw(root, r, style),
            (ChartKind::Accuracy, AnyRun::Loop(r)) => accuracy::draw(root, r, style),
            (ChartKind::Entropy, AnyRun::Loop(r)) => entropy::draw(root, r, style),
            (ChartKind::GaussInfo, AnyRun::Gauss(r)) => gauss::draw_info(root, r, style),
            (ChartKind::GaussVariance, AnyRun::Gauss(r)) => gauss::draw_variance(root, r, style),
            (ChartKind::GaussError, AnyRun::Gauss(r)) => gauss::draw_error(root, r, style),
            (ChartKind::BudgetAccuracy, AnyRun::Budget(r)) => budget::draw_accuracy(root, r, style),
            (ChartKind::BudgetBits, AnyRun::Budget(r)) => budget::draw_bits(root, r, style),
            (ChartKind::BudgetDiversity, AnyRun::Budget(r)) => {
                budget::draw_diversity(root, r, style)
            }
            (ChartKind::BudgetEfficiency, AnyRun::Budget(r)) => {
                budget::draw_efficiency(root, r, style)
            }
            (ChartKind::TransferGeneralization, AnyRun::Transfer(r)) => {
                transfer::draw_generalization(root, r, style)
            }
            (ChartKind::TransferPolicy, AnyRun::Transfer(r)) => {
                transfer::draw_policy(root, r, style)
            }
            (ChartKind::HackingReward, AnyRun::Hacking(r)) => hacking::draw_reward(root, r, style),
            (ChartKind::HackingSources, AnyRun::Hacking(r)) => {
                hacking::draw_sources(root, r, style)
            }
            (ChartKind::HackingLength, AnyRun::Hacking(r)) => hacking::draw_length(root, r, style),
            (ChartKind::SweepHeatmap, AnyRun::Sweep(g)) => {
                heatmap::draw(root, g, style).map(|_| ())
            }
            // A chart of another scenario than the run's: nothing to draw.
            _ => Ok(()),
        }
    }
}

/// What drawing returns.
pub type DrawResult<DB> = Result<(), DrawingAreaErrorKind<<DB as DrawingBackend>::ErrorType>>;

/// The chart context every chart draws into: generations on x, a real quantity on y.
pub type Chart<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// Line pattern; every series has a distinct colour *and* pattern.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    /// Continuous line.
    Solid,
    /// Long dashes.
    Dashed,
    /// Short dashes.
    Dotted,
}

impl Dash {
    /// The CSS class of the legend swatch.
    pub fn class(self) -> &'static str {
        match self {
            Dash::Solid => "solid",
            Dash::Dashed => "dashed",
            Dash::Dotted => "dotted",
        }
    }
}

/// One legend entry, drawn by the page in HTML next to the canvas.
#[derive(Clone, Debug, PartialEq)]
pub struct LegendItem {
    /// Series name with its symbol, e.g. "I(X; argmax pₜ)".
    pub label: String,
    /// CSS colour.
    pub color: String,
    /// Line pattern.
    pub dash: Dash,
    /// Whether the series has a shaded 95% band.
    pub band: bool,
}

/// Colours and sizes of one drawing, scaled for the device pixel ratio.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ChartStyle {
    /// Device pixels per CSS pixel (2 on most phones and retina screens).
    pub dpr: f64,
    /// Dark background.
    pub dark: bool,
}

impl ChartStyle {
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

    /// The first series colour: blue on light, sky blue on dark.
    pub fn primary(&self) -> RGBColor {
        if self.dark {
            SKY
        } else {
            BLUE
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

/// A y range covering `floor..min_top` and every finite value, with 6% headroom; never empty,
/// reversed or non-finite.
///
/// ```
/// # use infoloop::charts::y_range;
/// assert_eq!(y_range([f64::NAN, f64::INFINITY], 0.0, 0.0), 0.0..1.0);
/// let r = y_range([2.0, 2.0], 2.0, 2.0);
/// assert!(r.end > r.start);
/// ```
pub fn y_range(values: impl IntoIterator<Item = f64>, floor: f64, min_top: f64) -> Range<f64> {
    let (mut lo, mut hi) = (floor, min_top);
    for v in values.into_iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if !lo.is_finite() || !hi.is_finite() {
        return 0.0..1.0;
    }
    if hi - lo < 1e-9 {
        let pad = if lo.abs() > 1e-9 { lo.abs() * 0.5 } else { 1.0 };
        return if lo == 0.0 {
            0.0..pad
        } else {
            lo - pad..hi + pad
        };
    }
    lo..hi + 0.06 * (hi - lo)
}

/// The finite points `(generation, value)` of a curve; non-finite values are skipped.
pub fn points(values: &[f64]) -> Vec<(f64, f64)> {
    values
        .iter()
        .enumerate()
        .filter(|(_, v)| v.is_finite())
        .map(|(i, &v)| (i as f64, v))
        .collect()
}

/// Background, axes and grid of a chart over generations `0..=n_gens` and `y`.
pub fn frame<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    style: &ChartStyle,
    n_gens: usize,
    y: Range<f64>,
    y_desc: &str,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    frame_with_x(root, style, n_gens, y, y_desc, "generation t")
}

/// [`frame`] with another x-axis description (e.g. "step t").
pub fn frame_with_x<'a, DB: DrawingBackend>(
    root: &'a DrawingArea<DB, Shift>,
    style: &ChartStyle,
    n_gens: usize,
    y: Range<f64>,
    y_desc: &str,
    x_desc: &str,
) -> Result<Chart<'a, DB>, DrawingAreaErrorKind<DB::ErrorType>> {
    root.fill(&style.background())?;
    let x_max = n_gens.max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin_top(style.px(10.0))
        .margin_right(style.px(16.0))
        .margin_bottom(style.px(4.0))
        .margin_left(style.px(4.0))
        .x_label_area_size(style.px(36.0))
        .y_label_area_size(style.px(50.0))
        .build_cartesian_2d(0.0..x_max, y)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|x| format!("{x:.0}"))
        .y_label_formatter(&|y| trim_number(*y))
        .label_style(style.font(12.0))
        .axis_desc_style(style.font(12.5))
        .axis_style(style.foreground().mix(0.6))
        .bold_line_style(style.grid())
        .light_line_style(TRANSPARENT)
        .draw()?;
    Ok(chart)
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

/// Draws a curve in a colour and pattern.
pub fn line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &ChartStyle,
    values: &[f64],
    color: RGBColor,
    dash: Dash,
) -> DrawResult<DB> {
    let width = style.px(if dash == Dash::Solid { 2.0 } else { 1.6 });
    let stroke = color.stroke_width(width);
    let pts = points(values);
    match dash {
        Dash::Solid => {
            chart.draw_series(LineSeries::new(pts, stroke))?;
        }
        Dash::Dashed => {
            chart.draw_series(DashedLineSeries::new(
                pts,
                style.px(7.0),
                style.px(4.0),
                stroke,
            ))?;
        }
        Dash::Dotted => {
            chart.draw_series(DashedLineSeries::new(
                pts,
                style.px(2.0),
                style.px(3.0),
                stroke,
            ))?;
        }
    }
    Ok(())
}

/// Shades the band between `lo` and `hi` (a 95% interval) in a light tint of `color`.
pub fn band<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    lo: &[f64],
    hi: &[f64],
    color: RGBColor,
) -> DrawResult<DB> {
    let mut outline: Vec<(f64, f64)> = Vec::with_capacity(lo.len() * 2);
    for (i, &h) in hi.iter().enumerate() {
        if h.is_finite() && lo.get(i).is_some_and(|l| l.is_finite()) {
            outline.push((i as f64, h));
        }
    }
    for (i, &l) in lo.iter().enumerate().rev() {
        if l.is_finite() && hi.get(i).is_some_and(|h| h.is_finite()) {
            outline.push((i as f64, l));
        }
    }
    if outline.len() >= 3 {
        chart.draw_series(std::iter::once(Polygon::new(
            outline,
            color.mix(0.2).filled(),
        )))?;
    }
    Ok(())
}

/// A horizontal reference line at `y` across all generations.
pub fn hline<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &ChartStyle,
    n_gens: usize,
    y: f64,
    color: RGBColor,
    dash: Dash,
) -> DrawResult<DB> {
    line(chart, style, &vec![y; n_gens.max(1) + 1], color, dash)
}

/// Formats a number for captions: 2 decimals.
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        "–".into()
    }
}
