//! Parameter metadata shared by every scenario: ranges, defaults, and validation by clamping.
//!
//! Each scenario's parameter struct lists its fields as [`ParamSpec`]s (short key, range, default,
//! kind) and reads/writes them by key. The share link, the sliders and the sweep all go through
//! this one table, so a value is validated once, at the boundary, and the same way everywhere.

/// A [`ParamSpec`] in one line, for the scenarios' `const` spec tables.
pub const fn spec(
    key: &'static str,
    label: &'static str,
    min: f64,
    max: f64,
    step: f64,
    default: f64,
    kind: ParamKind,
) -> ParamSpec {
    ParamSpec {
        key,
        label,
        min,
        max,
        step,
        default,
        kind,
    }
}

/// How a parameter's value is quantized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Any finite real in the range.
    Real,
    /// A whole number in the range.
    Integer,
    /// Off (0) or on (1).
    Toggle,
}

/// One parameter: its short key (as in the share link), range, default and kind.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// Short key used in share links, e.g. `"s"`.
    pub key: &'static str,
    /// Symbol or short name shown next to the slider, e.g. `"verifier strength s"`.
    pub label: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// Slider step.
    pub step: f64,
    /// Value when the link does not mention the key.
    pub default: f64,
    /// Quantization.
    pub kind: ParamKind,
}

/// What validating one value did.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Validated {
    /// The value was in range and is used as given.
    Exact(f64),
    /// The value was out of range or not quantized; the corrected value is used.
    Corrected(f64),
    /// The value was not a number; the default is used.
    Rejected(f64),
}

impl Validated {
    /// The value to use.
    pub fn value(self) -> f64 {
        match self {
            Validated::Exact(v) | Validated::Corrected(v) | Validated::Rejected(v) => v,
        }
    }
}

impl ParamSpec {
    /// Clamps and quantizes `raw` into this parameter's range. NaN gives the default.
    ///
    /// ```
    /// # use infoloop_core::scenario::params::{ParamSpec, ParamKind, Validated};
    /// let n = ParamSpec { key: "n", label: "N", min: 1.0, max: 64.0, step: 1.0, default: 8.0, kind: ParamKind::Integer };
    /// assert_eq!(n.validate(12.0), Validated::Exact(12.0));
    /// assert_eq!(n.validate(1e9), Validated::Corrected(64.0));
    /// assert_eq!(n.validate(f64::NAN), Validated::Rejected(8.0));
    /// ```
    pub fn validate(&self, raw: f64) -> Validated {
        if raw.is_nan() {
            return Validated::Rejected(self.default);
        }
        let clamped = raw.clamp(self.min, self.max);
        let quantized = match self.kind {
            ParamKind::Real => clamped,
            ParamKind::Integer => libm::round(clamped),
            ParamKind::Toggle => {
                if clamped >= 0.5 {
                    1.0
                } else {
                    0.0
                }
            }
        };
        if quantized == raw {
            Validated::Exact(quantized)
        } else {
            Validated::Corrected(quantized)
        }
    }
}

/// A scenario's parameters, readable and writable by key through its spec table.
pub trait Params: Clone + PartialEq + Default {
    /// The table of this scenario's parameters, in display order.
    fn specs() -> &'static [ParamSpec];
    /// The value of parameter `key`, if it exists.
    fn get(&self, key: &str) -> Option<f64>;
    /// Sets parameter `key` to an already validated value; unknown keys are ignored.
    fn set_validated(&mut self, key: &str, value: f64);

    /// The spec of parameter `key`.
    fn spec(key: &str) -> Option<&'static ParamSpec> {
        Self::specs().iter().find(|s| s.key == key)
    }

    /// Validates `raw` for `key` and stores the result; `None` if the key is unknown.
    fn set(&mut self, key: &str, raw: f64) -> Option<Validated> {
        let spec = Self::spec(key)?;
        let v = spec.validate(raw);
        self.set_validated(key, v.value());
        Some(v)
    }
}
