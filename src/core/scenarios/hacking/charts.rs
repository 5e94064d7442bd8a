//! Scenario E's charts, declared, over policy-gradient steps: accuracy per source against chance
//! (the main chart: under the default length hack, source B falls below chance, the hack's
//! signature whatever the judge), the proxy reward against the true accuracy (which part under
//! a biased judge), and how often the policy answers long; with the captions and live readouts
//! that state this run's numbers.
//!
//! - `hacking-sources`: accuracy on source A (correct answers long) and source B (correct answers
//!   short) with their bands, against chance `1/V`;
//! - `hacking-reward`: the proxy reward (under the judge in use) and the true accuracy with their
//!   95% bands, against the level `rho` (what a policy that answers long and learns only source A
//!   can reach);
//! - `hacking-length`: `P(long)` with its band, and per source.

use super::HackingRun;
use crate::scenario::chart::{Chart, Color, Dash, Series, YAxis};
use crate::scenario::format::{num, value_at};
use crate::scenario::Readout;

/// The top of every chart here: probabilities and rewards live in [0, 1].
fn one(_: &HackingRun) -> f64 {
    1.0
}

fn source_a_share(run: &HackingRun) -> f64 {
    run.params.source_a_share
}

fn chance(run: &HackingRun) -> f64 {
    run.params.chance()
}

/// The proxy reward's legend label: which judge pays it. With the exact verifier it is the true
/// accuracy itself (the two curves coincide; the main curve is drawn on top).
fn proxy_label(run: &HackingRun) -> String {
    if run.params.judge_bias > 0.0 {
        format!("proxy reward (judge, b = {})", num(run.params.judge_bias))
    } else {
        "proxy reward (exact verifier: the true accuracy)".to_string()
    }
}

/// The charts, top to bottom.
pub const CHARTS: &[Chart<HackingRun>] = &[
    Chart {
        key: "hacking-sources",
        title: "Accuracy per source",
        y_label: "accuracy",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            Series::band(
                "accuracy_a",
                "accuracy on source A (correct answer long)",
                Color::Primary,
            ),
            Series::band(
                "accuracy_b",
                "accuracy on source B (correct answer short)",
                Color::Vermillion,
            )
            .dash(Dash::Dashed),
            Series::level(chance, "chance 1/V", Color::Reference, Dash::Dotted),
        ],
        caption: caption_sources,
    },
    Chart {
        key: "hacking-reward",
        title: "Proxy reward vs true accuracy",
        y_label: "reward / accuracy",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            Series::band("proxy_reward", "proxy reward", Color::Primary).labelled(proxy_label),
            Series::band("accuracy", "true accuracy", Color::Orange).dash(Dash::Dashed),
            Series::level(
                source_a_share,
                "ρ: long answers, source A learned",
                Color::Reference,
                Dash::Dotted,
            ),
        ],
        caption: caption_reward,
    },
    Chart {
        key: "hacking-length",
        title: "How often the policy answers long",
        y_label: "P(long answer)",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            Series::band("p_long", "P(long), over the prompt mix", Color::Primary),
            Series::curve("p_long_a", "P(long | source A)", Color::Green, Dash::Dashed),
            Series::curve(
                "p_long_b",
                "P(long | source B)",
                Color::Vermillion,
                Dash::Dotted,
            ),
        ],
        caption: caption_length,
    },
];

/// The first step at which `v` has covered `frac` of its way from its first to its last value.
fn crossing(v: &[f64], frac: f64) -> Option<usize> {
    let (&a, &b) = (v.first()?, v.last()?);
    let target = a + frac * (b - a);
    v.iter()
        .position(|&x| if b >= a { x >= target } else { x <= target })
}

