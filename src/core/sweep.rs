//! The sweep (F): a job over run specifications. Any two parameters of a scenario on the axes,
//! the final value of any of its curves as colour; the cells are ordinary runs of the base
//! specification with the two parameters set, computed one after another through the same
//! sliceable [`Job`], so a sweep never blocks the page and rows appear as they finish.

use crate::scenario::params::{ParamKind, ParamSpec};
use crate::scenario::{Curves, Job, Run, ScenarioRef};
use crate::spec::RunSpec;

/// Smallest and largest number of cells per axis.
pub const RESOLUTION_RANGE: (usize, usize) = (2, 48);

/// What to sweep over a base run specification's scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    /// Parameter on the x axis.
    pub x_key: String,
    /// Parameter on the y axis.
    pub y_key: String,
    /// Curve whose final value colours a cell.
    pub metric: String,
    /// Cells per axis.
    pub resolution: usize,
}

/// A metric a sweep can colour by: its curve name and its label on the scenario's charts.
#[derive(Clone, Debug, PartialEq)]
pub struct Metric {
    /// Curve name (the `sm=` link value).
    pub key: String,
    /// Human label, e.g. "out-of-domain accuracy".
    pub label: String,
    /// Unit ("bits", or empty).
    pub unit: &'static str,
    /// The fixed colour scale of a bounded quantity (a share or probability: 0 to 1), so the
    /// colours mean the same while cells fill; `None`: scaled to the computed values.
    pub bounds: Option<(f64, f64)>,
}

impl SweepSpec {
    /// What the sweep view shows first for `scenario`.
    pub fn default_for(scenario: ScenarioRef) -> Self {
        let d = scenario.sweep_default();
        SweepSpec {
            x_key: d.x.into(),
            y_key: d.y.into(),
            metric: d.metric.into(),
            resolution: d.resolution,
        }
    }

    /// The parameters that can be swept (not toggles).
    pub fn axis_specs(scenario: ScenarioRef) -> Vec<&'static ParamSpec> {
        scenario
            .params()
            .iter()
            .filter(|s| s.kind != ParamKind::Toggle)
            .collect()
    }

    /// The curves that can colour a cell (no band edges), labelled as on the charts.
    pub fn metrics(scenario: ScenarioRef) -> Vec<Metric> {
        let mut probe = RunSpec::new(scenario);
        // The cheapest run of the scenario is enough to learn its curve names.
        for key in ["r", "t"] {
            if let Some(spec) = probe.spec(key) {
                probe.set(key, spec.min);
            }
        }
        let run = probe.start().finish();
        let charts: Vec<_> = scenario
            .chart_keys()
            .into_iter()
            .filter_map(|(key, _)| run.chart(key))
            .collect();
        run.curves()
            .into_iter()
            .map(|(name, _)| name)
            .filter(|n| !n.ends_with("_lo") && !n.ends_with("_hi"))
            .map(|name| {
                let found = charts.iter().find_map(|c| {
                    c.series
                        .iter()
                        .find(|s| s.curve == Some(name.as_str()))
                        .map(|s| (s.label.clone(), c.unit, c.unit.is_empty() && c.y.1 <= 1.1))
                });
                let (label, unit, bounded) = found
                    .or_else(|| {
                        scenario
                            .curve_label(&name)
                            .map(|l| (l.to_string(), "", false))
                    })
                    .unwrap_or_else(|| (name.clone(), "", false));
                Metric {
                    key: name,
                    label,
                    unit,
                    bounds: bounded.then_some((0.0, 1.0)),
                }
            })
            .collect()
    }

    /// Repairs the spec for `scenario`: unknown or toggle axes, equal axes, unknown metrics and
    /// out-of-range resolutions fall back to valid choices. Returns what was fixed, in words.
    pub fn validated(mut self, scenario: ScenarioRef) -> (Self, Vec<String>) {
        let mut fixed = Vec::new();
        let axes = Self::axis_specs(scenario);
        let default = SweepSpec::default_for(scenario);
        let pick = |avoid: &str, preferred: &str| -> String {
            if axes.iter().any(|s| s.key == preferred) && preferred != avoid {
                return preferred.to_string();
            }
            axes.iter()
                .map(|s| s.key)
                .find(|k| *k != avoid)
                .unwrap_or("")
                .to_string()
        };
        if !axes.iter().any(|s| s.key == self.x_key) {
            fixed.push(format!(
                "x axis “{}” is not a parameter of this scenario",
                self.x_key
            ));
            self.x_key = pick("", &default.x_key);
        }
        if !axes.iter().any(|s| s.key == self.y_key) || self.y_key == self.x_key {
            fixed.push(format!("y axis “{}” cannot be used", self.y_key));
            self.y_key = pick(&self.x_key, &default.y_key);
        }
        let metrics = Self::metrics(scenario);
        if !metrics.iter().any(|m| m.key == self.metric) {
            fixed.push(format!(
                "metric “{}” is not a curve of this scenario",
                self.metric
            ));
            self.metric = if metrics.iter().any(|m| m.key == default.metric) {
                default.metric.clone()
            } else {
                metrics.first().map(|m| m.key.clone()).unwrap_or_default()
            };
        }
        let (lo, hi) = RESOLUTION_RANGE;
        if !(lo..=hi).contains(&self.resolution) {
            fixed.push(format!(
                "resolution {} is outside {lo}..{hi}",
                self.resolution
            ));
            self.resolution = self.resolution.clamp(lo, hi);
        }
        (self, fixed)
    }
}

