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
/// Okabe-Ito reddish purple.
pub const PURPLE: RGBColor = RGBColor(0xCC, 0x79, 0xA7);
/// The pinned (A/B) run's ghost curve: reddish purple, long dashes, under everything else.
pub const GHOST: RGBColor = PURPLE;

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

    /// The chart's data series as (curve name in [`AnyRun::curves`], label, unit), the main
    /// one first: what the hover readout, the hidden data table and the pinned ghost show.
    pub fn series(self) -> &'static [(&'static str, &'static str, &'static str)] {
        const BITS: &str = "bits";
        const NONE: &str = "";
        const SQ: &str = "X²";
        match self {
            ChartKind::Info => &[
                ("info_argmax_bits", "I(X; argmax pₜ)", BITS),
                ("info_sample_bits", "I(X; Yₜ)", BITS),
                ("dpi_ceiling_bits", "DPI ceiling I(X; Z₀)", BITS),
            ],
            ChartKind::Accuracy => &[
                ("mean_accuracy", "mean accuracy", NONE),
                ("greedy_accuracy", "greedy accuracy", NONE),
            ],
            ChartKind::Entropy => &[
                ("entropy_bits", "entropy H(pₜ)", BITS),
                ("kl_bits", "KL(p* ‖ pₜ)", BITS),
            ],
            ChartKind::GaussInfo => &[
                ("info_ksg_bits", "I(X; μₜ), KSG", BITS),
                ("info_gauss_bits", "Gaussian estimate", BITS),
                ("closed_form_bits", "closed form", BITS),
            ],
            ChartKind::GaussVariance => &[
                ("mean_variance", "mean fitted variance", SQ),
                ("closed_form_variance", "closed form", SQ),
            ],
            ChartKind::GaussError => &[
                ("sq_error", "squared error", SQ),
                ("closed_form_sq_error", "closed form", SQ),
            ],
            ChartKind::BudgetAccuracy => &[("accuracy", "accuracy", NONE)],
            ChartKind::BudgetBits => &[
                ("total_bits", "bits spent", BITS),
                ("task_bits", "task-relevant", BITS),
                ("within_bits", "within-class", BITS),
            ],
            ChartKind::BudgetDiversity => &[("form_entropy_bits", "diversity", BITS)],
            ChartKind::BudgetEfficiency => &[("efficiency", "efficiency η", NONE)],
            ChartKind::TransferGeneralization => &[
                ("accuracy_out_of_domain", "out-of-domain accuracy", NONE),
                ("accuracy_in_domain", "in-domain accuracy", NONE),
            ],
            ChartKind::TransferPolicy => &[
                ("pi_solver", "π_g", NONE),
                ("solver_share", "share on the solver", NONE),
            ],
            ChartKind::HackingReward => &[
                ("proxy_reward", "proxy reward", NONE),
                ("accuracy", "true accuracy", NONE),
            ],
            ChartKind::HackingSources => &[
                ("accuracy_a", "accuracy, source A", NONE),
                ("accuracy_b", "accuracy, source B", NONE),
            ],
            ChartKind::HackingLength => &[
                ("p_long", "P(long)", NONE),
                ("p_long_a", "P(long | A)", NONE),
                ("p_long_b", "P(long | B)", NONE),
            ],
            ChartKind::SweepHeatmap => &[],
        }
    }

    /// What the x axis counts: its scenario's [`ScenarioId::step_name`].
    pub fn x_name(self) -> &'static str {
        ScenarioId::ALL
            .into_iter()
            .find(|&id| Self::for_scenario(id).contains(&self))
            .map_or("generation", ScenarioId::step_name)
    }

    /// This chart's series of `run` with their labels and units (see [`ChartKind::series`]).
    pub fn series_of(self, run: &AnyRun) -> Vec<(&'static str, &'static str, &[f64])> {
        let curves = run.curves();
        self.series()
            .iter()
            .filter_map(|&(key, label, unit)| {
                let (_, values) = curves.iter().find(|(name, _)| name == key)?;
                Some((label, unit, *values))
            })
            .collect()
    }

    /// The chart's legend for this run (empty if the run is of another scenario), with the
    /// pinned run's ghost last.
    pub fn legend(self, run: &AnyRun, style: &ChartStyle) -> Vec<LegendItem> {
        let mut items = self.own_legend(run, style);
        if let Some(ghost) = &style.ghost {
            items.push(LegendItem {
                label: format!("pinned: {}", ghost.label),
                color: css(GHOST),
                dash: Dash::Dashed,
                band: false,
            });
        }
        items
    }

    fn own_legend(self, run: &AnyRun, style: &ChartStyle) -> Vec<LegendItem> {
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
        let style = &ChartStyle {
            x_values: run.x_values(),
            ..style.clone()
        };
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

/// Colours and sizes of one drawing, scaled for the device pixel ratio, and what is overlaid on
/// every chart: the transport's cursor and a pinned run to compare with.
#[derive(Clone, Debug, PartialEq)]
pub struct ChartStyle {
    /// Device pixels per CSS pixel (2 on most phones and retina screens).
    pub dpr: f64,
    /// Dark background.
    pub dark: bool,
    /// Show the curves up to this generation only (the transport is playing or stepping);
    /// `None` shows the whole run.
    pub upto: Option<usize>,
    /// A pinned run's main series, drawn underneath as a ghost to compare with.
    pub ghost: Option<Ghost>,
    /// The generation of each point when the run kept only every k-th (see
    /// [`AnyRun::x_values`]); set by [`ChartKind::draw`] from the run itself.
    pub x_values: Option<Rc<[f64]>>,
}

/// The ghost of a pinned run on one chart: its main series and what the run was.
#[derive(Clone, Debug, PartialEq)]
pub struct Ghost {
    /// What the pinned run was, e.g. "information-open: verifier s = 0.4".
    pub label: Rc<str>,
    /// Its values of the chart's main series.
    pub values: Rc<[f64]>,
    /// Their generations, if the pinned run kept only every k-th.
    pub x_values: Option<Rc<[f64]>>,
}

impl Ghost {
    /// The pinned run's value at generation `generation` (`None` if it has no point there).
    pub fn at(&self, generation: usize) -> Option<f64> {
        let index = match &self.x_values {
            None => generation,
            Some(xs) => xs.iter().position(|&x| x == generation as f64)?,
        };
        self.values.get(index).copied()
    }

    /// The ghost of `pinned` on chart `kind` (none if the chart has no series of that run).
    pub fn of(kind: ChartKind, label: &str, pinned: &AnyRun) -> Option<Ghost> {
        let (_, _, values) = kind.series_of(pinned).into_iter().next()?;
        Some(Ghost {
            label: label.into(),
            values: values.into(),
            x_values: pinned.x_values(),
        })
    }
}

impl ChartStyle {
    /// Plain style: whole run, nothing pinned.
    pub fn new(dpr: f64, dark: bool) -> Self {
        ChartStyle {
            dpr,
            dark,
            upto: None,
            ghost: None,
            x_values: None,
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

/// The finite points `(generation, value)` of a curve up to point `upto` (all if `None`); point
/// `i` is at generation `xs[i]`, or `i` without `xs`. Non-finite values are skipped.
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

/// Where the plotting area sits inside a line chart, in CSS pixels from each edge (the page's
/// hover crosshair maps the pointer to a generation with it).
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
// Not inlined: each chart calls it many times, and each copy would grow the bundle.
#[inline(never)]
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
        .margin_top(style.px(PLOT_INSET.top))
        .margin_right(style.px(PLOT_INSET.right))
        .margin_bottom(style.px(4.0))
        .margin_left(style.px(4.0))
        .x_label_area_size(style.px(PLOT_INSET.bottom - 4.0))
        .y_label_area_size(style.px(PLOT_INSET.left - 4.0))
        .build_cartesian_2d(0.0..x_max, y)?;
    chart
        .configure_mesh()
        .x_desc(x_desc)
        .y_desc(y_desc)
        .x_labels(8)
        .y_labels(6)
        .x_label_formatter(&|x| x_tick(*x))
        .y_label_formatter(&|y| trim_number(*y))
        .label_style(style.font(12.0))
        .axis_desc_style(style.font(12.5))
        .axis_style(style.foreground().mix(0.6))
        .bold_line_style(style.grid())
        .light_line_style(TRANSPARENT)
        .draw()?;
    if let Some(ghost) = &style.ghost {
        // Only the part inside this chart's ranges: plotters would pin the rest to the border.
        let (xr, yr) = (0.0..=x_max, chart.y_range());
        let inside = |&(x, y): &(f64, f64)| xr.contains(&x) && yr.contains(&y);
        let pts = points(&ghost.values, ghost.x_values.as_deref(), None);
        for piece in pts.chunk_by(|a, b| inside(a) == inside(b)) {
            if piece.first().is_some_and(inside) {
                stroke(&mut chart, style, piece.to_vec(), GHOST, Dash::Dashed)?;
            }
        }
    }
    let cursor_x = style.upto.map(|g| {
        style
            .x_values
            .as_ref()
            .and_then(|xs| xs.get(g).copied())
            .unwrap_or(g as f64)
    });
    if let Some(g) = cursor_x.filter(|&g| g < n_gens as f64) {
        let (y0, y1) = (chart.y_range().start, chart.y_range().end);
        let cursor = style.reference().mix(0.7).stroke_width(style.px(1.0));
        chart.draw_series(LineSeries::new([(g, y0), (g, y1)], cursor))?;
    }
    Ok(chart)
}

/// An x tick label: whole generations, thousands as "k" from 10 000 on (the last label must
/// fit in the right margin).
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

/// Draws a curve in a colour and pattern, up to the transport's cursor.
// Not inlined: each chart calls it many times, and each copy would grow the bundle.
#[inline(never)]
pub fn line<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &ChartStyle,
    values: &[f64],
    color: RGBColor,
    dash: Dash,
) -> DrawResult<DB> {
    let xs = style.x_values.as_deref();
    stroke(chart, style, points(values, xs, style.upto), color, dash)
}

/// Strokes a polyline in a colour and pattern.
// Not inlined: each chart calls it many times, and each copy would grow the bundle.
#[inline(never)]
fn stroke<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &ChartStyle,
    pts: Vec<(f64, f64)>,
    color: RGBColor,
    dash: Dash,
) -> DrawResult<DB> {
    let pts = envelope(pts);
    let width = style.px(if dash == Dash::Solid { 2.0 } else { 1.6 });
    let stroke = color.stroke_width(width);
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

/// Shades the band between `lo` and `hi` (a 95% interval) in a light tint of `color`, up to
/// the transport's cursor.
// Not inlined: each chart calls it many times, and each copy would grow the bundle.
#[inline(never)]
pub fn band<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &ChartStyle,
    lo: &[f64],
    hi: &[f64],
    color: RGBColor,
) -> DrawResult<DB> {
    let shown = style
        .upto
        .map_or(hi.len(), |g| hi.len().min(g.saturating_add(1)));
    let (lo, hi) = (&lo[..shown.min(lo.len())], &hi[..shown]);
    let x = |i: usize| {
        style
            .x_values
            .as_ref()
            .and_then(|xs| xs.get(i).copied())
            .unwrap_or(i as f64)
    };
    let both = |i: usize| hi[i].is_finite() && lo.get(i).is_some_and(|l| l.is_finite());
    let upper: Vec<(f64, f64)> = (0..hi.len())
        .filter(|&i| both(i))
        .map(|i| (x(i), hi[i]))
        .collect();
    let lower: Vec<(f64, f64)> = (0..hi.len())
        .filter(|&i| both(i))
        .map(|i| (x(i), lo[i]))
        .collect();
    // Long bands: the envelope of each edge (its peaks and dips stay).
    let mut outline = envelope(upper);
    outline.extend(envelope(lower).into_iter().rev());
    if outline.len() >= 3 {
        chart.draw_series(std::iter::once(Polygon::new(
            outline,
            color.mix(0.2).filled(),
        )))?;
    }
    Ok(())
}

/// A horizontal reference line at `y` across all generations (whatever the cursor).
// Not inlined: each chart calls it many times, and each copy would grow the bundle.
#[inline(never)]
pub fn hline<DB: DrawingBackend>(
    chart: &mut Chart<'_, DB>,
    style: &ChartStyle,
    n_gens: usize,
    y: f64,
    color: RGBColor,
    dash: Dash,
) -> DrawResult<DB> {
    if !y.is_finite() {
        return Ok(());
    }
    stroke(
        chart,
        style,
        vec![(0.0, y), (n_gens.max(1) as f64, y)],
        color,
        dash,
    )
}

/// Formats a number for captions: 2 decimals.
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        "–".into()
    }
}