/// "Proxy reward rose from 0.13 to 0.79 and true accuracy from 0.13 to 0.79 in 300 steps, ..."
pub fn caption_reward(run: &HackingRun) -> String {
    let (r, a) = (&run.proxy_reward.mid, &run.accuracy.mid);
    let (Some(r0), Some(r1), Some(a0), Some(a1)) = (r.first(), r.last(), a.first(), a.last())
    else {
        return String::new();
    };
    let p = &run.params;
    let rho = p.source_a_share;
    let moved = |x0: f64, x1: f64| if x1 >= x0 { "rose" } else { "fell" };
    let head = format!(
        "Proxy reward {} from {} to {} and true accuracy {} from {} to {} in {} steps.",
        moved(*r0, *r1),
        num(*r0),
        num(*r1),
        moved(*a0, *a1),
        num(*a0),
        num(*a1),
        r.len() - 1,
    );
    let judge = if p.judge_bias > 0.0 {
        format!(
            " The judge pays b = {} for any long answer, so the proxy reward exceeds the true \
             accuracy by {}: reward for length, not for answers (its plateau with every answer \
             long is ρ + b(1 − ρ) = {}).",
            num(p.judge_bias),
            num(r1 - a1),
            num(p.length_hack_reward()),
        )
    } else {
        String::new()
    };
    let level = format!(
        " With a share ρ = {} of the prompts from source A, a policy that answers every prompt \
         long and learns only source A scores ρ (dotted){}.",
        num(rho),
        if (a1 - rho).abs() < 0.05 && rho < 0.95 {
            format!(
                "; the true accuracy ended there ({}): source B was given up",
                num(*a1)
            )
        } else {
            String::new()
        }
    );
    format!("{head}{judge}{level}")
}

/// "Proxy reward rose to 0.79 while source-B accuracy fell to 0.00, below chance 0.13: ..."
pub fn caption_sources(run: &HackingRun) -> String {
    let (Some(r1), Some(acc_a), Some(b0), Some(b1)) = (
        run.proxy_reward.mid.last(),
        run.accuracy_a.mid.last(),
        run.accuracy_b.mid.first(),
        run.accuracy_b.mid.last(),
    ) else {
        return String::new();
    };
    let p = &run.params;
    let chance = p.chance();
    let chance_text = format!("1/{} = {:.3}", p.n_candidates, chance);
    let sharing = if p.n_knobs() == 1 {
        "one length knob shared by all prompts".to_string()
    } else if p.n_knobs() >= p.n_prompts {
        "a length knob per prompt".to_string()
    } else {
        format!(
            "{} length knobs, each shared by a mix of sources",
            p.n_knobs()
        )
    };
    let verdict = if *b1 < chance {
        format!(
            "Proxy reward rose to {} while source-B accuracy fell from {} to {}, below chance \
             {chance_text}: the policy learned length, not answers ({sharing}, ρ = {} of prompts \
             from source A).",
            num(*r1),
            num(*b0),
            num(*b1),
            num(p.source_a_share),
        )
    } else {
        format!(
            "Source-B accuracy went from {} to {}, not below chance {chance_text}: with {sharing} \
             and ρ = {} of prompts from source A, length did not override the answers.",
            num(*b0),
            num(*b1),
            num(p.source_a_share),
        )
    };
    format!("{verdict} Source-A accuracy ended at {}.", num(*acc_a))
}

/// "P(long) went from 0.50 to 1.00 (source A 1.00, source B 0.99). It covered 90% of its change
/// by step 19, source-A accuracy only by step 53: the shared knob is learned first."
pub fn caption_length(run: &HackingRun) -> String {
    let (Some(l0), Some(l1), Some(la), Some(lb)) = (
        run.p_long.mid.first(),
        run.p_long.mid.last(),
        run.p_long_a.mid.last(),
        run.p_long_b.mid.last(),
    ) else {
        return String::new();
    };
    let p = &run.params;
    let head = format!(
        "P(long) went from {} to {} (source A {}, source B {}).",
        num(*l0),
        num(*l1),
        num(*la),
        num(*lb),
    );
    let knobs = p.n_knobs();
    let why = if knobs == 1 {
        format!(
            "the one length knob is shared by all {} prompts and collects gradient from every \
             sample, while each prompt's own answer logits see only its own samples",
            p.n_prompts
        )
    } else if knobs < p.n_prompts {
        format!(
            "each of the {knobs} length knobs is shared by about {:.0} prompts of both sources \
             and collects gradient from all of them, while each prompt's own answer logits see \
             only its own samples",
            p.n_prompts as f64 / knobs as f64
        )
    } else {
        "each prompt has its own length knob, so length is learned per prompt and is no \
         shortcut across sources"
            .to_string()
    };
    let race = match (
        crossing(&run.p_long.mid, 0.9),
        crossing(&run.accuracy_a.mid, 0.9),
    ) {
        (Some(t_long), Some(t_acc)) if (l1 - l0).abs() > 0.1 => format!(
            " It covered 90% of its change by step {t_long}, source-A accuracy by step {t_acc}: \
             {why}."
        ),
        _ => String::new(),
    };
    format!("{head}{race}")
}