/// The values of an axis: `n` points from the parameter's minimum to its maximum (evenly in
/// log scale for parameters spanning two or more decades), validated (integers rounded).
pub fn axis_values(spec: &ParamSpec, n: usize) -> Vec<f64> {
    let log = spec.min > 0.0 && spec.max / spec.min >= 100.0;
    (0..n)
        .map(|i| {
            let f = if n > 1 {
                i as f64 / (n - 1) as f64
            } else {
                0.5
            };
            let raw = if log {
                spec.min * libm::pow(spec.max / spec.min, f)
            } else {
                spec.min + f * (spec.max - spec.min)
            };
            spec.validate(raw).value()
        })
        .collect()
}

/// A sweep's result so far: `values[row * nx + col]` for `y = ys[row]`, `x = xs[col]`; NaN where
/// the cell is not computed yet.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepGrid {
    /// The base specification (scenario, the other parameters, seed).
    pub base: RunSpec,
    /// What was swept.
    pub spec: SweepSpec,
    /// X axis values.
    pub xs: Vec<f64>,
    /// Y axis values.
    pub ys: Vec<f64>,
    /// Cell values, row-major (row = y).
    pub values: Vec<f64>,
    /// Cells done.
    pub done: usize,
}

impl SweepGrid {
    /// The value at (`col`, `row`), NaN if not computed.
    pub fn at(&self, col: usize, row: usize) -> f64 {
        self.values
            .get(row * self.xs.len() + col)
            .copied()
            .unwrap_or(f64::NAN)
    }

    /// Smallest and largest computed value (finite), if any.
    pub fn value_range(&self) -> Option<(f64, f64)> {
        let mut it = self.values.iter().copied().filter(|v| v.is_finite());
        let first = it.next()?;
        Some(it.fold((first, first), |(lo, hi), v| (lo.min(v), hi.max(v))))
    }
}

impl Curves for SweepGrid {
    fn curves(&self) -> Vec<(String, &[f64])> {
        vec![
            ("x".into(), &self.xs),
            ("y".into(), &self.ys),
            (format!("final_{}", self.spec.metric), &self.values),
        ]
    }
}

/// A sweep in progress; one unit of work is one unit of the current cell's run.
pub struct SweepJob {
    grid: SweepGrid,
    current: Option<Box<dyn Job>>,
}

