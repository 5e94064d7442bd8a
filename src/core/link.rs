//! The share link: the whole explorer state as a short, versioned URL query (`v=3`).
//!
//! A compatibility boundary. Keys are short and stable, defaults are omitted, and parsing is
//! total: any string (garbage, NaN, huge numbers, script tags, 10 kB of unicode) yields a valid
//! state plus a list of [`Correction`]s saying what was clamped or dropped. Old links keep
//! working: a key's meaning never changes within a version.
//!
//! The version is the randomness engine that computes the run ([`Engine`]): `v=1` opens on the
//! frozen engine v1 forever (every link written before engine v2 says `v=1`), `v=2` on v2 and
//! `v=3` on v3. A link without `v` (never written by the page) opens on the newest engine; an
//! unknown version gets a note and the newest engine. The page writes the run's own engine back, so an opened
//! v1 link stays `v=1` and a new state is written with the newest. A pinned run (`pin=`) holds
//! its own `v=`; a pin without one is read on its link's engine.
//!
//! Architecture invariant: pure string <-> state conversion, no web APIs (the shell reads and
//! writes `location`); tested natively.

use crate::random::stream::Engine;
use crate::registry;
use crate::scenario::format::shortest;
use crate::scenario::params::{ParamKind, Validated};
use crate::spec::{RunSpec, DEFAULT_SEED};
use crate::sweep::SweepSpec;

/// The version new links are written with: the newest engine's number ([`Engine::LATEST`]).
/// A link is written with its run's own engine ([`to_query`]).
pub const VERSION: u32 = Engine::LATEST.number();
/// At most this many `key=value` pairs are read; the rest are dropped with a note.
const MAX_PAIRS: usize = 64;
/// At most this many notes are reported: one per entry read plus the "only the first" note.
const MAX_NOTES: usize = MAX_PAIRS + 1;
/// `hide=controls` hides the whole control panel in embed mode.
pub const HIDE_ALL: &str = "controls";
/// Values are quoted in notes up to this many characters.
const MAX_QUOTE: usize = 24;
/// A figure shows at most this many charts, and this many controls.
pub const MAX_FIGURE_ITEMS: usize = 4;

/// Everything a link describes: the run on screen, the page's view of it, and the comparison.
#[derive(Clone, Debug, PartialEq)]
pub struct ShareState {
    /// The run: scenario, parameters, seed.
    pub run: RunSpec,
    /// Whether the sweep view (F) is on: a heatmap over two parameters of the run's scenario.
    pub sweep_on: bool,
    /// What the sweep view sweeps (over the run's scenario).
    pub sweep: SweepSpec,
    /// Embed mode (`embed=1`): no page chrome, for iframes in blog posts.
    pub embed: bool,
    /// Controls hidden in embed mode (`hide=k,q` or `hide=controls` for the whole panel),
    /// sorted and without repeats.
    pub hidden: Vec<String>,
    /// The generation the transport stood at (`at=12`): the charts show generations 0 to 12.
    /// Absent: the whole run. Larger than the run: the whole run.
    pub at: Option<u64>,
    /// The run pinned for comparison (`pin=` its own query, same scenario, with `&` escaped);
    /// it is recomputed from this, like the main run.
    pub pin: Option<RunSpec>,
    /// Figure mode (`fig=` charts, `ctl=` controls): one or a few charts with the controls an
    /// author picked, for a blog post, instead of the whole explorer.
    pub figure: Option<Figure>,
}

/// What a figure shows: charts of the run's scenario (by key, in order) and the controls
/// beside them (parameter keys, in order; may be none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Figure {
    /// Chart keys, at least one.
    pub charts: Vec<String>,
    /// Parameter keys.
    pub controls: Vec<String>,
}

impl Default for ShareState {
    fn default() -> Self {
        ShareState::of(RunSpec::default())
    }
}

impl ShareState {
    /// The page showing `run`, nothing else set.
    pub fn of(run: RunSpec) -> Self {
        ShareState {
            sweep: SweepSpec::default_for(run.scenario),
            run,
            sweep_on: false,
            embed: false,
            hidden: Vec::new(),
            at: None,
            pin: None,
            figure: None,
        }
    }
}

