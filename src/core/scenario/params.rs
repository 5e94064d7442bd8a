//! Parameters, written once: one row per parameter (key, label, unit, range, step, default,
//! group, what it depends on, a one-sentence explanation, why it matters) in the [`params!`]
//! macro, from which the typed struct, its field docs, its [`ParamSpec`] table, access by key,
//! validation, the sliders and the link keys all come. Docs and specs cannot drift.
//!
//! Values enter once, at the boundary (link, slider, number field, sweep axis), through
//! [`ParamSpec::validate`] (clamp + quantize); the models may assume them in range.

/// How a parameter's value is quantized.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamKind {
    /// Any finite real in the range.
    Real,
    /// A whole number in the range.
    Integer,
    /// Off (0) or on (1): a checkbox.
    Toggle,
}

/// One parameter's row: everything the page, the link and the sweep need to know about it.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ParamSpec {
    /// Short key used in share links, e.g. `"s"`. Never changes meaning within a link version.
    pub key: &'static str,
    /// Symbol or short name shown next to the control, e.g. `"verifier strength s"`.
    pub label: &'static str,
    /// Unit shown after values (empty for pure numbers).
    pub unit: &'static str,
    /// Smallest allowed value.
    pub min: f64,
    /// Largest allowed value.
    pub max: f64,
    /// Slider step.
    pub step: f64,
    /// Value when the link does not mention the key.
    pub default: f64,
    /// Quantization, from the field's type.
    pub kind: ParamKind,
    /// Whether the run's work grows with it (replicates, steps, samples): the contract tests
    /// keep it small when they sweep the parameter box.
    pub effort: bool,
    /// The control group the parameter is shown in.
    pub group: &'static str,
    /// The toggle this parameter acts through (e.g. the verifier's strength needs the verifier):
    /// moving it turns the toggle on.
    pub needs: Option<&'static str>,
    /// One sentence explaining the parameter, in the paper's terms.
    pub explain: &'static str,
    /// The longer story behind a headline parameter (shown on demand).
    pub why: Option<&'static str>,
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
    /// let n = ParamSpec { min: 1.0, max: 64.0, default: 8.0, kind: ParamKind::Integer, ..ParamSpec::EMPTY };
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

    /// Whether the parameter spans orders of magnitude (a logarithmic slider and sweep axis).
    pub fn is_log(&self) -> bool {
        self.kind != ParamKind::Toggle && self.min > 0.0 && self.max / self.min >= 100.0
    }

    /// A row with every field empty, for struct-update syntax in tests and docs.
    pub const EMPTY: ParamSpec = ParamSpec {
        key: "",
        label: "",
        unit: "",
        min: 0.0,
        max: 1.0,
        step: 0.01,
        default: 0.0,
        kind: ParamKind::Real,
        effort: false,
        group: "",
        needs: None,
        explain: "",
        why: None,
    };
}

