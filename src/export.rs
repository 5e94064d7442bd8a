//! Taking figures and data out: a self-contained figure (chart, title and legend) drawn on any
//! plotters backend (SVG here; an offscreen canvas for PNG in the shell), and CSV / JSON of every
//! curve with a header holding the scenario, parameters, seed and share link.
//!
//! The figure uses the same drawing code as the page's canvas, so an exported SVG shows exactly
//! the curves on screen.

use crate::charts::backend::{svg_document, Area};
use crate::charts::{self, ChartStyle, DrawResult};
use infoloop_core::link::ShareState;
use infoloop_core::scenario::chart::{ChartData, Dash};
use infoloop_core::scenario::format::shortest as fmt_number;
use infoloop_core::scenario::Run;
use infoloop_core::sweep::{SweepGrid, SweepSpec};
use plotters::element::DashedPathElement;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

/// Height in CSS pixels of the title strip and of one legend row.
const STRIP: f64 = 26.0;

/// Draws a complete figure: title, chart, and legend below it.
pub fn figure(root: &Area<'_>, data: &ChartData, style: &ChartStyle) -> DrawResult {
    root.fill(&style.background())?;
    let legend = charts::legend(data, style);
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
        data.title,
        (style.px(12.0) as i32, style.px(6.0) as i32),
        title_font,
    ))?;
    charts::draw(&chart_area, data, style)?;
    let font = ("sans-serif", 12.0 * style.dpr)
        .into_font()
        .color(&fg)
        .pos(Pos::new(HPos::Left, VPos::Center));
    let column_w = width as i32 / per_row as i32;
    for (i, item) in legend.iter().enumerate() {
        let (row, col) = (i / per_row, i % per_row);
        let x = style.px(12.0) as i32 + col as i32 * column_w;
        let y = style.px(STRIP * row as f64 + STRIP / 2.0) as i32;
        let color = item.color;
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

/// The sweep's figure: title, then the heatmap with its labelled colour bar.
pub fn heatmap_figure(root: &Area<'_>, grid: &SweepGrid, style: &ChartStyle) -> DrawResult {
    root.fill(&style.background())?;
    let (title_area, rest) = root.split_vertically(style.px(STRIP));
    let title_font = ("sans-serif", 15.0 * style.dpr)
        .into_font()
        .color(&style.foreground());
    title_area.draw(&Text::new(
        charts::heatmap::TITLE,
        (style.px(12.0) as i32, style.px(6.0) as i32),
        title_font,
    ))?;
    charts::heatmap::draw(&rest, grid, style)?;
    root.present()
}

/// The sweep's figure as an SVG document of `width` x `height` pixels.
pub fn heatmap_svg(grid: &SweepGrid, style: &ChartStyle, width: u32, height: u32) -> String {
    // Drawing into a string cannot fail for I/O reasons; an error leaves a partial figure.
    svg_document(width, height, |root| {
        let _ = heatmap_figure(root, grid, style);
    })
}

/// The figure as an SVG document of `width` x `height` pixels.
///
/// ```
/// # use infoloop::{charts::ChartStyle, export::svg};
/// let run = infoloop_core::link::parse_query("r=20&t=3").0.run.run();
/// let key = run.scenario().chart_keys()[0].0;
/// let doc = svg(&run.chart(key).unwrap(), &ChartStyle::new(1.0, false), 640, 360);
/// assert!(doc.contains("polyline"));
/// ```
pub fn svg(data: &ChartData, style: &ChartStyle, width: u32, height: u32) -> String {
    // Drawing into a string cannot fail for I/O reasons; an error leaves a partial figure.
    svg_document(width, height, |root| {
        let _ = figure(root, data, style);
    })
}

/// Header lines (`# key: value`) describing the run: tool, scenario, seed, link, parameters.
fn header(share: &ShareState, link: &str) -> Vec<(String, String)> {
    let mut out = vec![
        (
            "exported by".to_string(),
            "infoloop, an explorer for Li, Sun & Deng (2026)".to_string(),
        ),
        ("scenario".to_string(), share.run.scenario.key().to_string()),
        ("seed".to_string(), share.run.seed.to_string()),
        ("link".to_string(), link.to_string()),
    ];
    for spec in share.run.specs() {
        let value = share.run.get(spec.key).unwrap_or(spec.default);
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
/// # use infoloop::export::csv;
/// let (share, _) = infoloop_core::link::parse_query("r=20&t=3");
/// let text = csv(&share.run.run(), &share, "https://example.org/?v=1&r=20&t=3");
/// assert!(text.lines().any(|l| l.starts_with("generation,")));
/// assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 1 + 4);
/// ```
pub fn csv(run: &Run, share: &ShareState, link: &str) -> String {
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

/// A sweep as CSV: `#` header lines (scenario, seed, link, every parameter, the two axes and
/// the metric), then one row per cell: the x parameter's value, the y parameter's value, and the
/// metric's final value (empty while not computed), columns named after them.
///
/// ```
/// # use infoloop::export::sweep_csv;
/// let (share, _) = infoloop_core::link::parse_query("sw=1&sn=2&t=3");
/// let grid = infoloop_core::sweep::SweepJob::run(&share.run, &share.sweep);
/// let text = sweep_csv(&grid, &share, "link");
/// assert_eq!(text.lines().filter(|l| !l.starts_with('#')).count(), 1 + 4);
/// ```
pub fn sweep_csv(grid: &SweepGrid, share: &ShareState, link: &str) -> String {
    let mut out = String::new();
    for (k, v) in header(share, link) {
        out.push_str(&format!("# {k}: {v}\n"));
    }
    let label = |key: &str| {
        grid.base
            .spec(key)
            .map_or(key.to_string(), |s| s.label.to_string())
    };
    let metric = SweepSpec::metrics(grid.base.scenario)
        .into_iter()
        .find(|m| m.key == grid.spec.metric);
    let metric_label = metric
        .as_ref()
        .map_or(grid.spec.metric.as_str(), |m| m.label.as_str());
    out.push_str(&format!(
        "# sweep: x = {} ({}), y = {} ({}), colour = final value of {} ({}), {} x {} cells\n",
        grid.spec.x_key,
        label(&grid.spec.x_key),
        grid.spec.y_key,
        label(&grid.spec.y_key),
        grid.spec.metric,
        metric_label,
        grid.xs.len(),
        grid.ys.len()
    ));
    out.push_str(&format!(
        "{},{},final_{}\n",
        grid.spec.x_key, grid.spec.y_key, grid.spec.metric
    ));
    for (row, &y) in grid.ys.iter().enumerate() {
        for (col, &x) in grid.xs.iter().enumerate() {
            let v = grid.at(col, row);
            let cell = if v.is_finite() {
                fmt_number(v)
            } else {
                String::new()
            };
            out.push_str(&format!("{},{},{cell}\n", fmt_number(x), fmt_number(y)));
        }
    }
    out
}

/// Every curve as JSON: `{"meta": {...}, "params": {...}, "curves": {"name": [...]}}`;
/// non-finite values become `null`. Written by hand (numbers in their shortest round-trip form)
/// to keep a JSON library out of the page's bundle.
pub fn json(run: &Run, share: &ShareState, link: &str) -> String {
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
        ("scenario", share.run.scenario.key().to_string()),
        ("seed", share.run.seed.to_string()),
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
    for (i, spec) in share.run.specs().iter().enumerate() {
        let sep = if i == 0 { "" } else { "," };
        let value = share.run.get(spec.key).unwrap_or(spec.default);
        out.push_str(&format!(
            "{sep}\n    {}: {}",
            json_string(spec.key),
            number(value)
        ));
    }
    // The generation of each entry (0, 1, 2, ... unless a very long run kept every k-th).
    let points = run.len();
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
pub fn json_string(s: &str) -> String {
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
    use infoloop_core::link::parse_query;

    #[test]
    fn csv_holds_the_same_numbers_as_the_run() {
        let (share, _) = parse_query("r=30&t=4&ver=1");
        let run = share.run.run();
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
        let run = share.run.run();
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

    #[test]
    fn the_sweep_csv_rebuilds_every_cell() {
        let (share, _) = parse_query("sw=1&sn=3&t=5&seed=4");
        let grid = infoloop_core::sweep::SweepJob::run(&share.run, &share.sweep);
        let text = sweep_csv(&grid, &share, "l");
        let mut rows = text.lines().filter(|l| !l.starts_with('#'));
        let head = rows.next().unwrap();
        assert_eq!(
            head,
            format!(
                "{},{},final_{}",
                grid.spec.x_key, grid.spec.y_key, grid.spec.metric
            )
        );
        let cells: Vec<(f64, f64, f64)> = rows
            .map(|r| {
                let v: Vec<f64> = r.split(',').map(|c| c.parse().unwrap()).collect();
                (v[0], v[1], v[2])
            })
            .collect();
        assert_eq!(cells.len(), 9);
        for (row, &y) in grid.ys.iter().enumerate() {
            for (col, &x) in grid.xs.iter().enumerate() {
                assert_eq!(cells[row * 3 + col], (x, y, grid.at(col, row)));
            }
        }
        assert!(text.contains("# seed: 4") && text.contains("# sweep: x = "));
    }

    #[test]
    fn json_strings_escape_what_they_must() {
        let s = json_string("a\"b\\c\nd\u{1}é");
        let back: String = serde_json::from_str(&s).unwrap();
        assert_eq!(back, "a\"b\\c\nd\u{1}é");
    }
}
