//! Property tests of the estimators' invariants and of the share link's round trip.
//!
//! Estimators (src/core/estimators.rs): `0 <= H(p) <= log2 k`; `KL >= 0` (and Pinsker's bound),
//! `KL(p||p) = 0`; the plug-in mutual information of a table is `>= 0`, symmetric, at most the
//! smaller marginal entropy, equal to `H(X) + H(Y) - H(X,Y)`, and obeys the data processing
//! inequality for any function of `Y` on the same samples; binary entropy lies in [0, 1] and the
//! injected bits in [0, 1 - h(eps)]. Share link (src/share.rs): every valid state survives
//! `to_query` / `parse_query` unchanged and without notes, and any string at all parses to a state
//! whose every parameter is inside its spec.
#![cfg(not(target_arch = "wasm32"))]

use infoloop::share::{parse_query, to_query, ShareState};
use infoloop_core::estimators::information::{
    binary_entropy_bits, channel_capacity_bits, entropy_bits, injected_bits_per_sample, kl_bits,
    log2, miller_madow_entropy_bits, plugin_entropy_bits, JointCounts,
};
use infoloop_core::scenario::params::{ParamKind, Params};
use infoloop_core::scenarios::loop_cat::LoopParams;
use proptest::prelude::*;

/// Absolute slack for floating-point rounding in inequalities between computed quantities.
const TOL: f64 = 1e-12;

/// A probability vector of length 1..=32, some entries exactly 0, summing to 1.
fn prob_vector() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(prop_oneof![1 => Just(0.0), 4 => 1e-9..1.0f64], 1..=32).prop_map(
        |mut w| {
            if w.iter().all(|&x| x == 0.0) {
                w[0] = 1.0;
            }
            let total: f64 = w.iter().sum();
            w.iter_mut().for_each(|x| *x /= total);
            w
        },
    )
}

/// Two probability vectors of the same length; `q` strictly positive so `KL(p||q)` is finite.
fn prob_pair() -> impl Strategy<Value = (Vec<f64>, Vec<f64>)> {
    prob_vector().prop_flat_map(|p| {
        let k = p.len();
        (
            Just(p),
            prop::collection::vec(1e-6..1.0f64, k).prop_map(|mut q| {
                let total: f64 = q.iter().sum();
                q.iter_mut().for_each(|x| *x /= total);
                q
            }),
        )
    })
}

/// Paired samples `(x, y)` with `x < kx`, `y < ky`, drawn from a random (often dependent) law:
/// a base pairing `y = (a x + b) mod ky` kept with probability given by the strategy, else noise.
fn joint_samples() -> impl Strategy<Value = (usize, usize, Vec<(usize, usize)>)> {
    (1usize..=10, 1usize..=10).prop_flat_map(|(kx, ky)| {
        let pair = (0..kx, 0..ky, any::<bool>());
        (
            Just(kx),
            Just(ky),
            (1usize..7, 0usize..10),
            prop::collection::vec(pair, 1..400),
        )
            .prop_map(|(kx, ky, (a, b), raw)| {
                let pairs = raw
                    .into_iter()
                    .map(|(x, noise, copy)| {
                        if copy {
                            (x, (a * x + b) % ky)
                        } else {
                            (x, noise)
                        }
                    })
                    .collect();
                (kx, ky, pairs)
            })
    })
}

fn marginal_counts(kx: usize, ky: usize, pairs: &[(usize, usize)]) -> (Vec<u64>, Vec<u64>) {
    let (mut mx, mut my) = (vec![0u64; kx], vec![0u64; ky]);
    for &(x, y) in pairs {
        mx[x] += 1;
        my[y] += 1;
    }
    (mx, my)
}

