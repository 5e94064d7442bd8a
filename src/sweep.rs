//! Scenario F, the sweep: any two parameters of a scenario on the axes, the final value of any
//! of its curves as colour. Computed cell by cell through the same sliceable [`AnySim`] the page
//! uses for single runs, so a sweep never blocks the page, rows appear as they finish, and a
//! changed setting simply starts a new sweep (the old one is dropped by its run id).
//!
//! Pure: no web APIs; tested natively.

use crate::scenario::{AnyRun, AnySim, ScenarioId};
use crate::share::ShareState;
use infoloop_core::scenario::params::{ParamKind, ParamSpec};
use infoloop_core::scenario::Curves;

/// Smallest and largest number of cells per axis.
pub const RESOLUTION_RANGE: (usize, usize) = (2, 48);

/// What to sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct SweepSpec {
    /// The scenario whose runs fill the cells.
    pub base: ScenarioId,
    /// Parameter on the x axis.
    pub x_key: String,
    /// Parameter on the y axis.
    pub y_key: String,
    /// Curve whose final value colours a cell.
    pub metric: String,
    /// Cells per axis.
    pub resolution: usize,
}

impl Default for SweepSpec {
    /// Verifier strength x supervision coarseness on scenario D's final out-of-domain accuracy.
    fn default() -> Self {
        SweepSpec {
            base: ScenarioId::Transfer,
            x_key: "s".into(),
            y_key: "c".into(),
            metric: "accuracy_out_of_domain".into(),
            resolution: 32,
        }
    }
}

impl SweepSpec {
    /// A sweep that shows something at first sight for scenario `base`.
    pub fn default_for(base: ScenarioId) -> Self {
        let (x, y, metric, resolution) = match base {
            ScenarioId::Transfer => return SweepSpec::default(),
            ScenarioId::Loop => ("s", "lam", "info_argmax_bits", 16),
            ScenarioId::Gauss => ("s", "om", "info_gauss_bits", 12),
            ScenarioId::Budget => ("c", "m", "task_bits", 16),
            ScenarioId::Hacking => ("rho", "g", "accuracy", 12),
        };
        SweepSpec {
            base,
            x_key: x.into(),
            y_key: y.into(),
            metric: metric.into(),
            resolution,
        }
    }

