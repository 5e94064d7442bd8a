//! The scenario contract, run for every registered scenario (tests/common has the checks; no
//! code here names a scenario): well-formed parameter rows and presets, slicing that does not
//! change a run, finite curves at every corner of the parameter box, drawable charts with
//! numbers in their captions for every preset, share links that round-trip, property tests of
//! the link parser over every key of every scenario, and golden fingerprints for each.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use infoloop_core::link::{parse_query, run_query, to_query, ShareState};
use infoloop_core::registry;
use infoloop_core::scenario::params::ParamKind;
use infoloop_core::spec::{RunSpec, DEFAULT_SEED};
use proptest::prelude::*;

#[test]
fn parameter_rows_are_well_formed() {
    registry::all().for_each(common::check_rows);
}

#[test]
fn presets_name_real_parameters() {
    registry::all().for_each(common::check_presets);
}

#[test]
fn slicing_does_not_change_a_run() {
    registry::all().for_each(common::check_slicing);
}

#[test]
fn blocks_merged_in_any_grouping_give_the_plain_run() {
    registry::all().for_each(common::check_blocks);
}

#[test]
fn partial_results_of_a_run_in_blocks_are_whole() {
    registry::all().for_each(common::check_partial_blocks);
}

#[test]
fn every_corner_of_the_parameter_box_gives_finite_curves_and_drawable_charts() {
    registry::all().for_each(common::check_corners);
}

#[test]
fn every_preset_draws_every_chart_with_numbers() {
    registry::all().for_each(common::check_preset_charts);
}

#[test]
fn links_hold_the_scenario() {
    registry::all().for_each(common::check_link);
}

/// The gallery: ranks 1..n once each, every entry opens a preset of its scenario, and a closed
/// entry's run does what "closed" says: its main curve (task information) never rises above
/// generation 0's 95% band.
#[test]
fn every_pipeline_opens_a_preset_and_its_verdict_holds() {
    use infoloop_core::scenario::chart::Line;
    use infoloop_core::scenario::Verdict;
    let gallery = registry::pipelines();
    assert!(gallery.len() >= 10, "{} pipelines", gallery.len());
    for (i, (scenario, p)) in gallery.iter().enumerate() {
        assert_eq!(p.rank as usize, i + 1, "{}: rank", p.method);
        let preset = scenario.presets().iter().find(|pr| pr.label == p.preset);
        let preset = preset.unwrap_or_else(|| panic!("{}: no preset {}", p.method, p.preset));
        if p.verdict == Verdict::Closed {
            let run = RunSpec::new(*scenario).with_preset(preset).run();
            let main = scenario.chart_keys()[0].0;
            let chart = run.chart(main).expect("its main chart");
            let Line::Band { mid, hi, .. } = &chart.series[0].line else {
                panic!("{}: the main curve has no band", p.method);
            };
            let top = hi[0];
            let worst = mid.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            assert!(
                worst <= top,
                "{} is called closed, but {} rose to {worst} above generation 0's band {top}",
                p.method,
                chart.series[0].label
            );
        }
    }
}

/// Every scenario has golden fingerprints: its default link and at least one other.
#[test]
fn every_scenario_has_golden_runs() {
    let golden = include_str!("golden/loop_a.txt");
    for s in registry::all() {
        let lines: Vec<&str> = golden
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter(|l| {
                parse_query(l.split(' ').next().unwrap_or(""))
                    .0
                    .run
                    .scenario
                    == s
            })
            .collect();
        assert!(lines.len() >= 2, "{}: golden lines {lines:?}", s.key());
    }
}

// ---------------------------------------------------------------------------------------------
// Property tests of the link parser over every key of every scenario.

/// A raw value for a parameter: anything from in range to absurd, NaN and infinities included.
fn raw_value() -> impl Strategy<Value = f64> {
    prop_oneof![
        4 => -0.5..1.5f64,
        4 => 0.0..5000.0f64,
        2 => (0u32..5000).prop_map(f64::from),
        1 => any::<f64>(),
        1 => prop::sample::select(vec![f64::NAN, f64::INFINITY, f64::NEG_INFINITY, -0.0, 0.0, 1.0]),
    ]
}

