//! The contract every registered scenario keeps, written once with no per-scenario code: the
//! suite in `tests/contract.rs` runs these checks for each entry of the registry, so a new
//! scenario is held to all of them by its one registry line.

use infoloop_core::link::{parse_query, run_query, to_query, ShareState};
use infoloop_core::scenario::chart::{ChartData, Line};
use infoloop_core::scenario::params::{ParamKind, ParamSpec, Validated};
use infoloop_core::scenario::{Run, ScenarioRef};
use infoloop_core::spec::RunSpec;

/// `spec` made as cheap as its ranges allow: every parameter the work grows with (replicates,
/// steps, samples) at its minimum, but at least `min_effort` where the range allows, so curves
/// still have a few points.
pub fn cheap(mut spec: RunSpec, min_effort: f64) -> RunSpec {
    for row in spec.specs() {
        if row.effort {
            spec.set(row.key, row.min.max(min_effort.min(row.max)));
        }
    }
    spec
}

/// The scenario's default run, made cheap.
pub fn cheap_default(scenario: ScenarioRef) -> RunSpec {
    cheap(RunSpec::new(scenario), 3.0)
}

/// Every value of every curve of `run` is finite, and the curves are not empty.
pub fn assert_finite(run: &Run, what: &str) {
    let curves = run.curves();
    assert!(!curves.is_empty(), "{what}: no curves");
    for (name, values) in curves {
        assert!(!values.is_empty(), "{what}: curve {name} is empty");
        if let Some(i) = values.iter().position(|v| !v.is_finite()) {
            panic!("{what}: curve {name}[{i}] = {}", values[i]);
        }
    }
}

/// Runs `spec` in slices of `slice` units and returns the finished run.
pub fn run_sliced(spec: &RunSpec, slice: usize) -> Run {
    let mut job = spec.start();
    while !job.advance(slice) {}
    job.finish()
}

/// Every row is well formed: default in range and exact, a label, an explanation, a group, and
/// a `needs` naming a toggle of the same table.
pub fn check_rows(scenario: ScenarioRef) {
    let rows = scenario.params();
    assert!(!rows.is_empty(), "{}: no parameters", scenario.key());
    for (i, row) in rows.iter().enumerate() {
        let at = format!("{} {}", scenario.key(), row.key);
        assert_eq!(
            row.validate(row.default),
            Validated::Exact(row.default),
            "{at}: default"
        );
        assert!(row.min <= row.max && row.step > 0.0, "{at}: range");
        assert!(
            !row.label.is_empty() && !row.group.is_empty(),
            "{at}: texts"
        );
        assert!(
            row.explain.ends_with('.'),
            "{at}: explanation {:?}",
            row.explain
        );
        assert!(
            !row.key.is_empty() && row.key.chars().all(|c| c.is_ascii_alphanumeric()),
            "{at}: a link key is short ASCII"
        );
        assert!(
            !rows[..i].iter().any(|r| r.key == row.key),
            "{at}: key twice"
        );
        assert!(
            ![
                "v", "sc", "seed", "at", "pin", "embed", "hide", "sw", "sx", "sy", "sm", "sn",
                "fig", "ctl"
            ]
            .contains(&row.key),
            "{at}: a page key"
        );
        if let Some(toggle) = row.needs {
            let t = rows.iter().find(|r| r.key == toggle);
            assert!(
                t.is_some_and(|t| t.kind == ParamKind::Toggle),
                "{at}: needs {toggle}, not a toggle of this table"
            );
        }
    }
}

/// Presets and actions name real parameters with in-range values, and the comparison a first
/// visit pins is one of the presets.
pub fn check_presets(scenario: ScenarioRef) {
    assert!(
        !scenario.presets().is_empty(),
        "{}: no presets",
        scenario.key()
    );
    for preset in scenario.presets() {
        for (key, value) in preset.settings {
            let row = scenario.params().iter().find(|s| s.key == *key);
            let row = row.unwrap_or_else(|| panic!("{} {}: {key}", scenario.key(), preset.label));
            assert_eq!(
                row.validate(*value).value(),
                *value,
                "{} {key}",
                preset.label
            );
        }
    }
    for action in scenario.actions() {
        let row = scenario.params().iter().find(|s| s.key == action.key);
        assert!(row.is_some_and(|r| r.validate(action.value) == Validated::Exact(action.value)));
    }
    if let Some(label) = scenario.info().comparison {
        assert!(
            scenario.presets().iter().any(|p| p.label == label),
            "{}: comparison {label} is not a preset",
            scenario.key()
        );
    }
}

/// Slicing does not change the run: the same curves bit for bit in slices of 1, 7 or all.
pub fn check_slicing(scenario: ScenarioRef) {
    let spec = cheap_default(scenario);
    let whole = run_sliced(&spec, usize::MAX).fingerprint();
    for slice in [1, 7] {
        assert_eq!(
            run_sliced(&spec, slice).fingerprint(),
            whole,
            "{}: slices of {slice}",
            scenario.key()
        );
    }
    // A partial result is a valid run too.
    let mut job = spec.start();
    job.advance(1);
    let (done, total) = job.progress();
    assert!(
        done <= total && total > 0,
        "{}: progress {done}/{total}",
        scenario.key()
    );
    let _ = job.finish().curves();
}