/// One thing the parser corrected, for the visible note.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Correction {
    /// The key as written in the link (sanitized, truncated).
    pub key: String,
    /// What was done, in words.
    pub message: String,
}

impl std::fmt::Display for Correction {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.key, self.message)
    }
}

/// Parses a query string (with or without the leading `?`). Never fails; see the module docs.
///
/// ```
/// # use infoloop_core::link::parse_query;
/// # use infoloop_core::random::stream::Engine;
/// let (state, notes) = parse_query("?v=1&ver=1&s=0.4&seed=7");
/// assert!(state.run.get("ver") == Some(1.0) && state.run.seed == 7 && notes.is_empty());
/// assert_eq!(state.run.engine, Engine::V1);
/// let (state, notes) = parse_query("s=12&zzz=1");
/// assert_eq!(state.run.get("s"), Some(1.0));
/// assert_eq!((state.run.engine, notes.len()), (Engine::LATEST, 2));
/// ```
pub fn parse_query(query: &str) -> (ShareState, Vec<Correction>) {
    parse(query, None)
}

/// The canonical query of a run on its own (what `pin=` holds): its scenario, parameters and
/// seed, without page settings.
///
/// ```
/// # use infoloop_core::link::{parse_query, run_query};
/// let (state, _) = parse_query("v=1&ver=1&embed=1&at=3&seed=7");
/// assert_eq!(run_query(&state.run), "v=1&ver=1&seed=7");
/// ```
pub fn run_query(run: &RunSpec) -> String {
    to_query(&ShareState::of(run.clone()))
}

/// The engine a link's `v=` value names, if it names one.
fn engine_of(value: &str) -> Option<Engine> {
    value
        .trim()
        .parse::<u32>()
        .ok()
        .and_then(Engine::from_number)
}