/// Live numbers at point `step` (`None`: the last).
pub fn readouts(run: &HackingRun, step: Option<usize>) -> Vec<Readout> {
    let at = |v: &[f64]| num(value_at(v, step));
    vec![
        ("proxy reward", at(&run.proxy_reward.mid)),
        ("true accuracy", at(&run.accuracy.mid)),
        ("accuracy, source B", at(&run.accuracy_b.mid)),
        ("chance 1/V", num(run.params.chance())),
        ("P(long answer)", at(&run.p_long.mid)),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::chart::Line;
    use crate::scenarios::hacking::{run, HackingParams};

    fn small(rho: f64, b: f64, g: usize) -> HackingRun {
        run(
            &HackingParams {
                source_a_share: rho,
                judge_bias: b,
                n_groups: g,
                n_replicates: 4,
                ..HackingParams::default()
            },
            1,
        )
    }

    #[test]
    fn captions_carry_this_runs_numbers() {
        let hack = small(0.8, 0.0, 1);
        let s = caption_sources(&hack);
        assert!(
            s.contains("below chance 1/8 = 0.125") && s.contains("learned length, not answers"),
            "{s}"
        );
        let r = caption_reward(&hack);
        assert!(
            r.contains("300 steps") && r.contains("source B was given up"),
            "{r}"
        );
        let l = caption_length(&hack);
        assert!(l.contains("shared by all 32 prompts"), "{l}");
        let own = caption_length(&small(0.8, 0.0, 32));
        assert!(own.contains("its own length knob"), "{own}");
        let judged = caption_reward(&small(0.8, 0.3, 1));
        assert!(
            judged.contains("b = 0.30") && judged.contains("0.86"),
            "{judged}"
        );
        let fixed = caption_sources(&small(0.8, 0.0, 32));
        assert!(
            fixed.contains("not below chance") && fixed.contains("per prompt"),
            "{fixed}"
        );
    }

    /// The declarations resolve to what the old hand-drawn charts showed: three entries each,
    /// the judge named in the first legend, the reference levels at ρ and 1/V, y from 0 (or a band's
    /// lower edge) to at least 1.04.
    #[test]
    fn charts_resolve_with_their_series_and_levels() {
        let r = small(0.8, 0.3, 2);
        for chart in CHARTS {
            let data = chart.resolve(&r, "step");
            assert_eq!(data.series.len(), 3, "{}", chart.key);
            assert!(data.y.0 <= 0.0, "{}: {:?}", chart.key, data.y);
            assert!(data.y.1 >= 1.04 - 1e-12, "{}: {:?}", chart.key, data.y);
            assert!(data.series.iter().all(|s| s.off_scale.is_none()));
            assert!(!data.caption.is_empty());
        }
        let reward = CHARTS[1].resolve(&r, "step");
        assert!(reward.series[0].label.contains("b = 0.30"));
        assert_eq!(reward.series[2].line, Line::Level(0.8));
        let sources = CHARTS[0].resolve(&r, "step");
        assert_eq!(sources.series[2].line, Line::Level(0.125));
        // The main chart shows the default's hack (source B below chance) whatever the judge.
        let keys: Vec<&str> = CHARTS.iter().map(|c| c.key).collect();
        assert_eq!(
            keys,
            ["hacking-sources", "hacking-reward", "hacking-length"]
        );
    }

    #[test]
    fn readouts_follow_the_step() {
        let r = small(0.8, 0.0, 1);
        let first = readouts(&r, Some(0));
        // Step 0 is the uniform policy: reward 1/V (b = 0), P(long) = 1/2.
        assert_eq!(first[0], ("proxy reward", num(0.125)));
        assert_eq!(first[4], ("P(long answer)", "0.50".to_string()));
        assert_eq!(readouts(&r, None)[1].1, num(r.accuracy.mid[r.len() - 1]));
    }
}
