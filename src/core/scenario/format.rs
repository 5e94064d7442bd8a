//! Numbers in words: how captions, readouts and notes write values.

/// A value for captions: 2 decimals, "–" when not finite.
///
/// ```
/// # use infoloop_core::scenario::format::num;
/// assert_eq!((num(0.346), num(f64::NAN)), ("0.35".to_string(), "–".to_string()));
/// ```
pub fn num(v: f64) -> String {
    if v.is_finite() {
        format!("{v:.2}")
    } else {
        "–".into()
    }
}

/// The shortest decimal that reads back as the same `f64` (links, number fields).
pub fn shortest(v: f64) -> String {
    format!("{v}")
}

/// A share as a whole percentage: "37%".
pub fn percent(v: f64) -> String {
    if v.is_finite() {
        format!("{:.0}%", 100.0 * v)
    } else {
        "–".into()
    }
}

/// The first and last values of a curve (NaN when it is empty).
pub fn first_last(v: &[f64]) -> (f64, f64) {
    (
        v.first().copied().unwrap_or(f64::NAN),
        v.last().copied().unwrap_or(f64::NAN),
    )
}

/// The value of a curve at point `step` (`None`: its last); NaN past its end.
pub fn value_at(v: &[f64], step: Option<usize>) -> f64 {
    step.map_or(v.last(), |g| v.get(g))
        .copied()
        .unwrap_or(f64::NAN)
}

/// "rose" or "fell" (or "stayed at") for a change from `first` to `last`, two decimals apart.
pub fn moved(first: f64, last: f64) -> &'static str {
    if num(first) == num(last) {
        "stayed at"
    } else if last < first {
        "fell"
    } else {
        "rose"
    }
}