    /// The parameters that can be swept (not toggles).
    pub fn axis_specs(base: ScenarioId) -> Vec<&'static ParamSpec> {
        base.specs()
            .iter()
            .filter(|s| s.kind != ParamKind::Toggle)
            .collect()
    }

    /// The curve names that can colour a cell (no band edges).
    pub fn metrics(base: ScenarioId) -> Vec<String> {
        let mut probe = ShareState {
            scenario: base,
            ..ShareState::default()
        };
        // The cheapest run of the scenario is enough to learn its curve names.
        for key in ["r", "t"] {
            if let Some(spec) = base.specs().iter().find(|s| s.key == key) {
                probe.set(key, spec.min);
            }
        }
        let run = AnySim::new(&probe).finish();
        run.curves()
            .into_iter()
            .map(|(name, _)| name)
            .filter(|n| !n.ends_with("_lo") && !n.ends_with("_hi"))
            .collect()
    }

    /// Repairs the spec for its base scenario: unknown or toggle axes, equal axes, unknown
    /// metrics and out-of-range resolutions fall back to valid choices. Returns what was fixed.
    pub fn validated(mut self) -> (Self, Vec<String>) {
        let mut fixed = Vec::new();
        let axes = Self::axis_specs(self.base);
        let default = SweepSpec::default_for(self.base);
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
        let metrics = Self::metrics(self.base);
        if !metrics.contains(&self.metric) {
            fixed.push(format!(
                "metric “{}” is not a curve of this scenario",
                self.metric
            ));
            self.metric = if metrics.contains(&default.metric) {
                default.metric.clone()
            } else {
                metrics.first().cloned().unwrap_or_default()
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
#[derive(Clone, Debug)]
pub struct SweepSim {
    base: ShareState,
    grid: SweepGrid,
    current: Option<Box<AnySim>>,
}

impl SweepSim {
    /// Starts sweeping `spec` around the parameters in `base` (its `spec.base` scenario's).
    pub fn new(base: &ShareState, spec: &SweepSpec) -> Self {
        let (spec, _) = spec.clone().validated();
        let find = |key: &str| spec.base.specs().iter().find(|s| s.key == key);
        let (xs, ys) = match (find(&spec.x_key), find(&spec.y_key)) {
            (Some(x), Some(y)) => (
                axis_values(x, spec.resolution),
                axis_values(y, spec.resolution),
            ),
            _ => (Vec::new(), Vec::new()),
        };
        let mut base = base.clone();
        base.scenario = spec.base;
        // Each cell is a single run of the base scenario, never a sweep of its own.
        base.sweep_on = false;
        let cells = xs.len() * ys.len();
        SweepSim {
            base,
            grid: SweepGrid {
                spec,
                xs,
                ys,
                values: vec![f64::NAN; cells],
                done: 0,
            },
            current: None,
        }
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
        let nx = self.grid.xs.len();
        let (col, row) = (self.grid.done % nx, self.grid.done / nx);
        let sim = self.current.get_or_insert_with(|| {
            let mut cell = self.base.clone();
            cell.set(&self.grid.spec.x_key, self.grid.xs[col]);
            cell.set(&self.grid.spec.y_key, self.grid.ys[row]);
            Box::new(AnySim::new(&cell))
        });
        if sim.advance(budget) {
            let run = sim.finish();
            self.grid.values[self.grid.done] = final_value(&run, &self.grid.spec.metric);
            self.grid.done += 1;
            self.current = None;
        }
        self.grid.done >= total
    }

    /// The grid so far.
    pub fn finish(&self) -> SweepGrid {
        self.grid.clone()
    }
}

/// The last finite value of curve `metric` in `run` (NaN if there is none).
fn final_value(run: &AnyRun, metric: &str) -> f64 {
    run.curves()
        .into_iter()
        .find(|(name, _)| name == metric)
        .and_then(|(_, v)| v.iter().rev().copied().find(|x| x.is_finite()))
        .unwrap_or(f64::NAN)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small(spec: SweepSpec) -> (ShareState, SweepSpec) {
        // As the page holds it: the sweep view on, its settings in the state.
        let mut base = ShareState {
            scenario: spec.base,
            sweep_on: true,
            ..ShareState::default()
        };
        base.sweep = spec.clone();
        base.set("r", 10.0);
        base.set("t", 60.0);
        (base, spec)
    }

    #[test]
    fn default_sweep_recovers_the_transfer_threshold() {
        let (base, spec) = small(SweepSpec {
            resolution: 5,
            ..SweepSpec::default()
        });
        let mut sim = SweepSim::new(&base, &spec);
        while !sim.advance(7) {}
        let grid = sim.finish();
        assert_eq!(grid.done, 25);
        // y = c: at s = 1 (last column), c = 0 ends on the template, c = 1 on the solver.
        let col = grid.xs.len() - 1;
        assert!(grid.at(col, 0) < 0.2, "c = 0: {}", grid.at(col, 0));
        assert!(
            grid.at(col, grid.ys.len() - 1) > 0.5,
            "c = 1: {}",
            grid.at(col, 4)
        );
        // s = 0 (first column) learns nothing: out-of-domain accuracy stays near its start.
        assert!((grid.at(0, 0) - grid.at(0, 4)).abs() < 0.15);
    }

    #[test]
    fn slicing_does_not_change_the_grid() {
        let (base, spec) = small(SweepSpec {
            resolution: 3,
            ..SweepSpec::default()
        });
        let mut a = SweepSim::new(&base, &spec);
        while !a.advance(1) {}
        let mut b = SweepSim::new(&base, &spec);
        while !b.advance(usize::MAX) {}
        assert_eq!(a.finish().fingerprint(), b.finish().fingerprint());
    }

    #[test]
    fn partial_grids_fill_row_by_row() {
        let (base, spec) = small(SweepSpec {
            resolution: 4,
            ..SweepSpec::default()
        });
        let mut sim = SweepSim::new(&base, &spec);
        while sim.progress().0 < 5 {
            sim.advance(3);
        }
        let grid = sim.finish();
        assert!(grid.values[..5].iter().all(|v| v.is_finite()));
        assert!(grid.values[5..].iter().all(|v| v.is_nan()));
    }

    #[test]
    fn every_scenario_has_a_valid_default_sweep() {
        for id in ScenarioId::ALL {
            let spec = SweepSpec::default_for(id);
            let (fixed_spec, fixed) = spec.clone().validated();
            assert!(fixed.is_empty(), "{id:?}: {fixed:?}");
            assert_eq!(fixed_spec, spec);
        }
    }

    #[test]
    fn bad_specs_are_repaired() {
        let spec = SweepSpec {
            base: ScenarioId::Loop,
            x_key: "nope".into(),
            y_key: "nope".into(),
            metric: "nope".into(),
            resolution: 1000,
        };
        let (spec, fixed) = spec.validated();
        assert_eq!(fixed.len(), 4);
        assert_ne!(spec.x_key, spec.y_key);
        assert!(SweepSpec::metrics(ScenarioId::Loop).contains(&spec.metric));
        assert_eq!(spec.resolution, RESOLUTION_RANGE.1);
    }

    #[test]
    fn axes_cover_the_range_and_respect_integers() {
        let specs = ScenarioId::Loop.specs();
        let n = specs.iter().find(|s| s.key == "n").unwrap();
        let xs = axis_values(n, 5);
        assert_eq!((xs[0], xs[4]), (1.0, 4096.0));
        assert!(xs.iter().all(|x| x.fract() == 0.0));
        let s = specs.iter().find(|s| s.key == "s").unwrap();
        assert_eq!(axis_values(s, 3), vec![0.0, 0.5, 1.0]);
    }
}