/// The row of `key` in a table.
pub fn find(specs: &'static [ParamSpec], key: &str) -> Option<&'static ParamSpec> {
    specs.iter().find(|s| s.key == key)
}

/// The control groups of a table, in order of first appearance, each with its rows in table
/// order.
pub fn groups(specs: &'static [ParamSpec]) -> Vec<(&'static str, Vec<&'static ParamSpec>)> {
    let mut out: Vec<(&'static str, Vec<&'static ParamSpec>)> = Vec::new();
    for spec in specs {
        match out.iter_mut().find(|(g, _)| *g == spec.group) {
            Some((_, rows)) => rows.push(spec),
            None => out.push((spec.group, vec![spec])),
        }
    }
    out
}

/// A field type a parameter can have, and how it maps to the `f64` of links and sliders.
pub trait ParamValue: Copy {
    /// How values of this type are quantized.
    const KIND: ParamKind;
    /// The value as a link or slider number.
    fn to_f64(self) -> f64;
    /// The field from an already validated number.
    fn from_f64(v: f64) -> Self;
}

impl ParamValue for f64 {
    const KIND: ParamKind = ParamKind::Real;
    fn to_f64(self) -> f64 {
        self
    }
    fn from_f64(v: f64) -> Self {
        v
    }
}

impl ParamValue for usize {
    const KIND: ParamKind = ParamKind::Integer;
    fn to_f64(self) -> f64 {
        self as f64
    }
    fn from_f64(v: f64) -> Self {
        v as usize
    }
}

impl ParamValue for bool {
    const KIND: ParamKind = ParamKind::Toggle;
    fn to_f64(self) -> f64 {
        self as u8 as f64
    }
    fn from_f64(v: f64) -> Self {
        v >= 0.5
    }
}

/// A scenario's parameters, readable and writable by key through its table (implemented by
/// [`params!`]).
pub trait Params: Clone + PartialEq + Default + core::fmt::Debug + 'static {
    /// The table of this scenario's parameters; its order is the order of keys in links.
    fn specs() -> &'static [ParamSpec];
    /// The value of parameter `key`, if it exists.
    fn get(&self, key: &str) -> Option<f64>;
    /// Sets parameter `key` to an already validated value; unknown keys are ignored.
    fn set_validated(&mut self, key: &str, value: f64);

    /// The row of parameter `key`.
    fn spec(key: &str) -> Option<&'static ParamSpec> {
        find(Self::specs(), key)
    }

    /// Validates `raw` for `key` and stores the result; `None` if the key is unknown.
    fn set(&mut self, key: &str, raw: f64) -> Option<Validated> {
        let v = find(Self::specs(), key)?.validate(raw);
        self.set_validated(key, v.value());
        Some(v)
    }

    /// The parameters from validated values in table order (missing values are defaults).
    fn from_values(values: &[f64]) -> Self {
        let mut p = Self::default();
        for (spec, &v) in Self::specs().iter().zip(values) {
            p.set_validated(spec.key, v);
        }
        p
    }

    /// The values in table order.
    fn to_values(&self) -> Vec<f64> {
        Self::specs()
            .iter()
            .map(|s| self.get(s.key).unwrap_or(s.default))
            .collect()
    }
}