/// [`parse_query`] at the top level (`outer: None`), or of a pinned run inside a link on engine
/// `outer` (which it takes when it has no `v=` of its own). `pin=` is read only at the top level
/// (a pinned run has no pin of its own, so parsing never recurses more than once).
fn parse(query: &str, outer: Option<Engine>) -> (ShareState, Vec<Correction>) {
    let allow_pin = outer.is_none();
    let mut notes = Vec::new();
    let query = query.strip_prefix('?').unwrap_or(query);
    let query = query.split('#').next().unwrap_or("");
    let mut seen: Vec<String> = Vec::new();
    // The scenario decides which keys exist, so read it first.
    let scenario_value = query
        .split('&')
        .take(MAX_PAIRS)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| percent_decode(k) == "sc")
        .map(|(_, v)| percent_decode(v));
    let mut scenario = registry::default();
    if let Some(value) = &scenario_value {
        match registry::by_key(value.trim()) {
            Some(found) => scenario = found,
            None => notes.push(note(
                "sc",
                format!(
                    "there is no tab {}; showing {}",
                    quote(value),
                    scenario.info().label
                ),
            )),
        }
    }
    let sweep_requested = query.split('&').take(MAX_PAIRS).any(|p| {
        p.split_once('=')
            .is_some_and(|(k, v)| percent_decode(k) == "sw" && v.trim() == "1")
    });
    if sweep_requested && scenario_value.is_none() {
        scenario = registry::default_sweep();
    }
    let mut state = ShareState::of(RunSpec::new(scenario));
    // The engine: the first `v=` (a repeated one is noted below), else the link's own default.
    let version_value = query
        .split('&')
        .take(MAX_PAIRS)
        .filter_map(|p| p.split_once('='))
        .find(|(k, _)| percent_decode(k) == "v")
        .map(|(_, v)| percent_decode(v));
    state.run.engine = match &version_value {
        Some(value) => engine_of(value).unwrap_or(Engine::LATEST),
        None => outer.unwrap_or(Engine::LATEST),
    };
    let mut sweep = SweepSpec::default_for(scenario);
    let mut sweep_given = false;
    for (i, pair) in query.split('&').filter(|p| !p.is_empty()).enumerate() {
        if i == MAX_PAIRS {
            notes.push(note(
                "…",
                format!("only the first {MAX_PAIRS} entries were read"),
            ));
            break;
        }
        let (raw_key, raw_value) = pair.split_once('=').unwrap_or((pair, ""));
        let key = percent_decode(raw_key);
        let value = percent_decode(raw_value);
        if seen.contains(&key) {
            notes.push(note(&key, "repeated; the first value was kept".into()));
            continue;
        }
        seen.push(key.clone());
        match key.as_str() {
            "sc" => {}
            "sw" => match value.trim() {
                "1" => state.sweep_on = true,
                "0" => {}
                _ => notes.push(note(
                    &key,
                    format!("{} is not 0 or 1; sweep off", quote(&value)),
                )),
            },
            "sx" | "sy" | "sm" => {
                sweep_given = true;
                let v = value.trim().to_string();
                match key.as_str() {
                    "sx" => sweep.x_key = v,
                    "sy" => sweep.y_key = v,
                    _ => sweep.metric = v,
                }
            }
            "sn" => {
                sweep_given = true;
                match value.trim().parse::<usize>() {
                    Ok(n) => sweep.resolution = n,
                    Err(_) => notes.push(note(
                        &key,
                        format!("{} is not a whole number", quote(&value)),
                    )),
                }
            }
            "v" => {
                if engine_of(&value).is_none() {
                    notes.push(note(
                        &key,
                        format!(
                            "version {} is unknown; read as v{}",
                            quote(&value),
                            Engine::LATEST.number()
                        ),
                    ));
                }
            }
            "embed" => match value.trim() {
                "1" => state.embed = true,
                "0" => {}
                _ => notes.push(note(
                    &key,
                    format!("{} is not 0 or 1; embed mode off", quote(&value)),
                )),
            },
            "hide" => {
                for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
                    let known = item == HIDE_ALL || state.run.spec(item).is_some();
                    if !known {
                        notes.push(note(
                            &key,
                            format!("{} is not a control; ignored", quote(item)),
                        ));
                    } else if !state.hidden.iter().any(|h| h == item) {
                        state.hidden.push(item.to_string());
                    }
                }
                crate::sort::sort_unstable(&mut state.hidden);
            }
            "pin" if allow_pin => {
                let (pinned, corrected) = parse(&value, Some(state.run.engine));
                if pinned.run.scenario != state.run.scenario {
                    notes.push(note(
                        &key,
                        format!(
                            "the pinned run is of scenario {}, not {}; dropped",
                            pinned.run.scenario.key(),
                            state.run.scenario.key()
                        ),
                    ));
                } else {
                    if !corrected.is_empty() {
                        let n = corrected.len();
                        let what = format!("the pinned run's settings needed {n} correction(s)");
                        notes.push(note(&key, what));
                    }
                    state.pin = Some(pinned.run);
                }
            }
            "fig" | "ctl" => {
                let items = list(&value);
                let figure = state.figure.get_or_insert_with(|| Figure {
                    charts: Vec::new(),
                    controls: Vec::new(),
                });
                if key == "fig" {
                    figure.charts = items;
                } else {
                    figure.controls = items;
                }
            }
            "at" => match value.trim().parse::<u64>() {
                Ok(at) => state.at = Some(at),
                Err(_) => notes.push(note(
                    &key,
                    format!(
                        "{} is not a generation (a whole number); showing the whole run",
                        quote(&value)
                    ),
                )),
            },
            "seed" => match value.trim().parse::<u64>() {
                Ok(seed) => state.run.seed = seed,
                Err(_) => notes.push(note(
                    &key,
                    format!(
                        "{} is not a seed (0 to 2^64-1); used {DEFAULT_SEED}",
                        quote(&value)
                    ),
                )),
            },
            _ => match state.run.spec(&key) {
                Some(spec) => {
                    let raw = parse_number(&value);
                    match state.run.set(&key, raw) {
                        Some(Validated::Exact(_)) | None => {}
                        Some(Validated::Corrected(v)) => {
                            let why = if raw < spec.min {
                                format!("is below the minimum {}", shortest(spec.min))
                            } else if raw > spec.max {
                                format!("is above the maximum {}", shortest(spec.max))
                            } else {
                                "is not an allowed step".to_string()
                            };
                            let what = format!("{} {why}; used {}", quote(&value), shortest(v));
                            notes.push(note(&key, what));
                        }
                        Some(Validated::Rejected(v)) if spec.kind == ParamKind::Toggle => notes
                            .push(note(
                                &key,
                                format!(
                                    "{} is not 0 or 1 (the checkbox “{}”); left it {}",
                                    quote(&value),
                                    spec.label,
                                    if v >= 0.5 { "on" } else { "off" }
                                ),
                            )),
                        Some(Validated::Rejected(v)) => notes.push(note(
                            &key,
                            format!("{} is not a number; used {}", quote(&value), shortest(v)),
                        )),
                    }
                }
                None => notes.push(note(&key, "unknown setting, ignored".into())),
            },
        }
    }
    if sweep_given || state.sweep_on {
        let (valid, fixed) = sweep.validated(state.run.scenario);
        for message in fixed {
            notes.push(note("sweep", message));
        }
        sweep = valid;
    }
    state.sweep = sweep;
    if let Some(figure) = state.figure.take() {
        state.figure = Some(validate_figure(figure, &state.run, &mut notes));
    }
    if state.sweep_on && state.pin.take().is_some() {
        notes.push(note(
            "pin",
            "the sweep view has no pinned run; dropped".into(),
        ));
    }
    if notes.len() > MAX_NOTES {
        let hidden = notes.len() - (MAX_NOTES - 1);
        notes.truncate(MAX_NOTES - 1);
        notes.push(note("…", format!("{hidden} more corrections not listed")));
    }
    (state, notes)
}

