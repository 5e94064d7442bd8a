//! Taking figures and data out: a self-contained figure (chart, title and legend) drawn on any
//! plotters backend (SVG here; an offscreen canvas for PNG in the shell), and CSV / JSON of every
//! curve with a header holding the scenario, parameters, seed and share link.
//!
//! The figure uses the same drawing code as the page's canvas, so an exported SVG shows exactly
//! the curves on screen.

use crate::charts::{ChartKind, ChartStyle, Dash, DrawResult};
use crate::scenario::AnyRun;
use crate::share::{fmt_number, ShareState};
use plotters::coord::Shift;
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Height in CSS pixels of the title strip and of one legend row.
const STRIP: f64 = 26.0;

/// Draws a complete figure: title, chart, and legend below it.
pub fn figure<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    kind: ChartKind,
    run: &AnyRun,
    style: &ChartStyle,
) -> DrawResult<DB> {
    root.fill(&style.background())?;
    let legend = kind.legend(run, style);
    let (width, height) = root.dim_in_pixel();
    let per_row = ((width as f64 / style.dpr) / 230.0).floor().max(1.0) as usize;
    let rows = legend.len().div_ceil(per_row).max(1);
    let title_h = style.px(STRIP);
    let legend_h = style.px(STRIP * rows as f64 + 6.0);
    let chart_h = height.saturating_sub(title_h + legend_h).max(1);
    let (title_area, rest) = root.split_vertically(title_h);
    let (chart_area, legend_area) = rest.split_vertically(chart_h);
    let fg = style.foreground();
    let title_font = ("sans-serif", 15.0 * style.dpr).into_font().color(&fg);
    title_area.draw(&Text::new(
        kind.title(),
        (style.px(12.0) as i32, style.px(6.0) as i32),
        title_font,
    ))?;
    kind.draw(&chart_area, run, style)?;
    let font = ("sans-serif", 12.0 * style.dpr)
        .into_font()
        .color(&fg)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let column_w = width as i32 / per_row as i32;
    for (i, item) in legend.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        let x = style.px(12.0) as i32 + col as i32 * column_w;
        let y = style.px(STRIP * row as f64 + STRIP / 2.0) as i32;
        let color = parse_css_rgb(&item.color).unwrap_or(fg);
        let x1 = x + style.px(26.0) as i32;
        if item.band {
            let h = style.px(6.0) as i32;
            legend_area.draw(&Rectangle::new(
                [(x, y - h), (x1, y + h)],
                color.mix(0.2).filled(),
            ))?;
        }
        let stroke = color.stroke_width(style.px(2.0));
        let pts = vec![(x, y), (x1, y)];
        match item.dash {
            Dash::Solid => legend_area.draw(&PathElement::new(pts, stroke))?,
            Dash::Dashed => legend_area.draw(&DashedPathElement::new(
                pts,
                style.px(7.0),
                style.px(4.0),
                stroke,
            ))?,
            Dash::Dotted => legend_area.draw(&DashedPathElement::new(
                pts,
                style.px(2.0),
                style.px(3.0),
                stroke,
            ))?,
        }
        legend_area.draw(&Text::new(
            item.label.clone(),
            (x1 + style.px(8.0) as i32, y),
            font.clone(),
        ))?;
    }
    root.present()
}

/// The figure as an SVG document of `width` x `height` pixels.
///
/// ```
/// # use infoloop::{charts::{ChartKind, ChartStyle}, export::svg, scenario::AnySim, share::parse_query};
/// let run = AnySim::run(&parse_query("r=20&t=3").0);
/// let doc = svg(ChartKind::Info, &run, &ChartStyle::new(1.0, false), 640, 360);
/// assert!(doc.starts_with("<svg") && doc.contains("polyline"));
/// ```
pub fn svg(kind: ChartKind, run: &AnyRun, style: &ChartStyle, width: u32, height: u32) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (width, height)).into_drawing_area();
        // Drawing into a string cannot fail for I/O reasons; an error leaves a partial figure.
        let _ = figure(&root, kind, run, style);
    }
    out
}