/// Declares a scenario's parameter struct from one row per parameter.
///
/// ```
/// infoloop_core::params! {
///     /// Demo parameters.
///     pub struct Demo {
///         n_samples: usize {
///             key: "n", label: "samples N", unit: "samples", range: 1.0..=64.0, step: 1.0,
///             default: 8.0, effort: true, group: "Loop",
///             explain: "Samples per generation.",
///         },
///         strength: f64 {
///             key: "s", label: "strength s", range: 0.0..=1.0, step: 0.01, default: 0.5,
///             group: "Signal", needs: "on", explain: "How strong.", why: "Because.",
///         },
///         on: bool {
///             key: "on", label: "signal", range: 0.0..=1.0, step: 1.0, default: 0.0,
///             group: "Signal", explain: "Whether the signal is on.",
///         },
///     }
/// }
/// use infoloop_core::scenario::params::{ParamKind, Params};
/// let d = Demo::default();
/// assert_eq!((d.n_samples, d.strength, d.on), (8, 0.5, false));
/// assert_eq!(Demo::specs()[2].kind, ParamKind::Toggle);
/// assert_eq!(Demo::specs()[1].needs, Some("on"));
/// assert!(Demo::specs()[0].effort && !Demo::specs()[1].effort);
/// let mut d = d;
/// d.set("n", 1e9);
/// assert_eq!(d.get("n"), Some(64.0));
/// assert_eq!(Demo::from_values(&d.to_values()), d);
/// ```
#[macro_export]
macro_rules! params {
    (
        $(#[$meta:meta])*
        pub struct $name:ident {
            $(
                $field:ident : $ty:ty {
                    key: $key:literal,
                    label: $label:literal,
                    $(unit: $unit:literal,)?
                    range: $min:literal ..= $max:literal,
                    step: $step:literal,
                    default: $default:literal,
                    $(effort: $effort:literal,)?
                    group: $group:literal,
                    $(needs: $needs:literal,)?
                    explain: $explain:literal,
                    $(why: $why:expr,)?
                },
            )+
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq)]
        pub struct $name {
            $(
                #[doc = concat!($explain, " Key `", $key, "`, ", stringify!($ty), " in [",
                    stringify!($min), ", ", stringify!($max), "], default ", stringify!($default), ".")]
                pub $field: $ty,
            )+
        }

        impl $name {
            /// The parameter table, one row per field, in link order.
            pub const SPECS: &'static [$crate::scenario::params::ParamSpec] = &[
                $(
                    $crate::scenario::params::ParamSpec {
                        key: $key,
                        label: $label,
                        unit: $crate::params!(@or $($unit)?, ""),
                        min: $min,
                        max: $max,
                        step: $step,
                        default: $default,
                        kind: <$ty as $crate::scenario::params::ParamValue>::KIND,
                        effort: $crate::params!(@or $($effort)?, false),
                        group: $group,
                        needs: $crate::params!(@opt $($needs)?),
                        explain: $explain,
                        why: $crate::params!(@opt $($why)?),
                    },
                )+
            ];
        }

        impl Default for $name {
            fn default() -> Self {
                $name {
                    $(
                        $field: <$ty as $crate::scenario::params::ParamValue>::from_f64($default),
                    )+
                }
            }
        }

        impl $crate::scenario::params::Params for $name {
            fn specs() -> &'static [$crate::scenario::params::ParamSpec] {
                Self::SPECS
            }

            fn get(&self, key: &str) -> Option<f64> {
                match key {
                    $(
                        $key => Some($crate::scenario::params::ParamValue::to_f64(self.$field)),
                    )+
                    _ => None,
                }
            }

            fn set_validated(&mut self, key: &str, value: f64) {
                match key {
                    $(
                        $key => {
                            self.$field =
                                <$ty as $crate::scenario::params::ParamValue>::from_f64(value)
                        }
                    )+
                    _ => {}
                }
            }
        }
    };
    (@or $value:literal, $fallback:literal) => { $value };
    (@or , $fallback:literal) => { $fallback };
    (@opt $value:expr) => { Some($value) };
    (@opt) => { None };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toggles_quantize_to_zero_or_one_and_integers_round() {
        let toggle = ParamSpec {
            kind: ParamKind::Toggle,
            ..ParamSpec::EMPTY
        };
        assert_eq!(toggle.validate(0.7), Validated::Corrected(1.0));
        assert_eq!(toggle.validate(0.0), Validated::Exact(0.0));
        let int = ParamSpec {
            kind: ParamKind::Integer,
            max: 10.0,
            ..ParamSpec::EMPTY
        };
        assert_eq!(int.validate(2.5), Validated::Corrected(3.0));
        assert_eq!(int.validate(-3.0), Validated::Corrected(0.0));
        assert_eq!(int.validate(f64::INFINITY), Validated::Corrected(10.0));
    }

    #[test]
    fn groups_keep_first_appearance_order() {
        static SPECS: [ParamSpec; 3] = [
            ParamSpec {
                key: "a",
                group: "X",
                ..ParamSpec::EMPTY
            },
            ParamSpec {
                key: "b",
                group: "Y",
                ..ParamSpec::EMPTY
            },
            ParamSpec {
                key: "c",
                group: "X",
                ..ParamSpec::EMPTY
            },
        ];
        let g = groups(&SPECS);
        let keys: Vec<(&str, Vec<&str>)> = g
            .iter()
            .map(|(name, rows)| (*name, rows.iter().map(|r| r.key).collect()))
            .collect();
        assert_eq!(keys, vec![("X", vec!["a", "c"]), ("Y", vec!["b"])]);
    }
}