/// The corners of the parameter box (every non-effort parameter at its minimum or maximum, up
/// to 1024 corners, sampled beyond that; effort parameters small) give finite curves, and so do
/// the default run with one effort parameter at its maximum (its first slices only).
pub fn check_corners(scenario: ScenarioRef) {
    let rows: Vec<&ParamSpec> = scenario.params().iter().filter(|r| !r.effort).collect();
    let n = rows.len().min(20);
    let corners: Vec<u64> = if n <= 10 {
        (0..1u64 << n).collect()
    } else {
        // A fixed spread of corners (a Weyl sequence over the bit patterns).
        (0..1024u64)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - n))
            .collect()
    };
    for bits in corners {
        let mut spec = cheap_default(scenario);
        for (j, row) in rows.iter().take(n).enumerate() {
            spec.set(row.key, if bits >> j & 1 == 1 { row.max } else { row.min });
        }
        let run = spec.run();
        assert_finite(
            &run,
            &format!("{} corner {}", scenario.key(), run_query(&spec)),
        );
        for (key, _) in scenario.chart_keys() {
            let chart = run.chart(key).expect("a chart of its own scenario");
            check_chart(
                &chart,
                &format!("{} {key} at {}", scenario.key(), run_query(&spec)),
            );
        }
    }
    for row in scenario.params().iter().filter(|r| r.effort) {
        let mut spec = cheap_default(scenario);
        spec.set(row.key, row.max);
        let mut job = spec.start();
        job.advance(64);
        let partial = job.finish();
        for (name, values) in partial.curves() {
            assert!(
                values.iter().all(|v| v.is_finite()),
                "{} {}=max: partial curve {name} not finite",
                scenario.key(),
                row.key
            );
        }
    }
}

/// A resolved chart is drawable: a non-empty finite y range, every series with values, its
/// points inside the range or the series marked off scale, and a caption.
pub fn check_chart(chart: &ChartData, what: &str) {
    let (lo, hi) = chart.y;
    assert!(
        lo.is_finite() && hi.is_finite() && hi > lo,
        "{what}: y range {lo}..{hi}"
    );
    assert!(!chart.series.is_empty(), "{what}: no series");
    assert!(
        chart.readable().next().is_some(),
        "{what}: no curve to read"
    );
    assert!(!chart.caption.is_empty(), "{what}: no caption");
    // Every series tells itself apart: a colour and pattern of its own (the pinned ghost has a
    // colour no series can take).
    for (i, a) in chart.series.iter().enumerate() {
        for b in &chart.series[..i] {
            assert!(
                (a.color, a.dash) != (b.color, b.dash),
                "{what}: {} and {} share a colour and a pattern",
                a.label,
                b.label
            );
        }
    }
    for s in &chart.series {
        let values: Vec<f64> = match &s.line {
            Line::Points(v) => v.clone(),
            Line::Band { mid, lo, hi } => mid.iter().chain(lo).chain(hi).copied().collect(),
            Line::Level(v) => vec![*v],
        };
        assert!(!values.is_empty(), "{what}: {} has no values", s.label);
        let outside = values.iter().any(|&v| v.is_finite() && (v < lo || v > hi));
        assert!(
            !outside || s.off_scale.is_some(),
            "{what}: {} leaves the range {lo}..{hi} unmarked",
            s.label
        );
    }
}

/// Every chart of every preset's run (cheap) resolves to a drawable chart whose caption has the
/// run's numbers.
pub fn check_preset_charts(scenario: ScenarioRef) {
    for preset in scenario.presets() {
        let spec = cheap(RunSpec::new(scenario).with_preset(preset), 5.0);
        let run = spec.run();
        for (key, _) in scenario.chart_keys() {
            let chart = run.chart(key).expect("its own chart");
            let what = format!("{} {} {key}", scenario.key(), preset.label);
            check_chart(&chart, &what);
            assert!(
                chart.caption.chars().any(|c| c.is_ascii_digit()),
                "{what}: the caption states no number: {}",
                chart.caption
            );
        }
        assert!(
            !scenario.readouts(&run, None).is_empty(),
            "{}: no readouts",
            scenario.key()
        );
    }
}

/// The share link holds the scenario: its default writes `v=1` plus `sc=` (unless it is the
/// default scenario), a changed state round-trips exactly, and another scenario's pin is
/// dropped with a note.
pub fn check_link(scenario: ScenarioRef) {
    let state = ShareState::of(RunSpec::new(scenario));
    let query = to_query(&state);
    let (back, notes) = parse_query(&query);
    assert!(notes.is_empty(), "{query}: {notes:?}");
    assert_eq!(back, state, "{query}");
    for other in infoloop_core::registry::all().filter(|o| *o != scenario) {
        let pinned = run_query(&RunSpec::new(other));
        let link = format!("{query}&pin={}", pinned.replace('&', "%26"));
        let (state, notes) = parse_query(&link);
        assert!(state.pin.is_none() && notes.len() == 1, "{link}: {notes:?}");
    }
}