/// `rgb(r,g,b)` back to a colour (legend items carry CSS colours).
fn parse_css_rgb(css: &str) -> Option<RGBColor> {
    let inner = css.strip_prefix("rgb(")?.strip_suffix(')')?;
    let mut it = inner.split(',').map(|p| p.trim().parse::<u8>());
    Some(RGBColor(
        it.next()?.ok()?,
        it.next()?.ok()?,
        it.next()?.ok()?,
    ))
}

/// Header lines (`# key: value`) describing the run: tool, scenario, seed, link, parameters.
fn header(share: &ShareState, link: &str) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "exported by".to_string(),
            "infoloop, an explorer for Li, Sun & Deng (2026)".to_string(),
        ),
        ("scenario".to_string(), share.scenario.key().to_string()),
        ("seed".to_string(), share.seed.to_string()),
        ("link".to_string(), link.to_string()),
    ];
    for spec in share.specs() {
        let value = share.get(spec.key).unwrap_or(spec.default);
        out.push((
            format!("param {} ({})", spec.key, spec.label),
            fmt_number(value),
        ));
    }
    out
}

/// Every curve as CSV: `#` header lines, then a row per generation with one column per curve.
/// Numbers are written in their shortest round-trip form; non-finite values as empty cells.
///
/// ```
/// # use infoloop::{export::csv, scenario::AnySim, share::parse_query};
/// let (share, _) = parse_query("r=20&t=3");
/// let text = csv(&AnySim::run(&share), &share, "https://example.org/?v=1&r=20&t=3");
/// assert!(text.lines().any(|l| l.starts_with("generation,")));
/// assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 1 + 4);
/// ```
pub fn csv(run: &AnyRun, share: &ShareState, link: &str) -> String {
    let mut out = String::new();
    for (k, v) in header(share, link) {
        out.push_str(&format!("# {k}: {v}\n"));
    }
    let curves = run.curves();
    out.push_str("generation");
    for (name, _) in &curves {
        out.push(',');
        out.push_str(name);
    }
    out.push('\n');
    let rows = curves.iter().map(|(_, v)| v.len()).max().unwrap_or(0);
    for t in 0..rows {
        out.push_str(&run.x_of(t).to_string());
        for (_, values) in &curves {
            out.push(',');
            if let Some(v) = values.get(t).filter(|v| v.is_finite()) {
                out.push_str(&fmt_number(*v));
            }
        }
        out.push('\n');
    }
    out
}

/// Every curve as JSON: `{"meta": {...}, "params": {...}, "curves": {"name": [...]}}`;
/// non-finite values become `null`. Written by hand (numbers in their shortest round-trip form)
/// to keep a JSON library out of the page's bundle.
pub fn json(run: &AnyRun, share: &ShareState, link: &str) -> String {
    let number = |v: f64| {
        if v.is_finite() {
            fmt_number(v)
        } else {
            "null".to_string()
        }
    };
    let mut out = String::from("{\n  \"meta\": {");
    let meta = [
        ("exported_by", "infoloop".to_string()),
        ("scenario", share.scenario.key().to_string()),
        ("seed", share.seed.to_string()),
        ("link", link.to_string()),
        ("fingerprint", run.fingerprint()),
    ];
    for (i, (key, value)) in meta.iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        out.push_str(&format!(
            "{sep}\n    {}: {}",
            json_string(key),
            json_string(value)
        ));
    }
    out.push_str("\n  },\n  \"params\": {");
    for (i, spec) in share.specs().iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let value = share.get(spec.key).unwrap_or(spec.default);
        out.push_str(&format!(
            "{sep}\n    {}: {}",
            json_string(spec.key),
            number(value)
        ));
    }
    // The generation of each entry (0, 1, 2, ... unless a very long run kept every k-th).
    let points = run.curves().first().map_or(0, |(_, v)| v.len());
    let generations: Vec<String> = (0..points).map(|i| run.x_of(i).to_string()).collect();
    out.push_str(&format!(
        "\n  }},\n  \"generations\": [{}],\n  \"curves\": {{",
        generations.join(", ")
    ));
    for (i, (name, values)) in run.curves().into_iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let list: Vec<String> = values.iter().map(|&v| number(v)).collect();
        out.push_str(&format!(
            "{sep}\n    {}: [{}]",
            json_string(&name),
            list.join(", ")
        ));
    }
    out.push_str("\n  }\n}\n");
    out
}

