//! The normal sampler of engine v2: Marsaglia and Tsang's ziggurat with 256 layers, its tables
//! built once, deterministically, with `libm` (so bit-identical native and in wasm).
//!
//! Why not Box-Muller (v1's [`sample::normal`](super::sample::normal)): it costs a `log`, a `cos`
//! and a square root per draw (a quarter of scenario A's large run under v1, inside the gamma
//! draws of the binomial's beta-splitting). The ziggurat returns after one 64-bit output, a
//! multiplication and a comparison in 98.5% of its rounds, with 1.007 rounds and about 1.02
//! generator outputs per draw (from the tables' areas).
//!
//! The method. Cover the half density `f(x) = exp(-x^2 / 2)` on `x >= 0` by 256 layers of equal
//! area `v`: a base strip (the rectangle `[0, r] x [0, f(r)]` plus the tail `x > r`) and 255
//! rectangles `[0, x_i] x [f(x_i), f(x_{i+1})]` stacked on it, with `x_1 = r`,
//! `x_{i+1} = f^{-1}(f(x_i) + v / x_i)` and `x_256 = 0`; `x_0 = v / f(r)` is the base strip's
//! width as a rectangle. A draw picks a layer `i` uniformly and `x = u x_i` with `u` uniform in
//! [-1, 1): if `|x| < x_{i+1}` the point is under the density whatever its height (accept);
//! otherwise the base layer samples the tail (Marsaglia 1964: `x = -ln(U1) / r`, `y = -ln(U2)`,
//! accept if `2y > x^2`, return `r + x`), and the other layers accept with probability
//! `(f(x) - f(x_i)) / (f(x_{i+1}) - f(x_i))` (the wedge test, one `exp`).
//!
//! References: G. Marsaglia and W. W. Tsang, "The ziggurat method for generating random
//! variables", J. Stat. Softw. 5(8), 2000 (the 256-layer `r = 3.6541528853610088`); G. Marsaglia,
//! "Generating a variable from the tail of the normal distribution", Technometrics 6(1), 1964;
//! J. Doornik, "An improved ziggurat method to generate normal random samples", 2005 (the
//! independent bits for the layer and the abscissa, which this uses).

use crate::random::xoshiro::Xoshiro256pp;
use std::sync::OnceLock;

/// Number of layers.
pub const LAYERS: usize = 256;

/// `r`, the right edge of the base rectangle (Marsaglia and Tsang 2000, 256 layers:
/// 3.6541528853610088, here in its shortest round-tripping form).
pub const TAIL_START: f64 = 3.654_152_885_361_009;

/// The ziggurat: `x[i]` the layers' right edges (`x[0]` the base strip's width as a rectangle,
/// `x[1] = r`, decreasing to `x[256] = 0`), `f[i] = exp(-x[i]^2 / 2)` (`f[256] = 1`), and `area`
/// the common area `v` of the layers.
#[derive(Clone, Debug, PartialEq)]
pub struct ZigguratTables {
    /// Right edges of the layers, decreasing, `x[256] = 0`.
    pub x: [f64; LAYERS + 1],
    /// The unnormalised density at the edges, increasing, `f[256] = 1`.
    pub f: [f64; LAYERS + 1],
    /// The area `v` of each layer: `r f(r) + sqrt(pi / 2) erfc(r / sqrt 2)`.
    pub area: f64,
}