/// Writes the state as a query string starting with `v=` and the run's engine number, omitting
/// defaults.
///
/// ```
/// # use infoloop_core::link::{parse_query, to_query, ShareState};
/// assert_eq!(to_query(&ShareState::default()), "v=3");
/// assert_eq!(to_query(&parse_query("v=1&seed=3").0), "v=1&seed=3");
/// ```
pub fn to_query(state: &ShareState) -> String {
    let mut out = format!("v={}", state.run.engine.number());
    let scenario = state.run.scenario;
    // With the sweep on, an absent `sc` means the default sweep's scenario, so always write it.
    if scenario != registry::default() || state.sweep_on {
        out.push_str("&sc=");
        out.push_str(scenario.key());
    }
    for (spec, value) in state.run.changed() {
        out.push('&');
        out.push_str(spec.key);
        out.push('=');
        out.push_str(&shortest(value));
    }
    if state.sweep_on {
        out.push_str("&sw=1");
        let default = SweepSpec::default_for(scenario);
        let sw = &state.sweep;
        for (key, value, default_value) in [
            ("sx", &sw.x_key, &default.x_key),
            ("sy", &sw.y_key, &default.y_key),
            ("sm", &sw.metric, &default.metric),
        ] {
            if value != default_value {
                out.push_str(&format!("&{key}={value}"));
            }
        }
        if sw.resolution != default.resolution {
            out.push_str(&format!("&sn={}", sw.resolution));
        }
    }
    if state.embed {
        out.push_str("&embed=1");
    }
    if !state.hidden.is_empty() {
        out.push_str("&hide=");
        out.push_str(&state.hidden.join(","));
    }
    if let Some(figure) = &state.figure {
        out.push_str("&fig=");
        out.push_str(&figure.charts.join(","));
        if !figure.controls.is_empty() {
            out.push_str("&ctl=");
            out.push_str(&figure.controls.join(","));
        }
    }
    if let Some(pin) = &state.pin {
        out.push_str("&pin=");
        out.push_str(&escape_in_value(&run_query(pin)));
    }
    if let Some(at) = state.at {
        out.push_str(&format!("&at={at}"));
    }
    if state.run.seed != DEFAULT_SEED {
        out.push_str(&format!("&seed={}", state.run.seed));
    }
    out
}

/// The items of a comma-separated value, trimmed, without empty ones or repeats, in order.
fn list(value: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in value.split(',').map(str::trim).filter(|i| !i.is_empty()) {
        if !out.iter().any(|o| o == item) {
            out.push(item.to_string());
        }
    }
    out
}