/// A valid state built the way the UI builds one: a scenario, random values through
/// `RunSpec::set`, a seed, a generation and a pinned run.
fn valid_state() -> impl Strategy<Value = ShareState> {
    let n_scenarios = registry::all().count();
    (
        0..n_scenarios,
        prop::collection::vec((any::<bool>(), raw_value()), 32),
        prop_oneof![Just(DEFAULT_SEED), any::<u64>()],
        prop::option::of(any::<u64>()),
        prop::option::of(any::<u64>()),
        prop::option::of((1..16u32, any::<u64>())),
    )
        .prop_map(|(i, raws, seed, at, pin_seed, figure)| {
            let scenario = registry::all().nth(i).expect("in range");
            let mut run = RunSpec::new(scenario);
            run.seed = seed;
            for (row, (touch, raw)) in scenario.params().iter().zip(raws) {
                if touch {
                    run.set(row.key, raw);
                }
            }
            // A pinned run: the default parameters with another seed.
            let pin = pin_seed.map(|seed| {
                let mut pin = RunSpec::new(scenario);
                pin.seed = seed;
                pin
            });
            // A figure: a non-empty subset of the charts and any subset of the controls.
            let figure = figure.map(|(chart_bits, control_bits)| {
                let keys = scenario.chart_keys();
                let mut charts: Vec<String> = keys
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| chart_bits >> j & 1 == 1)
                    .map(|(_, (k, _))| k.to_string())
                    .take(infoloop_core::link::MAX_FIGURE_ITEMS)
                    .collect();
                if charts.is_empty() {
                    charts.push(keys[0].0.to_string());
                }
                let controls = scenario
                    .params()
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| control_bits >> j & 1 == 1)
                    .map(|(_, r)| r.key.to_string())
                    .take(infoloop_core::link::MAX_FIGURE_ITEMS)
                    .collect();
                infoloop_core::link::Figure { charts, controls }
            });
            ShareState {
                at,
                pin,
                figure,
                ..ShareState::of(run)
            }
        })
}

/// Fails unless every parameter of `state` is inside its row's range and quantization, and
/// the sweep settings fit its scenario.
fn assert_in_spec(state: &ShareState, input: &str) -> Result<(), TestCaseError> {
    for row in state.run.specs() {
        let v = state.run.get(row.key).unwrap_or(f64::NAN);
        prop_assert!(
            v >= row.min && v <= row.max,
            "{} = {v} outside {}..{} for input {input:?}",
            row.key,
            row.min,
            row.max
        );
        match row.kind {
            ParamKind::Real => {}
            ParamKind::Integer => prop_assert_eq!(v.fract(), 0.0, "{} = {}", row.key, v),
            ParamKind::Toggle => prop_assert!(v == 0.0 || v == 1.0, "{} = {}", row.key, v),
        }
    }
    let (_, fixed) = state.sweep.clone().validated(state.run.scenario);
    prop_assert!(
        fixed.is_empty(),
        "sweep {:?} needs fixing: {fixed:?} for {input:?}",
        state.sweep
    );
    if let Some(pin) = &state.pin {
        prop_assert!(
            pin.scenario == state.run.scenario,
            "pin of another scenario"
        );
    }
    Ok(())
}