impl SweepJob {
    /// Starts sweeping `spec` around `base` (validated for its scenario first).
    pub fn new(base: &RunSpec, spec: &SweepSpec) -> Self {
        let (spec, _) = spec.clone().validated(base.scenario);
        let (xs, ys) = match (base.spec(&spec.x_key), base.spec(&spec.y_key)) {
            (Some(x), Some(y)) => (
                axis_values(x, spec.resolution),
                axis_values(y, spec.resolution),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        let cells = xs.len() * ys.len();
        SweepJob {
            grid: SweepGrid {
                base: base.clone(),
                spec,
                xs,
                ys,
                values: vec![f64::NAN; cells],
                done: 0,
            },
            current: None,
        }
    }

    /// The run specification of cell (`col`, `row`).
    pub fn cell(&self, col: usize, row: usize) -> RunSpec {
        let mut cell = self.grid.base.clone();
        cell.set(&self.grid.spec.x_key, self.grid.xs[col]);
        cell.set(&self.grid.spec.y_key, self.grid.ys[row]);
        cell
    }

    /// The run specification of cell `index` (row-major: `index = row * nx + col`).
    pub fn cell_at(&self, index: usize) -> RunSpec {
        let nx = self.grid.xs.len().max(1);
        self.cell(index % nx, index / nx)
    }

    /// What a cell shows, from its finished run: the metric's last finite value (NaN if none).
    pub fn value_of(&self, run: &Run) -> f64 {
        final_value(run.curve(&self.grid.spec.metric))
    }

    /// Cell `index` computed on its own: the value [`SweepJob::advance`] stores there (a pool
    /// of workers computes blocks of cells with it and places them by index).
    pub fn compute_cell(&self, index: usize) -> f64 {
        self.value_of(&self.cell_at(index).run())
    }

    /// Cells done and total.
    pub fn progress(&self) -> (usize, usize) {
        (self.grid.done, self.grid.values.len())
    }

    /// Advances the current cell's run by up to `budget` units (starting the next cell when one
    /// finishes); true when every cell is done.
    pub fn advance(&mut self, budget: usize) -> bool {
        let total = self.grid.values.len();
        if self.grid.done >= total {
            return true;
        }
        if self.current.is_none() {
            self.current = Some(self.cell_at(self.grid.done).start());
        }
        let Some(job) = self.current.as_mut() else {
            return false;
        };
        if job.advance(budget) {
            let run = job.finish();
            self.grid.values[self.grid.done] = self.value_of(&run);
            self.grid.done += 1;
            self.current = None;
        }
        self.grid.done >= total
    }

    /// The grid so far.
    pub fn finish(&self) -> SweepGrid {
        self.grid.clone()
    }

    /// Runs to completion.
    pub fn run(base: &RunSpec, spec: &SweepSpec) -> SweepGrid {
        let mut job = SweepJob::new(base, spec);
        while !job.advance(usize::MAX) {}
        job.finish()
    }
}

/// The last finite value of a curve (NaN if there is none): a sweep cell's value.
pub fn final_value(curve: Option<&[f64]>) -> f64 {
    curve
        .and_then(|v| v.iter().rev().copied().find(|x| x.is_finite()))
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::registry;

    /// The default scenario's default sweep, small: 3 x 3 cells of cheap runs.
    fn small() -> (RunSpec, SweepSpec) {
        let mut base = RunSpec::new(registry::default());
        for row in base.specs() {
            if row.effort {
                base.set(row.key, row.min.max(3.0f64.min(row.max)));
            }
        }
        let spec = SweepSpec {
            resolution: 3,
            ..SweepSpec::default_for(base.scenario)
        };
        (base, spec)
    }

    #[test]
    fn slicing_does_not_change_the_grid() {
        let (base, spec) = small();
        let mut a = SweepJob::new(&base, &spec);
        while !a.advance(1) {}
        let b = SweepJob::run(&base, &spec);
        assert_eq!(a.finish().fingerprint(), b.fingerprint());
        assert_eq!(b.done, 9);
        assert!(b.values.iter().all(|v| v.is_finite()));
    }

    #[test]
    fn partial_grids_fill_row_by_row() {
        let (base, spec) = small();
        let mut job = SweepJob::new(&base, &spec);
        while job.progress().0 < 4 {
            job.advance(3);
        }
        let grid = job.finish();
        assert!(grid.values[..4].iter().all(|v| v.is_finite()));
        assert!(grid.values[4..].iter().all(|v| v.is_nan()));
    }

    /// A cell is the base run with the two swept parameters set: the same curves as running
    /// that specification directly.
    #[test]
    fn a_cell_is_a_run_of_its_specification() {
        let (base, spec) = small();
        let grid = SweepJob::run(&base, &spec);
        let job = SweepJob::new(&base, &spec);
        let run = job.cell(2, 1).run();
        let direct = final_value(run.curve(&spec.metric));
        assert_eq!(grid.at(2, 1).to_bits(), direct.to_bits());
    }

    /// Cells computed on their own, in any order, are the cells of the sliced sweep.
    #[test]
    fn cells_computed_alone_equal_the_grid() {
        let (base, spec) = small();
        let grid = SweepJob::run(&base, &spec);
        let job = SweepJob::new(&base, &spec);
        for i in (0..grid.values.len()).rev() {
            assert_eq!(job.compute_cell(i).to_bits(), grid.values[i].to_bits());
        }
    }

    #[test]
    fn every_scenario_has_a_valid_default_sweep() {
        for s in registry::all() {
            let spec = SweepSpec::default_for(s);
            let (fixed_spec, fixed) = spec.clone().validated(s);
            assert!(fixed.is_empty(), "{}: {fixed:?}", s.key());
            assert_eq!(fixed_spec, spec);
            // Every metric has a label in words: from a chart, or declared with the model.
            for m in SweepSpec::metrics(s) {
                assert!(!m.label.contains('_'), "{} {}: no label", s.key(), m.key);
            }
        }
    }

    #[test]
    fn bad_specs_are_repaired() {
        let scenario = registry::default();
        let spec = SweepSpec {
            x_key: "nope".into(),
            y_key: "nope".into(),
            metric: "nope".into(),
            resolution: 1000,
        };
        let (spec, fixed) = spec.validated(scenario);
        assert_eq!(fixed.len(), 4);
        assert_ne!(spec.x_key, spec.y_key);
        assert!(SweepSpec::metrics(scenario)
            .iter()
            .any(|m| m.key == spec.metric));
        assert_eq!(spec.resolution, RESOLUTION_RANGE.1);
    }

    #[test]
    fn axes_cover_the_range_and_respect_integers() {
        let n = ParamSpec {
            min: 1.0,
            max: 4096.0,
            kind: ParamKind::Integer,
            ..ParamSpec::EMPTY
        };
        let xs = axis_values(&n, 5);
        assert_eq!((xs[0], xs[4]), (1.0, 4096.0));
        assert!(xs.iter().all(|x| x.fract() == 0.0));
        assert_eq!(axis_values(&ParamSpec::EMPTY, 3), vec![0.0, 0.5, 1.0]);
    }
}