/// Builds the tables from [`TAIL_START`]: `v = r f(r) + integral_r^inf f`, then the recurrence
/// `x_{i+1} = sqrt(-2 ln(f(x_i) + v / x_i))`. Only `libm` and `f64::sqrt`, so the same bits on
/// every platform.
pub fn build_tables() -> ZigguratTables {
    let r = TAIL_START;
    let density = |x: f64| libm::exp(-0.5 * x * x);
    let f_r = density(r);
    let area = r * f_r
        + f64::sqrt(core::f64::consts::FRAC_PI_2)
            * libm::erfc(r * core::f64::consts::FRAC_1_SQRT_2);
    let mut x = [0.0; LAYERS + 1];
    let mut f = [0.0; LAYERS + 1];
    x[0] = area / f_r;
    x[1] = r;
    for i in 1..LAYERS - 1 {
        x[i + 1] = f64::sqrt(-2.0 * libm::log(density(x[i]) + area / x[i]));
    }
    // x[256] = 0 by definition (the recurrence would give 0 up to rounding).
    for i in 0..LAYERS {
        f[i] = density(x[i]);
    }
    f[LAYERS] = 1.0;
    ZigguratTables { x, f, area }
}

/// The tables, built on first use (a pure function of constants: no state, only a cache).
pub fn tables() -> &'static ZigguratTables {
    static TABLES: OnceLock<ZigguratTables> = OnceLock::new();
    TABLES.get_or_init(build_tables)
}

/// A standard normal draw by the ziggurat (about 1.02 generator outputs per draw).
///
/// The low 8 bits of an output pick the layer and the top 53 bits give `u` in [-1, 1), so the two
/// are independent. The 98.5% case (inside the layer's rectangle) is inlined; the rest of the
/// round and any further rounds are in [`normal_slow`].
#[inline(always)]
pub fn normal(rng: &mut Xoshiro256pp) -> f64 {
    let t = tables();
    let (i, u, x) = propose(rng, t);
    if x.abs() < t.x[i + 1] {
        return x;
    }
    normal_slow(rng, t, i, u, x)
}

/// One round's proposal: the layer `i`, `u` uniform in [-1, 1) and `x = u x_i`.
#[inline(always)]
fn propose(rng: &mut Xoshiro256pp, t: &ZigguratTables) -> (usize, f64, f64) {
    let bits = rng.next_u64();
    let i = (bits & 0xff) as usize;
    let u = (bits >> 11) as f64 * (1.0 / (1u64 << 52) as f64) - 1.0;
    (i, u, u * t.x[i])
}

/// The ziggurat from a proposal outside its layer's rectangle: the tail for the base layer, the
/// wedge test otherwise, then new rounds until one is accepted.
#[cold]
#[inline(never)]
fn normal_slow(rng: &mut Xoshiro256pp, t: &ZigguratTables, i: usize, u: f64, x: f64) -> f64 {
    let (mut i, mut u, mut x) = (i, u, x);
    loop {
        if i == 0 {
            return tail(rng, u < 0.0);
        }
        let y = t.f[i] + (t.f[i + 1] - t.f[i]) * rng.uniform();
        if y < libm::exp(-0.5 * x * x) {
            return x;
        }
        (i, u, x) = propose(rng, t);
        if x.abs() < t.x[i + 1] {
            return x;
        }
    }
}