/// `0..count` split into `groups` consecutive ranges as equal as possible (what `groups` workers
/// get), the earlier ones longer.
pub fn groups_of(count: usize, groups: usize) -> Vec<std::ops::Range<usize>> {
    let groups = groups.clamp(1, count.max(1));
    let (per, extra) = (count / groups, count % groups);
    let mut start = 0;
    (0..groups)
        .map(|g| {
            let len = per + usize::from(g < extra);
            let range = start..start + len;
            start += len;
            range
        })
        .collect()
}

/// Blocks: a v2 run's blocks computed in 1, 2, 3 or 4 groups (and one block per group) and
/// merged in order give the plain run's fingerprint; partials round-trip through their flat
/// form exactly; a v1 run is one block whose merge is the v1 run; merges of the wrong blocks,
/// another run's blocks or garbage are errors, not panics.
pub fn check_blocks(scenario: ScenarioRef) {
    use infoloop_core::random::stream::Engine;
    use infoloop_core::scenario::blocks::Partial;
    let mut spec = cheap(RunSpec::new(scenario), 8.0);
    spec.engine = Engine::V2;
    let what = format!("{} {}", scenario.key(), run_query(&spec));
    let plain = spec.run().fingerprint();
    let count = spec.block_count();
    assert!(count >= 4, "{what}: only {count} blocks");
    let mut groupings: Vec<Vec<std::ops::Range<usize>>> =
        (1..=4).map(|g| groups_of(count, g)).collect();
    groupings.push((0..count).map(|b| b..b + 1).collect());
    for groups in &groupings {
        let partials: Vec<Vec<f64>> = groups
            .iter()
            .map(|g| spec.run_blocks(g.clone()).expect("blocks in range"))
            .collect();
        for flat in &partials {
            let back = Partial::from_flat(flat).expect("a partial").to_flat();
            assert_eq!(back.len(), flat.len(), "{what}");
            assert!(
                back.iter()
                    .zip(flat)
                    .all(|(a, b)| a.to_bits() == b.to_bits()),
                "{what}: a partial does not round-trip"
            );
        }
        let refs: Vec<&[f64]> = partials.iter().map(Vec::as_slice).collect();
        let merged = spec.run_merged(&refs).expect("a merge of every block");
        assert_eq!(
            merged.fingerprint(),
            plain,
            "{what}: {} groups merged",
            groups.len()
        );
        if refs.len() >= 2 {
            let mut swapped = refs.clone();
            swapped.swap(0, 1);
            assert!(spec.merge_blocks(&swapped).is_err(), "{what}: out of order");
            assert!(
                spec.merge_blocks(&refs[1..]).is_err(),
                "{what}: one missing"
            );
        }
    }
    let mut other = spec.clone();
    other.seed += 1;
    let theirs = other.run_blocks(0..count).expect("blocks");
    assert!(
        spec.merge_blocks(&[&theirs]).is_err(),
        "{what}: another seed"
    );
    assert!(
        spec.run_blocks(count..count + 1).is_err(),
        "{what}: past the end"
    );
    assert!(spec.run_blocks(1..1).is_err(), "{what}: empty range");
    assert!(
        spec.merge_blocks(&[&[1.0, 2.0, 3.0]]).is_err(),
        "{what}: garbage"
    );
    assert!(spec.merge_blocks(&[]).is_err(), "{what}: nothing");
    // Engine v1: one block, its merge the v1 run.
    spec.engine = Engine::V1;
    assert_eq!(spec.block_count(), 1, "{what}: v1 is one block");
    let whole = spec.run_blocks(0..1).expect("the one block");
    let merged = spec.run_merged(&[&whole]).expect("a merge");
    assert_eq!(merged.fingerprint(), spec.run().fingerprint(), "{what}: v1");
}

/// A partial result of a v2 run in progress (what the page draws) is the merge of the blocks
/// done with the one in progress: finite curves of the full length at every point, and the
/// complete run unchanged by having been looked at.
pub fn check_partial_blocks(scenario: ScenarioRef) {
    use infoloop_core::random::stream::Engine;
    let mut spec = cheap(RunSpec::new(scenario), 8.0);
    spec.engine = Engine::V2;
    let plain = spec.run();
    let mut job = spec.start();
    let (_, total) = job.progress();
    let mut looks = 0;
    while !job.advance((total / 13).max(1)) {
        let partial = job.finish();
        looks += 1;
        assert_eq!(partial.len(), plain.len(), "{}", scenario.key());
        let (done, total) = job.progress();
        assert!(done <= total, "{}: {done}/{total}", scenario.key());
    }
    assert!(looks >= 3, "{}: {looks} looks", scenario.key());
    assert_eq!(
        job.finish().fingerprint(),
        plain.fingerprint(),
        "{}",
        scenario.key()
    );
}
