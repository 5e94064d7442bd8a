//! Scenario G's charts, declared: the model's quality on real text (held-out cross-entropy), how
//! much of what it writes is real words, its coverage of the vocabulary, its mass on the rare
//! tail, and the entropy of its word distribution; with the captions and live readouts that
//! state this run's numbers.

use super::{TextRun, TAIL_RANK};
use crate::scenario::chart::{Chart, Color, Dash, Fit, Series, Source, Text, YAxis};
use crate::scenario::format::{first_last, num, percent, value_at};
use crate::scenario::Readout;

/// A uniform guess over the 27 symbols (a-z and the end of a word), in bits per symbol.
const UNIFORM_BITS: f64 = 4.754_887_502_163_468;

fn uniform(_: &TextRun) -> f64 {
    UNIFORM_BITS
}

fn generation_0_quality(run: &TextRun) -> f64 {
    run.heldout_bits_per_char
        .mid
        .first()
        .copied()
        .unwrap_or(f64::NAN)
}

fn real_tail(run: &TextRun) -> f64 {
    run.real_tail_mass
}

fn one(_: &TextRun) -> f64 {
    1.0
}

/// The charts, top to bottom.
pub const CHARTS: &[Chart<TextRun>] = &[
    Chart {
        key: "text-quality",
        title: "Quality on real words: held-out cross-entropy",
        y_label: "bits per character",
        unit: "bits/char",
        y: YAxis::Auto {
            floor: f64::INFINITY,
            min_top: f64::NEG_INFINITY,
        },
        series: &[
            Series::band(
                "heldout_bits_per_char",
                "held-out cross-entropy (lower is better)",
                Color::Primary,
            ),
            Series::level(
                generation_0_quality,
                "generation 0, trained on real words",
                Color::Reference,
                Dash::Dashed,
            ),
            Series {
                source: Source::Level(uniform),
                label: Text::Fixed("a uniform guess over 27 symbols"),
                color: Color::Reference,
                dash: Dash::Dotted,
                fit: Fit::Mark,
                when: None,
            },
        ],
        caption: quality_caption,
    },
    Chart {
        key: "text-words",
        title: "Real words among what it writes",
        y_label: "share",
        unit: "",
        y: YAxis::UpTo(one),
        series: &[
            Series::band(
                "real_word_share",
                "share of the N strings that are real words",
                Color::Primary,
            ),
            Series::curve(
                "real_word_mass",
                "the model's probability of a real word (exact)",
                Color::Orange,
                Dash::Dashed,
            ),
        ],
        caption: words_caption,
    },
    Chart {
        key: "text-coverage",
        title: "Coverage: distinct real words per generation",
        y_label: "distinct real words",
        unit: "words",
        y: YAxis::Auto {
            floor: 0.0,
            min_top: 1.0,
        },
        series: &[Series::band(
            "distinct_real_words",
            "distinct real words among the N strings",
            Color::Primary,
        )],
        caption: coverage_caption,
    },
    Chart {
        key: "text-tail",
        title: "The rare tail: mass on words beyond rank 5000",
        y_label: "probability",
        unit: "",
        y: YAxis::Auto {
            floor: 0.0,
            min_top: 0.0,
        },
        series: &[
            Series::band(
                "tail_mass",
                "the model's mass on the tail (exact)",
                Color::Primary,
            ),
            Series::level(
                real_tail,
                "the tail's share of real text",
                Color::Reference,
                Dash::Dashed,
            ),
        ],
        caption: tail_caption,
    },
    Chart {
        key: "text-entropy",
        title: "Diversity: entropy of the word distribution",
        y_label: "bits per word",
        unit: "bits",
        y: YAxis::Auto {
            floor: 0.0,
            min_top: 0.0,
        },
        series: &[Series::band(
            "word_entropy_bits",
            "entropy H(pₜ) per word (estimate)",
            Color::Primary,
        )],
        caption: entropy_caption,
    },
];

