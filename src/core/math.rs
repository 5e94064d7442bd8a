//! Small numeric helpers shared by several scenarios (one definition each, so every scenario
//! computes them with the same bits).

/// The logistic function `1 / (1 + e^{-x})`, evaluated without overflow: for `x < 0` as
/// `e^x / (1 + e^x)`, so `e^{-x}` is never formed for large `|x|`. Bit-identical to the private
/// copies in scenarios D and E (same operations in the same order, `libm::exp`).
///
/// ```
/// # use infoloop_core::math::logistic;
/// assert_eq!(logistic(0.0), 0.5);
/// assert_eq!(logistic(1e6), 1.0);
/// assert_eq!(logistic(-1e6), 0.0);
/// assert!((logistic(2.0) + logistic(-2.0) - 1.0).abs() < 1e-15);
/// ```
pub fn logistic(x: f64) -> f64 {
    if x >= 0.0 {
        1.0 / (1.0 + libm::exp(-x))
    } else {
        let e = libm::exp(x);
        e / (1.0 + e)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn logistic_is_stable_and_monotone() {
        assert_eq!(logistic(0.0), 0.5);
        assert_eq!(logistic(800.0), 1.0);
        assert_eq!(logistic(-800.0), 0.0);
        // Far left it is e^x to full relative precision (no 1 - tiny cancellation).
        let x = -700.0;
        assert!((logistic(x) / libm::exp(x) - 1.0).abs() < 1e-15);
        let xs: Vec<f64> = (-400..=400).map(|k| k as f64 / 10.0).collect();
        assert!(xs.windows(2).all(|w| logistic(w[0]) <= logistic(w[1])));
        for &x in &xs {
            assert!((logistic(x) + logistic(-x) - 1.0).abs() < 1e-15, "{x}");
        }
        assert!(logistic(f64::NAN).is_nan());
    }
}