/// A query that looks like a share link: any scenario's real keys and junk keys, numbers and
/// junk values.
fn link_like() -> impl Strategy<Value = String> {
    let mut keys: Vec<String> = registry::all()
        .flat_map(|s| s.params().iter().map(|r| r.key.to_string()))
        .collect();
    keys.extend(
        [
            "v", "seed", "at", "pin", "sc", "sw", "fig", "ctl", "", "S", "s ", "%73",
        ]
        .map(String::from),
    );
    let mut values: Vec<String> = registry::all().map(|s| s.key().to_string()).collect();
    values.extend(
        [
            "NaN", "nan", "inf", "-inf", "infinity", "-0", "1e999", "-1e999", "0x10", " 3 ", "",
        ]
        .map(String::from),
    );
    let key = prop_oneof![4 => prop::sample::select(keys), 1 => "[a-z%&=+]{0,6}"];
    let value = prop_oneof![
        4 => "[-+]?[0-9]{0,6}(\\.[0-9]{0,6})?([eE][-+]?[0-9]{1,4})?",
        1 => prop::sample::select(values),
        1 => "%[0-9A-Fa-f]{0,2}[0-9.]{0,4}",
        1 => prop::collection::vec(any::<char>(), 0..12).prop_map(|cs| cs.into_iter().collect::<String>()),
    ];
    let pair = (
        key,
        prop_oneof![5 => Just("="), 1 => Just(""), 1 => Just("==")],
        value,
    )
        .prop_map(|(k, eq, v)| format!("{k}{eq}{v}"));
    (
        prop_oneof![Just(""), Just("?"), Just("#")],
        prop::collection::vec(pair, 0..80),
        prop_oneof![3 => Just(String::new()), 1 => "#.{0,10}"],
    )
        .prop_map(|(lead, pairs, tail)| format!("{lead}{}{tail}", pairs.join("&")))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn share_link_round_trips_every_valid_state_of_every_scenario(state in valid_state()) {
        let query = to_query(&state);
        let (back, notes) = parse_query(&query);
        prop_assert!(notes.is_empty(), "{query}: {notes:?}");
        prop_assert_eq!(&back, &state, "{}", query);
        // Writing again gives the same link (the link is canonical).
        prop_assert_eq!(to_query(&back), query);
        if let Some(pin) = &state.pin {
            prop_assert_eq!(parse_query(&run_query(pin)).0.run, pin.clone());
        }
    }

    #[test]
    fn link_like_queries_of_every_scenario_parse_into_spec(query in link_like()) {
        let (state, _) = parse_query(&query);
        assert_in_spec(&state, &query)?;
    }

    #[test]
    fn byte_soup_parses_into_spec(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        let query = String::from_utf8_lossy(&bytes);
        let (state, notes) = parse_query(&query);
        assert_in_spec(&state, &query)?;
        // Notes quote bounded excerpts, never the whole input.
        prop_assert!(notes.iter().all(|n| n.to_string().chars().count() < 200), "{notes:?}");
    }
}

proptest! {
    // >= 100k cases of the link parser: total, in range, never a panic.
    #![proptest_config(ProptestConfig::with_cases(100_000))]

    #[test]
    fn any_string_parses_into_spec(query in ".*") {
        let (state, _) = parse_query(&query);
        assert_in_spec(&state, &query)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_000))]

    #[test]
    fn any_scenario_and_sweep_junk_parses_into_spec(
        sc in 0..registry::all().count() + 2,
        sw in "(0|1|2|)",
        sx in 0..8usize,
        sm in "(accuracy|info_argmax_bits|p_long|junk|)",
        sn in "(0|4|32|999|x|)",
        rest in ".{0,40}",
    ) {
        let key = registry::all().nth(sc).map_or("x".to_string(), |s| s.key().to_string());
        let axis = registry::all()
            .flat_map(|s| s.params().iter().map(|r| r.key))
            .nth(sx)
            .unwrap_or("zz");
        let query = format!("sc={key}&sw={sw}&sx={axis}&sy={axis}&sm={sm}&sn={sn}&{rest}");
        let (state, _) = parse_query(&query);
        assert_in_spec(&state, &query)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(32))]

    #[test]
    fn long_strings_parse_into_spec(
        query in prop::collection::vec(any::<char>(), 5_000..40_000)
            .prop_map(|cs| cs.into_iter().collect::<String>()),
        link in link_like(),
    ) {
        for q in [query.clone(), format!("{link}&{query}"), link.repeat(50)] {
            let (state, notes) = parse_query(&q);
            assert_in_spec(&state, &q)?;
            prop_assert!(notes.len() <= 65, "{} notes", notes.len());
        }
    }
}