/// A JSON string literal: quotes, backslashes and control characters escaped.
fn json_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::AnySim;
    use crate::share::parse_query;

    #[test]
    fn csv_holds_the_same_numbers_as_the_run() {
        let (share, _) = parse_query("r=30&t=4&ver=1");
        let run = AnySim::run(&share);
        let text = csv(&run, &share, "link");
        let mut lines = text.lines().filter(|l| !l.starts_with('#'));
        let names: Vec<&str> = lines.next().unwrap().split(',').skip(1).collect();
        let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
        for (j, (name, values)) in run.curves().iter().enumerate() {
            assert_eq!(names[j], name);
            for (t, v) in values.iter().enumerate() {
                assert_eq!(rows[t][j + 1].parse::<f64>().unwrap(), *v, "{name}[{t}]");
            }
        }
        assert!(text.contains("# seed: 1") && text.contains("# param ver (verifier): 1"));
    }

    #[test]
    fn json_parses_and_round_trips_numbers() {
        let (share, _) = parse_query("r=30&t=4");
        let run = AnySim::run(&share);
        let doc: serde_json::Value = serde_json::from_str(&json(&run, &share, "l")).unwrap();
        let curves = doc["curves"].as_object().unwrap();
        for (name, values) in run.curves() {
            let got: Vec<f64> = curves[&name]
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_f64().unwrap())
                .collect();
            assert_eq!(got, values, "{name}");
        }
        assert_eq!(doc["meta"]["fingerprint"], run.fingerprint());
    }

    /// Every chart of every scenario (and the sweep) draws its curves: a chart kind missing
    /// from a dispatch `match` would draw an empty frame silently.
    #[test]
    fn every_chart_of_every_scenario_draws_curves() {
        let style = ChartStyle::new(1.0, false);
        let mut links: Vec<String> = crate::scenario::ScenarioId::ALL
            .iter()
            .map(|id| format!("sc={}&r=20&t=12", id.key()))
            .collect();
        links.push("sc=transfer&sw=1&sn=3&r=5&t=10".into());
        for link in links {
            // Small runs: values below a minimum are clamped up to it, which is fine here.
            let (share, _) = parse_query(&link);
            let run = AnySim::run(&share);
            for &kind in ChartKind::for_state(&share) {
                let doc = svg(kind, &run, &style, 800, 420);
                let marks = doc.matches("<polyline").count() + doc.matches("<rect").count();
                let legend = kind.legend(&run, &style).len();
                assert!(
                    marks > 2 * legend + 4,
                    "{link} {}: only {marks} marks",
                    kind.key()
                );
            }
        }
    }

    /// Every chart names series its run really has (hover readout, data table, ghost).
    #[test]
    fn every_chart_series_is_a_curve_of_its_run() {
        for id in crate::scenario::ScenarioId::ALL {
            let (share, _) = parse_query(&format!("sc={}&r=20&t=12", id.key()));
            let run = AnySim::run(&share);
            for &kind in ChartKind::for_scenario(id) {
                let found = kind.series_of(&run);
                assert_eq!(found.len(), kind.series().len(), "{}", kind.key());
                assert!(!found.is_empty(), "{}: no series", kind.key());
            }
        }
    }

    /// The transport's cursor cuts every curve at its generation; the ghost and the reference
    /// lines stay whole; the ghost appears in the legend.
    #[test]
    fn the_cursor_cuts_curves_and_the_ghost_is_drawn_whole() {
        use crate::charts::Ghost;
        let (share, _) = parse_query("r=30&t=20");
        let run = AnySim::run(&share);
        let (open, _) = parse_query("r=30&t=20&ver=1");
        let open = AnySim::run(&open);
        let count_points = |doc: &str| -> usize {
            doc.split("<polyline")
                .skip(1)
                .map(|p| {
                    p.split("points=\"")
                        .nth(1)
                        .unwrap_or("")
                        .split('"')
                        .next()
                        .unwrap_or("")
                        .split_whitespace()
                        .count()
                })
                .sum()
        };
        let whole = svg(
            ChartKind::Accuracy,
            &run,
            &ChartStyle::new(1.0, false),
            800,
            420,
        );
        let cut = ChartStyle {
            upto: Some(5),
            ..ChartStyle::new(1.0, false)
        };
        let cut_doc = svg(ChartKind::Accuracy, &run, &cut, 800, 420);
        assert!(
            count_points(&cut_doc) < count_points(&whole),
            "the cursor cuts the curves"
        );
        let ghost = ChartStyle {
            ghost: Ghost::of(ChartKind::Accuracy, "open", &open),
            ..ChartStyle::new(1.0, false)
        };
        let ghost_doc = svg(ChartKind::Accuracy, &run, &ghost, 800, 420);
        assert!(ghost_doc.contains("pinned: open"));
        let curves = open.curves();
        let (_, open_accuracy) = curves.iter().find(|(n, _)| n == "mean_accuracy").unwrap();
        assert_eq!(&ghost.ghost.as_ref().unwrap().values[..], *open_accuracy);
        assert!(
            count_points(&ghost_doc) >= count_points(&whole) + 21,
            "ghost drawn in full"
        );
        // A ghost outside the chart's range is not drawn (plotters would pin it to the border).
        let above = ChartStyle {
            ghost: Some(Ghost {
                label: "above".into(),
                values: vec![5.0; 21].into(),
                x_values: None,
            }),
            ..ChartStyle::new(1.0, false)
        };
        let above_doc = svg(ChartKind::Accuracy, &run, &above, 800, 420);
        let empty = ChartStyle {
            ghost: Some(Ghost {
                values: Vec::new().into(),
                ..above.ghost.clone().unwrap()
            }),
            ..ChartStyle::new(1.0, false)
        };
        let empty_doc = svg(ChartKind::Accuracy, &run, &empty, 800, 420);
        // The same marks as a ghost with no points at all (its legend entry only).
        assert_eq!(
            count_points(&above_doc),
            count_points(&empty_doc),
            "ghost above the range"
        );
        // Looked up by generation: a ghost recorded every 50th generation has no generation 7.
        let sparse = Ghost {
            label: "sparse".into(),
            values: vec![0.1, 0.2].into(),
            x_values: Some(vec![0.0, 50.0].into()),
        };
        assert_eq!((sparse.at(50), sparse.at(7)), (Some(0.2), None));
    }

    #[test]
    fn svg_has_title_legend_and_curves() {
        let (share, _) = parse_query("r=30&t=4&ver=1");
        let run = AnySim::run(&share);
        for &kind in ChartKind::for_scenario(share.scenario) {
            let doc = svg(kind, &run, &ChartStyle::new(1.0, false), 800, 420);
            assert!(doc.contains(kind.title()), "{}", kind.key());
            // Well-formed: one root element, closed once, at the very end.
            assert_eq!(
                doc.matches("</svg>").count(),
                1,
                "{}: one closing tag",
                kind.key()
            );
            assert!(doc.trim_end().ends_with("</svg>"), "{}", kind.key());
            assert!(doc.matches("<polyline").count() >= 2, "{}", kind.key());
            for item in kind.legend(&run, &ChartStyle::new(1.0, false)) {
                let escaped = item.label.replace('&', "&amp;").replace('<', "&lt;");
                assert!(
                    doc.contains(&escaped),
                    "{} legend {}",
                    kind.key(),
                    item.label
                );
            }
        }
    }

    #[test]
    fn json_strings_escape_what_they_must() {
        let s = json_string("a\"b\\c\nd\u{1}é");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}é");
    }

    #[test]
    fn css_colours_parse() {
        assert_eq!(parse_css_rgb("rgb(1,2,3)"), Some(RGBColor(1, 2, 3)));
        assert_eq!(parse_css_rgb("red"), None);
    }
}