/// Keeps a figure's charts and controls that exist for `run`'s scenario (at most
/// [`MAX_FIGURE_ITEMS`] each), with a note for each one dropped; no chart left means its main
/// chart.
fn validate_figure(figure: Figure, run: &RunSpec, notes: &mut Vec<Correction>) -> Figure {
    let tab = run.scenario.info().label;
    let keys = run.scenario.chart_keys();
    let mut charts = Vec::new();
    for c in figure.charts {
        if !keys.iter().any(|(k, _)| *k == c) {
            notes.push(note(
                "fig",
                format!("{} is not a chart of {tab}; left out", quote(&c)),
            ));
        } else if charts.len() == MAX_FIGURE_ITEMS {
            notes.push(note(
                "fig",
                format!("at most {MAX_FIGURE_ITEMS} charts; {} left out", quote(&c)),
            ));
        } else {
            charts.push(c);
        }
    }
    if charts.is_empty() {
        let main = keys.first().map_or("", |(k, _)| k);
        notes.push(note(
            "fig",
            format!("no chart to show; showing the main one, {}", quote(main)),
        ));
        charts.push(main.to_string());
    }
    let mut controls = Vec::new();
    for c in figure.controls {
        if run.spec(&c).is_none() {
            notes.push(note(
                "ctl",
                format!("{} is not a control of {tab}; left out", quote(&c)),
            ));
        } else if controls.len() == MAX_FIGURE_ITEMS {
            notes.push(note(
                "ctl",
                format!(
                    "at most {MAX_FIGURE_ITEMS} controls; {} left out",
                    quote(&c)
                ),
            ));
        } else {
            controls.push(c);
        }
    }
    Figure { charts, controls }
}

/// Escapes what would end or garble a value inside a query (`%`, `&`, `#`, `+`, spaces);
/// `=` may stay, as only a pair's first `=` separates key and value.
fn escape_in_value(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '&' => out.push_str("%26"),
            '#' => out.push_str("%23"),
            '+' => out.push_str("%2B"),
            ' ' => out.push_str("%20"),
            c => out.push(c),
        }
    }
    out
}

fn parse_number(s: &str) -> f64 {
    crate::decimal::parse_f64(s.trim()).unwrap_or(f64::NAN)
}

fn note(key: &str, message: String) -> Correction {
    Correction {
        key: quote_bare(key),
        message,
    }
}

/// A value quoted for a note: control characters removed, truncated to a few characters.
fn quote(s: &str) -> String {
    format!("“{}”", quote_bare(s))
}

fn quote_bare(s: &str) -> String {
    // Control characters, bidirectional overrides and zero-width characters could reorder or
    // hide the note's text, or make two values look the same: each is shown by its code point.
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i == MAX_QUOTE {
            out.push('…');
            break;
        }
        if is_invisible(c) {
            out.push_str(&format!("⟨U+{:04X}⟩", c as u32));
        } else {
            out.push(c);
        }
    }
    out
}

/// Characters a reader cannot see (or that reorder what they see).
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{17B4}' | '\u{17B5}'
                | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{206F}'
                | '\u{3164}' | '\u{FE00}'..='\u{FE0F}' | '\u{FEFF}' | '\u{FFA0}'
        )
}

