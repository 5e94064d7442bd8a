//! Property tests of the estimators' invariants (the share link's are in the contract suite,
//! tests/contract.rs, over every scenario).
//!
//! Estimators (src/core/estimators/): `0 <= H(p) <= log2 k`; `KL >= 0` (and Pinsker's bound),
//! `KL(p||p) = 0`; the plug-in mutual information of a table is `>= 0`, symmetric, at most the
//! smaller marginal entropy, equal to `H(X) + H(Y) - H(X,Y)`, and obeys the data processing
//! inequality for any function of `Y` on the same samples; binary entropy lies in [0, 1] and the
//! injected bits in [0, 1 - h(eps)].
#![cfg(not(target_arch = "wasm32"))]

use infoloop_core::estimators::information::{
    binary_entropy_bits, channel_capacity_bits, entropy_bits, injected_bits_per_sample, kl_bits,
    log2, miller_madow_entropy_bits, plugin_entropy_bits, JointCounts,
};
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