fn joint_entropy(kx: usize, ky: usize, pairs: &[(usize, usize)]) -> f64 {
    let mut cells = vec![0u64; kx * ky];
    for &(x, y) in pairs {
        cells[x * ky + y] += 1;
    }
    plugin_entropy_bits(&cells)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn entropy_is_between_zero_and_log2_k(p in prob_vector()) {
        let h = entropy_bits(&p);
        let k = p.len() as f64;
        prop_assert!(h >= 0.0 && h <= log2(k) + TOL, "H = {h}, k = {k}");
        let support = p.iter().filter(|&&x| x > 0.0).count() as f64;
        prop_assert!(h <= log2(support) + TOL, "H = {h} above log2 of the support {support}");
    }

    #[test]
    fn kl_is_nonnegative_zero_on_itself_and_obeys_pinsker((p, q) in prob_pair()) {
        let d = kl_bits(&p, &q);
        prop_assert!(d.is_finite() && d >= 0.0, "KL = {d}");
        prop_assert_eq!(kl_bits(&p, &p), 0.0);
        prop_assert_eq!(kl_bits(&q, &q), 0.0);
        // Pinsker: KL >= ||p - q||_1^2 / (2 ln 2) in bits.
        let l1: f64 = p.iter().zip(&q).map(|(a, b)| (a - b).abs()).sum();
        let pinsker = l1 * l1 / (2.0 * std::f64::consts::LN_2);
        prop_assert!(d >= pinsker - 1e-9, "KL {d} < Pinsker {pinsker}");
        // KL to the uniform law is the entropy gap.
        let k = p.len();
        let uniform = vec![1.0 / k as f64; k];
        let gap = log2(k as f64) - entropy_bits(&p);
        prop_assert!((kl_bits(&p, &uniform) - gap).abs() < 1e-9);
    }

    #[test]
    fn plugin_mi_is_nonnegative_symmetric_and_bounded((kx, ky, pairs) in joint_samples()) {
        let table = JointCounts::from_pairs(kx, ky, pairs.iter().copied());
        let swapped = JointCounts::from_pairs(ky, kx, pairs.iter().map(|&(x, y)| (y, x)));
        prop_assert_eq!(table.total(), pairs.len() as u64);
        let est = table.mutual_information();
        let i = est.plugin_bits;
        prop_assert!(i >= 0.0, "I = {i}");
        let i_swapped = swapped.mutual_information().plugin_bits;
        prop_assert!((i - i_swapped).abs() <= TOL, "I(X;Y) = {i}, I(Y;X) = {i_swapped}");
        let (mx, my) = marginal_counts(kx, ky, &pairs);
        let (hx, hy) = (plugin_entropy_bits(&mx), plugin_entropy_bits(&my));
        prop_assert!(i <= hx.min(hy) + 1e-9, "I = {i}, H(X) = {hx}, H(Y) = {hy}");
        let hxy = joint_entropy(kx, ky, &pairs);
        prop_assert!((i - (hx + hy - hxy)).abs() < 1e-9, "I = {i} vs H(X)+H(Y)-H(X,Y)");
        // Miller-Madow is the plug-in of each entropy corrected: I_MM = MM(X) + MM(Y) - MM(X,Y).
        let mut cells = vec![0u64; kx * ky];
        for &(x, y) in &pairs {
            cells[x * ky + y] += 1;
        }
        let mm = miller_madow_entropy_bits(&mx) + miller_madow_entropy_bits(&my)
            - miller_madow_entropy_bits(&cells);
        prop_assert!((est.miller_madow_bits - mm).abs() < 1e-9, "{est:?} vs {mm}");
        prop_assert!(est.std_error_bits.is_finite() && est.std_error_bits >= 0.0);
        let (lo, hi) = est.band();
        prop_assert!(lo <= est.miller_madow_bits && est.miller_madow_bits <= hi);
    }

    #[test]
    fn plugin_mi_obeys_the_data_processing_inequality(
        (kx, ky, pairs) in joint_samples(),
        map in prop::collection::vec(0usize..4, 10),
    ) {
        // f: {0..ky} -> {0..4}, any function, applied to the same samples.
        let kf = 4;
        let i_xy = JointCounts::from_pairs(kx, ky, pairs.iter().copied())
            .mutual_information()
            .plugin_bits;
        let i_xf = JointCounts::from_pairs(kx, kf, pairs.iter().map(|&(x, y)| (x, map[y])))
            .mutual_information()
            .plugin_bits;
        prop_assert!(i_xf <= i_xy + TOL, "I(X;f(Y)) = {i_xf} > I(X;Y) = {i_xy}");
        // And a function of X on the other side.
        let i_fx = JointCounts::from_pairs(kf, ky, pairs.iter().map(|&(x, y)| (map[x], y)))
            .mutual_information()
            .plugin_bits;
        prop_assert!(i_fx <= i_xy + TOL, "I(f(X);Y) = {i_fx} > I(X;Y) = {i_xy}");
    }

    #[test]
    fn binary_entropy_is_in_unit_interval(p in any::<f64>()) {
        let h = binary_entropy_bits(p);
        prop_assert!((0.0..=1.0).contains(&h), "h({p}) = {h}");
        if (0.0..=1.0).contains(&p) {
            prop_assert!((h - binary_entropy_bits(1.0 - p)).abs() < TOL, "h not symmetric at {p}");
        }
    }

    #[test]
    fn injected_bits_are_between_zero_and_capacity(a in 0.0..=1.0f64, eps in 0.0..=1.0f64) {
        let inj = injected_bits_per_sample(a, eps);
        let cap = channel_capacity_bits(eps);
        prop_assert!(inj >= 0.0 && inj <= cap + TOL, "I_inj({a}, {eps}) = {inj}, capacity {cap}");
        prop_assert_eq!(injected_bits_per_sample(a, 0.5), 0.0);
    }

    #[test]
    fn injected_bits_survive_hostile_inputs(a in any::<f64>(), eps in 0.0..=0.5f64) {
        let inj = injected_bits_per_sample(a, eps);
        prop_assert!(inj.is_finite() && inj >= 0.0 && inj <= channel_capacity_bits(eps) + TOL);
    }
}