/// A draw from the normal tail `|x| > r` with the given sign (Marsaglia 1964).
fn tail(rng: &mut Xoshiro256pp, negative: bool) -> f64 {
    loop {
        let x = -libm::log(rng.uniform_open0()) / TAIL_START;
        let y = -libm::log(rng.uniform_open0());
        if y + y > x * x {
            return if negative {
                -(TAIL_START + x)
            } else {
                TAIL_START + x
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::testkit::{chi_square, chi_square_critical, normal_cdf};

    /// The tables are a ziggurat: edges decreasing to 0, every layer of area `v` (the last one
    /// closes only if `r` is right to all its digits: its area is off by 1.4e-16 relative, and
    /// 1e-12 is allowed), and the cached tables equal a fresh build bit for bit.
    #[test]
    fn tables_are_a_ziggurat() {
        let t = build_tables();
        assert_eq!(&t, tables());
        assert!(t.x.windows(2).all(|w| w[0] > w[1]), "x decreasing");
        assert!(t.f.windows(2).all(|w| w[0] < w[1]), "f increasing");
        assert_eq!((t.x[LAYERS], t.f[LAYERS]), (0.0, 1.0));
        let v = t.area;
        assert!((v - 0.004_928_673_233_99).abs() < 1e-13, "v = {v}");
        assert!((t.x[0] * t.f[1] - v).abs() < 1e-15 * v);
        for i in 1..LAYERS - 1 {
            let a = t.x[i] * (t.f[i + 1] - t.f[i]);
            assert!((a - v).abs() < 1e-12 * v, "layer {i}: area {a} vs {v}");
        }
        let top = t.x[LAYERS - 1] * (1.0 - t.f[LAYERS - 1]);
        assert!((top - v).abs() < 1e-12 * v, "top layer {top} vs {v}");
    }

    /// Chi-square of 10^6 draws over 70 cells: 0.1 wide on [-3, 3], then [3, r), [r, 4), [4, 5),
    /// [5, inf) and their mirrors (the tail sampler alone feeds the outer cells), against the
    /// exact normal probabilities; plus the first four moments.
    #[test]
    fn normal_fits_the_normal_distribution() {
        let mut rng = Xoshiro256pp::for_stream(31, 7);
        let draws = 1_000_000;
        let mut edges = vec![f64::NEG_INFINITY, -5.0, -4.0, -TAIL_START, -3.0];
        edges.extend((-29..=29).map(|k| k as f64 / 10.0));
        edges.extend([3.0, TAIL_START, 4.0, 5.0, f64::INFINITY]);
        let mut hist = vec![0.0; edges.len() - 1];
        let (mut s1, mut s2, mut s4) = (0.0, 0.0, 0.0);
        for _ in 0..draws {
            let z = normal(&mut rng);
            let cell = edges.partition_point(|&e| e <= z) - 1;
            hist[cell] += 1.0;
            s1 += z;
            s2 += z * z;
            s4 += z * z * z * z;
        }
        let expected: Vec<f64> = edges
            .windows(2)
            .map(|w| (normal_cdf(w[1]) - normal_cdf(w[0])) * draws as f64)
            .collect();
        let chi2 = chi_square(&hist, &expected);
        let limit = chi_square_critical(hist.len() - 1);
        assert!(chi2 < limit, "chi2 {chi2} >= {limit}");
        let n = draws as f64;
        // sd of the mean 1/sqrt(n), of the mean square sqrt(2/n), of the mean 4th power
        // sqrt(96/n) (E z^8 = 105, so Var z^4 = 105 - 9).
        assert!((s1 / n).abs() < 5.0 / n.sqrt(), "mean {}", s1 / n);
        assert!(
            (s2 / n - 1.0).abs() < 5.0 * (2.0 / n).sqrt(),
            "E z^2 {}",
            s2 / n
        );
        assert!(
            (s4 / n - 3.0).abs() < 5.0 * (96.0 / n).sqrt(),
            "E z^4 {}",
            s4 / n
        );
    }

    #[test]
    fn the_tail_sampler_stays_in_the_tail_with_its_sign() {
        let mut rng = Xoshiro256pp::for_stream(5, 5);
        let draws: Vec<f64> = (0..20_000).map(|_| tail(&mut rng, false)).collect();
        assert!(draws.iter().all(|&x| x > TAIL_START));
        // E[Z - r | Z > r] = phi(r) / (1 - Phi(r)) - r, about 0.2554 for r = 3.654.
        let mean_excess = draws.iter().map(|x| x - TAIL_START).sum::<f64>() / 20_000.0;
        let phi =
            libm::exp(-0.5 * TAIL_START * TAIL_START) / f64::sqrt(2.0 * core::f64::consts::PI);
        let exact = phi / (1.0 - normal_cdf(TAIL_START)) - TAIL_START;
        // The excess is close to exponential with mean ~0.255: sd of the mean ~0.255 / sqrt(n).
        assert!(
            (mean_excess - exact).abs() < 5.0 * exact / (20_000f64).sqrt(),
            "{mean_excess} vs {exact}"
        );
        assert!(tail(&mut rng, true) < -TAIL_START);
    }
}