/// What the loop is, in words.
fn kind(run: &TextRun) -> String {
    let p = &run.params;
    let mut parts = Vec::new();
    if p.verifier_on {
        parts.push(format!(
            "a dictionary verifier of strength s = {}",
            num(p.verifier_strength)
        ));
    }
    if p.n_real_per_generation() > 0 {
        parts.push(format!(
            "{} fresh real words a generation",
            p.n_real_per_generation()
        ));
    }
    let signal = if parts.is_empty() {
        "Closed loop".to_string()
    } else {
        format!("With {}", parts.join(" and "))
    };
    if p.accumulate {
        format!("{signal}, accumulating its data")
    } else {
        signal
    }
}

fn moved(first: f64, last: f64) -> &'static str {
    if last > first {
        "rose"
    } else {
        "fell"
    }
}

fn quality_caption(run: &TextRun) -> String {
    if run.is_empty() {
        return "Loading the word list…".into();
    }
    let (a, b) = first_last(&run.heldout_bits_per_char.mid);
    let verdict = if b > a + 0.1 {
        "the model got worse at real text"
    } else if b < a - 0.1 {
        "the model got better at real text"
    } else {
        "the model stayed about as good at real text"
    };
    format!(
        "{}: held-out cross-entropy on real words {} from {} to {} bits per character in {} \
         generations: {verdict} (a uniform guess over 27 symbols is {} bits).",
        kind(run),
        moved(a, b),
        num(a),
        num(b),
        run.len().saturating_sub(1),
        num(UNIFORM_BITS)
    )
}

fn words_caption(run: &TextRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let (a, b) = first_last(&run.real_word_share.mid);
    format!(
        "The share of generated strings that are real words {} from {} to {}; the model's exact \
         probability of a real word ends at {}.",
        moved(a, b),
        percent(a),
        percent(b),
        percent(first_last(&run.real_word_mass.mid).1)
    )
}

fn coverage_caption(run: &TextRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let (a, b) = first_last(&run.distinct_real_words.mid);
    let (sa, sb) = first_last(&run.real_word_share.mid);
    let note = if b < a * 0.7 && sb >= sa {
        " More of what it writes is real, but fewer different words: correctness without coverage."
    } else if b < a * 0.7 {
        " Coverage collapses: the model forgets most of the vocabulary."
    } else {
        ""
    };
    format!(
        "Distinct real words among the {} strings of a generation {} from {:.0} to {:.0}.{note}",
        run.params.n_samples,
        moved(a, b),
        a,
        b
    )
}

fn tail_caption(run: &TextRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let (a, b) = first_last(&run.tail_mass.mid);
    format!(
        "The model's probability of the rare words (beyond the {TAIL_RANK} most frequent) {} from \
         {} to {}; in real text they are {}.",
        moved(a, b),
        num(a),
        num(b),
        num(run.real_tail_mass)
    )
}

fn entropy_caption(run: &TextRun) -> String {
    if run.is_empty() {
        return String::new();
    }
    let (a, b) = first_last(&run.word_entropy_bits.mid);
    format!(
        "The entropy of the model's word distribution {} from {} to {} bits per word: {}.",
        moved(a, b),
        num(a),
        num(b),
        if b < a - 1.0 {
            "it narrows onto fewer words"
        } else {
            "it keeps its variety"
        }
    )
}

/// Live numbers at generation `step` (`None`: the last).
pub fn readouts(run: &TextRun, step: Option<usize>) -> Vec<Readout> {
    let at = |v: &[f64]| value_at(v, step);
    vec![
        (
            "held-out cross-entropy",
            format!("{} bits/char", num(at(&run.heldout_bits_per_char.mid))),
        ),
        ("real words written", percent(at(&run.real_word_share.mid))),
        (
            "distinct real words",
            format!("{:.0}", at(&run.distinct_real_words.mid)),
        ),
        ("mass on the rare tail", num(at(&run.tail_mass.mid))),
        (
            "word entropy",
            format!("{} bits", num(at(&run.word_entropy_bits.mid))),
        ),
    ]
}