// ---------------------------------------------------------------------------------------------
// Share link.

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

/// A valid state built the way the UI builds one: random values through `Params::set`.
fn valid_state() -> impl Strategy<Value = ShareState> {
    let n = LoopParams::specs().len();
    (
        prop::collection::vec((any::<bool>(), raw_value()), n),
        prop_oneof![Just(infoloop::share::DEFAULT_SEED), any::<u64>()],
        prop::option::of(any::<u64>()),
        prop::option::of(any::<u64>()),
    )
        .prop_map(|(raws, seed, at, pin_seed)| {
            // A pinned run: the default parameters with another seed.
            let pin = pin_seed.map(|seed| {
                infoloop::share::pin_query(&ShareState {
                    seed,
                    ..ShareState::default()
                })
            });
            let mut state = ShareState {
                seed,
                at,
                pin,
                ..ShareState::default()
            };
            for (spec, (touch, raw)) in LoopParams::specs().iter().zip(raws) {
                if touch {
                    state.loop_params.set(spec.key, raw);
                }
            }
            state
        })
}

/// Fails unless every parameter of `state` is inside its spec's range and quantization.
fn assert_in_spec(state: &ShareState, input: &str) -> Result<(), TestCaseError> {
    // Every scenario's parameters, not only the active one's, must be in range.
    for id in infoloop::scenario::ScenarioId::ALL {
        let probe = ShareState {
            scenario: id,
            ..state.clone()
        };
        for spec in probe.specs() {
            let v = probe.get(spec.key);
            prop_assert!(v.is_some(), "{} unreadable", spec.key);
            let v = v.unwrap_or(f64::NAN);
            prop_assert!(
                v >= spec.min && v <= spec.max,
                "{:?} {} = {v} outside {}..{} for input {input:?}",
                id,
                spec.key,
                spec.min,
                spec.max
            );
            match spec.kind {
                ParamKind::Real => {}
                ParamKind::Integer => prop_assert_eq!(v.fract(), 0.0, "{} = {}", spec.key, v),
                ParamKind::Toggle => prop_assert!(v == 0.0 || v == 1.0, "{} = {}", spec.key, v),
            }
        }
    }
    // The sweep settings always fit the active scenario.
    let (_, fixed) = state.sweep.clone().validated();
    prop_assert!(
        fixed.is_empty(),
        "sweep {:?} needs fixing: {fixed:?} for {input:?}",
        state.sweep
    );
    Ok(())
}

/// A query that looks like a share link: real keys and junk keys, numbers and junk values.
fn link_like() -> impl Strategy<Value = String> {
    let mut keys: Vec<String> = LoopParams::specs()
        .iter()
        .map(|s| s.key.to_string())
        .collect();
    keys.extend(["v", "seed", "at", "pin", "", "S", "s ", "%73"].map(String::from));
    let key = prop_oneof![4 => prop::sample::select(keys), 1 => "[a-z%&=+]{0,6}"];
    let value = prop_oneof![
        4 => "[-+]?[0-9]{0,6}(\\.[0-9]{0,6})?([eE][-+]?[0-9]{1,4})?",
        1 => prop::sample::select(
            ["NaN", "nan", "inf", "-inf", "infinity", "-0", "1e999", "-1e999", "0x10", " 3 ", ""]
                .map(String::from)
                .to_vec()
        ),
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
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn share_link_round_trips_every_valid_state(state in valid_state()) {
        let query = to_query(&state);
        let (back, notes) = parse_query(&query);
        prop_assert!(notes.is_empty(), "{query}: {notes:?}");
        prop_assert_eq!(&back, &state, "{}", query);
        // Writing again gives the same link (the link is canonical).
        prop_assert_eq!(to_query(&back), query);
    }

    #[test]
    fn link_like_queries_parse_into_spec(query in link_like()) {
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
    // Issue 7 asks for >= 100k cases of the link parser: total, in range, never a panic.
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
        sc in "(loop|gauss|budget|transfer|hacking|x|)",
        sw in "(0|1|2|)",
        sx in "(s|c|k|n|rho|zz|)",
        sm in "(accuracy|info_argmax_bits|p_long|junk|)",
        sn in "(0|4|32|999|x|)",
        rest in ".{0,40}",
    ) {
        let query = format!("sc={sc}&sw={sw}&sx={sx}&sy={sx}&sm={sm}&sn={sn}&{rest}");
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