/// Decodes `%XX` escapes and `+` (as space); invalid escapes and invalid UTF-8 are kept lossily.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = |b: u8| (b as char).to_digit(16);
                match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                    (Some(h), Some(l)) => {
                        out.push((h * 16 + l) as u8);
                        i += 2;
                    }
                    _ => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_of_a_changed_state() {
        let mut state = ShareState::default();
        state.run.set("ver", 1.0);
        state.run.set("s", 0.37);
        state.run.set("n", 100.0);
        state.run.seed = u64::MAX;
        let q = to_query(&state);
        assert_eq!(
            q,
            format!("v={VERSION}&ver=1&s=0.37&n=100&seed=18446744073709551615")
        );
        assert_eq!(parse_query(&q), (state.clone(), vec![]));
        state.run.engine = Engine::V1;
        let q = to_query(&state);
        assert_eq!(q, "v=1&ver=1&s=0.37&n=100&seed=18446744073709551615");
        assert_eq!(parse_query(&q), (state, vec![]));
    }

    /// `v=1` opens on engine v1, `v=2` on v2 and `v=3` on v3, wherever `v` stands; no `v` means
    /// the newest engine; an unknown or repeated one is noted (the first is kept), and each
    /// engine is written back as it was read.
    #[test]
    fn the_version_is_the_engine() {
        for (query, engine, notes) in [
            ("v=1", Engine::V1, 0),
            ("v=2", Engine::V2, 0),
            ("seed=4&v=1", Engine::V1, 0),
            ("seed=4", Engine::LATEST, 0),
            ("", Engine::LATEST, 0),
            ("v=3", Engine::V3, 0),
            ("v=4", Engine::LATEST, 1),
            ("v=", Engine::LATEST, 1),
            ("v=one", Engine::LATEST, 1),
            ("v=%31", Engine::V1, 0),
            ("v=1&v=2", Engine::V1, 1),
        ] {
            let (state, corrections) = parse_query(query);
            assert_eq!(state.run.engine, engine, "{query}");
            assert_eq!(corrections.len(), notes, "{query}: {corrections:?}");
            let written = to_query(&state);
            assert!(
                written.starts_with(&format!("v={}", engine.number())),
                "{query}: {written}"
            );
            assert_eq!(parse_query(&written), (state, vec![]), "{query}");
        }
        let (_, notes) = parse_query("v=7");
        assert!(notes[0].message.contains("read as v3"), "{notes:?}");
    }

    /// A pinned run keeps its own engine; without a `v` of its own it takes its link's.
    #[test]
    fn a_pinned_run_carries_its_engine() {
        for (query, main, pinned) in [
            ("v=1&pin=v=2%26seed=3", Engine::V1, Engine::V2),
            ("v=2&pin=v=1%26seed=3", Engine::V2, Engine::V1),
            ("v=3&pin=v=2%26seed=3", Engine::V3, Engine::V2),
            ("v=1&pin=seed=3", Engine::V1, Engine::V1),
            ("pin=seed=3&v=1", Engine::V1, Engine::V1),
            ("pin=seed=3", Engine::LATEST, Engine::LATEST),
        ] {
            let (state, notes) = parse_query(query);
            assert!(notes.is_empty(), "{query}: {notes:?}");
            let pin = state.pin.clone().expect("a pinned run");
            assert_eq!((state.run.engine, pin.engine), (main, pinned), "{query}");
            let written = to_query(&state);
            assert!(
                written.contains(&format!("pin=v={}", pinned.number())),
                "{written}"
            );
            assert_eq!(parse_query(&written).0, state, "{query}");
        }
    }

    #[test]
    fn hostile_values_are_corrected_with_notes() {
        let (state, notes) = parse_query("n=-5&s=NaN&k=1e999&q=%3Cscript%3E&seed=-1&v=9");
        assert_eq!(state.run.get("n"), Some(1.0));
        assert_eq!(state.run.get("s"), Some(0.4));
        assert_eq!(state.run.get("k"), Some(32.0));
        assert_eq!(state.run.get("q"), Some(0.35));
        assert_eq!(state.run.seed, DEFAULT_SEED);
        assert_eq!(notes.len(), 6, "{notes:?}");
        assert!(notes.iter().any(|n| n.message.contains("<script>")));
    }

    #[test]
    fn embed_flags_round_trip_and_unknown_controls_are_dropped() {
        let (state, notes) = parse_query("v=1&embed=1&hide=q,zz,k,q&ver=1");
        assert!(state.embed);
        assert_eq!(state.hidden, vec!["k".to_string(), "q".to_string()]);
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(to_query(&state), "v=1&ver=1&embed=1&hide=k,q");
        let (all, notes) = parse_query("embed=yes&hide=controls");
        assert!(!all.embed && all.hidden == vec![HIDE_ALL.to_string()] && notes.len() == 1);
    }

    #[test]
    fn sweep_settings_round_trip() {
        let (state, notes) = parse_query("sw=1");
        assert!(state.sweep_on && notes.is_empty());
        assert_eq!(state.run.scenario, registry::default_sweep());
        let written = to_query(&state);
        assert_eq!(
            written,
            format!("v={VERSION}&sc={}&sw=1", registry::DEFAULT_SWEEP)
        );
        let base = registry::default().key();
        let (state, notes) = parse_query(&format!("sc={base}&sw=1&sx=n&sy=q&sm=entropy_bits&sn=8"));
        assert!(notes.is_empty(), "{notes:?}");
        assert_eq!(
            (state.sweep.x_key.as_str(), state.sweep.resolution),
            ("n", 8)
        );
        assert_eq!(parse_query(&to_query(&state)).0, state);
        let (state, notes) = parse_query(&format!("sc={base}&sw=1&sx=zz&sm=<b>&sn=9999"));
        assert_eq!(notes.len(), 3, "{notes:?}");
        assert!(state
            .sweep
            .clone()
            .validated(state.run.scenario)
            .1
            .is_empty());
    }

    #[test]
    fn figures_keep_their_charts_and_controls_and_drop_what_does_not_exist() {
        let s = registry::default();
        let (main, _) = s.chart_keys()[0];
        let control = s.params()[0].key;
        let (state, notes) = parse_query(&format!("fig={main},zz,{main}&ctl={control},qq"));
        assert_eq!(notes.len(), 2, "{notes:?}");
        let figure = state.figure.clone().unwrap();
        assert_eq!(
            (figure.charts, figure.controls),
            (vec![main.to_string()], vec![control.to_string()])
        );
        let written = to_query(&state);
        assert!(
            written.ends_with(&format!("&fig={main}&ctl={control}")),
            "{written}"
        );
        assert_eq!(parse_query(&written), (state, vec![]));
        let (empty, notes) = parse_query("ctl=&fig=%3Cb%3E");
        assert_eq!(empty.figure.unwrap().charts, vec![main.to_string()]);
        assert!(
            notes.iter().any(|n| n.message.contains("main one")),
            "{notes:?}"
        );
    }

    #[test]
    fn invisible_characters_are_quoted_visibly() {
        let (_, notes) = parse_query("k=%E2%80%AEgnp.exe&n=32%E2%80%8B");
        assert!(!notes[0].message.contains('\u{202E}'), "{notes:?}");
        assert!(notes[0].message.contains("⟨U+202E⟩gnp.exe"), "{notes:?}");
        assert!(
            notes[1].message.contains("“32⟨U+200B⟩” is not a number"),
            "{notes:?}"
        );
    }

    #[test]
    fn notes_name_tabs_and_checkboxes_as_the_reader_sees_them() {
        let (_, notes) = parse_query("sc=nope");
        assert!(
            notes[0].message.contains(registry::default().info().label),
            "{notes:?}"
        );
        let toggle = registry::default()
            .params()
            .iter()
            .find(|p| p.kind == ParamKind::Toggle)
            .expect("a checkbox");
        let (_, notes) = parse_query(&format!("{}=", toggle.key));
        assert!(notes[0].message.contains("checkbox"), "{notes:?}");
        assert!(!notes[0].message.contains("not a number"), "{notes:?}");
    }

    #[test]
    fn percent_decoding_handles_edges() {
        assert_eq!(percent_decode("a%20b+c"), "a b c");
        assert_eq!(percent_decode("%"), "%");
        assert_eq!(percent_decode("%4"), "%4");
        assert_eq!(percent_decode("%zz"), "%zz");
        assert_eq!(percent_decode("%E2%9C%93"), "✓");
        assert_eq!(percent_decode("%FF"), "\u{FFFD}");
    }

    #[test]
    fn long_and_repeated_input_is_bounded() {
        let long = "x".repeat(10_000);
        let (_, notes) = parse_query(&format!("s={long}&s=0.1"));
        assert!(notes[0].message.chars().count() < 80, "{notes:?}");
        assert!(notes[1].message.contains("repeated"));
        let many: String = (0..200).map(|i| format!("&z{i}=1")).collect();
        let (_, notes) = parse_query(&many);
        assert_eq!(notes.len(), MAX_PAIRS + 1);
    }
}
