//! The chart component: a `<canvas>` sized for devicePixelRatio (crisp text at DPR 2), redrawn
//! when its run, theme, size, transport cursor or pinned run changes, with an HTML legend, a
//! hover crosshair reading every series at a generation, a caption carrying the run's numbers,
//! an accessible label and a visually hidden data table.

use super::{num, ChartKind, ChartStyle, Ghost, PLOT_INSET};
use crate::scenario::AnyRun;
use crate::state::Pinned;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Most rows of a chart's hidden data table (longer runs show every k-th generation).
const TABLE_ROWS: usize = 100;

/// Properties of [`ChartView`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// Which chart.
    pub kind: ChartKind,
    /// The run to draw.
    pub run: AnyRun,
    /// Dark theme.
    pub dark: bool,
    /// Changes when the layout may have resized the canvas.
    pub layout_tick: u32,
    /// File name stem for exports, e.g. `infoloop-loop-seed1`.
    pub file_stem: String,
    /// The transport's cursor: draw up to this generation (`None`: the whole run).
    #[prop_or_default]
    pub upto: Option<usize>,
    /// A run pinned for comparison, drawn as a ghost.
    #[prop_or_default]
    pub pinned: Option<Pinned>,
}

/// One chart: heading, canvas, legend, caption.
#[function_component(ChartView)]
pub fn chart_view(props: &ChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let draws = use_mut_ref(|| 0u32);
    // Where the heatmap's cells are (device pixels, device pixel ratio), for the hover readout.
    let cell_area = use_mut_ref(|| None::<(super::heatmap::PlotRect, f64)>);
    let hover = use_state(|| None::<String>);
    // The generation under the pointer and where it is (CSS px from the canvas's left edge).
    let crosshair = use_state(|| None::<(usize, f64)>);
    let kind = props.kind;
    let ghost = props
        .pinned
        .as_ref()
        .and_then(|p| Ghost::of(kind, &p.label, &p.run));
    let style_at = {
        let (upto, ghost, dark) = (props.upto, ghost.clone(), props.dark);
        move |dpr: f64| ChartStyle {
            upto,
            ghost: ghost.clone(),
            ..ChartStyle::new(dpr, dark)
        }
    };
    {
        let canvas_ref = canvas_ref.clone();
        let draws = draws.clone();
        let cell_area = cell_area.clone();
        let style_at = style_at.clone();
        use_effect_with(
            (
                props.run.clone(),
                props.dark,
                props.layout_tick,
                props.upto,
                ghost.clone(),
            ),
            move |(run, _, _, _, _)| {
                if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                    let style = style_at(device_pixel_ratio());
                    let drawn = if let (ChartKind::SweepHeatmap, AnyRun::Sweep(grid)) = (kind, run)
                    {
                        draw_heatmap(&canvas, grid, &style)
                            .map(|rect| *cell_area.borrow_mut() = Some((rect, style.dpr)))
                            .is_some()
                    } else {
                        draw(&canvas, kind, run, &style)
                    };
                    if drawn {
                        *draws.borrow_mut() += 1;
                        let _ = canvas.set_attribute("data-draws", &draws.borrow().to_string());
                    }
                }
            },
        );
    }
    let run = &props.run;
    let style = style_at(1.0);
    let last_step = run.last_step();
    let on_pointer = {
        let (run, hover, cell_area, crosshair) = (
            props.run.clone(),
            hover.clone(),
            cell_area.clone(),
            crosshair.clone(),
        );
        Callback::from(move |e: PointerEvent| {
            if let (AnyRun::Sweep(grid), Some((rect, dpr))) = (&run, cell_area.borrow().clone()) {
                let (x, y) = (
                    (e.offset_x() as f64 * dpr) as i32,
                    (e.offset_y() as f64 * dpr) as i32,
                );
                hover.set(super::heatmap::describe(grid, &rect, x, y));
                return;
            }
            let (Some(last), Some(canvas)) =
                (run.last_step(), e.target_dyn_into::<HtmlCanvasElement>())
            else {
                return;
            };
            crosshair.set(generation_at(
                e.offset_x() as f64,
                canvas.client_width() as f64,
                last,
            ));
        })
    };
    let on_leave = {
        let (hover, crosshair) = (hover.clone(), crosshair.clone());
        Callback::from(move |_: PointerEvent| {
            hover.set(None);
            crosshair.set(None);
        })
    };
    let series = kind.series_of(run);
    let mut caption = kind.caption(run);
    if let (Some(ghost), Some(pinned)) = (&ghost, &props.pinned) {
        if let Some(&(label, unit, _)) = series.first() {
            let last = ghost.values.last().copied().unwrap_or(f64::NAN);
            caption.push_str(&format!(
                " Pinned for comparison ({}): {label} ends at {}{}.",
                pinned.label,
                num(last),
                unit_suffix(unit)
            ));
        }
    }
    let legend = kind.legend(run, &style);
    let export_png = {
        let (run, style_at) = (props.run.clone(), style_at.clone());
        let name = format!("{}-{}.png", props.file_stem, kind.key());
        let canvas_ref = canvas_ref.clone();
        Callback::from(move |_| {
            let css_w = canvas_ref
                .cast::<HtmlCanvasElement>()
                .map_or(900, |c| c.client_width().max(320) as u32);
            let style = style_at(device_pixel_ratio());
            crate::app::download::png(&name, kind, &run, &style, css_w, 400);
        })
    };
    let export_svg = {
        let (run, style_at) = (props.run.clone(), style_at.clone());
        let name = format!("{}-{}.svg", props.file_stem, kind.key());
        Callback::from(move |_| {
            let doc = crate::export::svg(kind, &run, &style_at(1.0), 900, 460);
            crate::app::download::text(&name, "image/svg+xml", &doc);
        })
    };
    let readout = match (*crosshair, kind) {
        (_, ChartKind::SweepHeatmap) => Some(
            (*hover)
                .clone()
                .unwrap_or_else(|| "Point at a cell to read its value.".into()),
        ),
        (Some((g, _)), _) => Some(values_at(kind, &series, &ghost, g, run.x_of(g))),
        (None, _) => None,
    };
    html! {
        <figure class="chart" aria-labelledby={format!("chart-{}-title", kind.key())}>
            <div class="chart-head">
                <h2 id={format!("chart-{}-title", kind.key())}>{ kind.title() }</h2>
                <div class="chart-tools">
                    <button type="button" class="tool" data-export="png" onclick={export_png}
                        aria-label={format!("Download {} as PNG", kind.title())}>{ "PNG" }</button>
                    <button type="button" class="tool" data-export="svg" onclick={export_svg}
                        aria-label={format!("Download {} as SVG", kind.title())}>{ "SVG" }</button>
                </div>
            </div>
            <div class="plot">
                <canvas ref={canvas_ref} data-chart={kind.key()} data-draws="0"
                    class={classes!((kind == ChartKind::SweepHeatmap).then_some("heatmap"))}
                    onpointermove={on_pointer} onpointerleave={on_leave}
                    role="img" aria-label={format!("{}. {}", kind.title(), caption)} />
                if let Some((_, x)) = *crosshair {
                    <div class="crosshair" aria-hidden="true"
                        style={format!("left:{x:.1}px;top:{}px;bottom:{}px", PLOT_INSET.top, PLOT_INSET.bottom)} />
                }
            </div>
            if let Some(text) = readout {
                <p class="hover-readout" aria-hidden={(kind != ChartKind::SweepHeatmap).to_string()}>{ text }</p>
            } else if last_step.is_some() {
                <p class="hover-readout hint" aria-hidden="true">
                    { format!("Point at (or touch) the chart to read every curve at a {}.", kind.x_name()) }
                </p>
            }
            <ul class="legend" aria-hidden="true">
                { for legend.iter().map(|item| html! {
                    <li>
                        <span class={classes!("swatch", item.dash.class(), item.band.then_some("band"))}
                            style={format!("--c:{}", item.color)} />
                        { &item.label }
                    </li>
                }) }
            </ul>
            <figcaption>{ caption }</figcaption>
            { data_table(kind, run, &series, &ghost, last_step) }
        </figure>
    }
}

/// The generation under the pointer at `x` CSS px on a canvas `width` wide, and the x of that
/// generation's grid position; `None` outside the plotting area.
fn generation_at(x: f64, width: f64, last: usize) -> Option<(usize, f64)> {
    let plot_w = width - PLOT_INSET.left - PLOT_INSET.right;
    if plot_w <= 1.0 || x < PLOT_INSET.left - 4.0 || x > width - PLOT_INSET.right + 4.0 {
        return None;
    }
    let n = last.max(1) as f64;
    let g = (((x - PLOT_INSET.left) / plot_w) * n)
        .round()
        .clamp(0.0, last as f64);
    Some((g as usize, PLOT_INSET.left + g / n * plot_w))
}

fn unit_suffix(unit: &str) -> String {
    if unit.is_empty() {
        String::new()
    } else {
        format!(" {unit}")
    }
}

/// "generation 12 · I(X; argmax pₜ) 0.83 bits · …" for the hover readout.
fn values_at(
    kind: ChartKind,
    series: &[(&str, &str, &[f64])],
    ghost: &Option<Ghost>,
    g: usize,
    generation: usize,
) -> String {
    let at = |v: &[f64]| v.get(g).copied().unwrap_or(f64::NAN);
    let mut parts = vec![format!("{} {generation}", kind.x_name())];
    parts.extend(
        series
            .iter()
            .map(|(label, unit, v)| format!("{label} {}{}", num(at(v)), unit_suffix(unit))),
    );
    if let (Some(ghost), Some((_, unit, _))) = (ghost, series.first()) {
        let pinned = ghost.at(generation).unwrap_or(f64::NAN);
        parts.push(format!("pinned {}{}", num(pinned), unit_suffix(unit)));
    }
    parts.join(" · ")
}

/// The chart's numbers as a table for screen readers (visually hidden).
fn data_table(
    kind: ChartKind,
    run: &AnyRun,
    series: &[(&str, &str, &[f64])],
    ghost: &Option<Ghost>,
    last_step: Option<usize>,
) -> Html {
    let Some(last) = last_step.filter(|_| !series.is_empty()) else {
        return html! {};
    };
    let every = (last + 1).div_ceil(TABLE_ROWS).max(1);
    let rows = (0..=last).filter(|g| g % every == 0 || *g == last);
    let at = |v: &[f64], g: usize| num(v.get(g).copied().unwrap_or(f64::NAN));
    html! {
        <div class="visually-hidden"><table>
            <caption>{ format!("{}: data{}", kind.title(),
                if every > 1 { format!(", one row every {} {}s", run.x_of(every), kind.x_name()) } else { String::new() }) }</caption>
            <thead><tr>
                <th scope="col">{ kind.x_name() }</th>
                { for series.iter().map(|(label, unit, _)| html! {
                    <th scope="col">{ format!("{label}{}", if unit.is_empty() { String::new() } else { format!(" ({unit})") }) }</th>
                }) }
                if let Some(ghost) = ghost { <th scope="col">{ format!("pinned: {}", ghost.label) }</th> }
            </tr></thead>
            <tbody>
                { for rows.map(|g| html! {
                    <tr>
                        <th scope="row">{ run.x_of(g) }</th>
                        { for series.iter().map(|(_, _, v)| html! { <td>{ at(v, g) }</td> }) }
                        if let Some(ghost) = ghost {
                            <td>{ num(ghost.at(run.x_of(g)).unwrap_or(f64::NAN)) }</td>
                        }
                    </tr>
                }) }
            </tbody>
        </table></div>
    }
}

/// Draws the sweep heatmap and returns where its cells are.
fn draw_heatmap(
    canvas: &HtmlCanvasElement,
    grid: &crate::sweep::SweepGrid,
    style: &ChartStyle,
) -> Option<super::heatmap::PlotRect> {
    if !size_for_dpr(canvas, style) {
        return None;
    }
    let backend = CanvasBackend::with_canvas_object(canvas.clone())?;
    let root = backend.into_drawing_area();
    let rect = super::heatmap::draw(&root, grid, style).ok()?;
    root.present().ok()?;
    Some(rect)
}

fn device_pixel_ratio() -> f64 {
    let dpr = web_sys::window()
        .map(|w| w.device_pixel_ratio())
        .unwrap_or(1.0);
    if dpr.is_finite() && dpr > 0.0 {
        dpr.clamp(1.0, 4.0)
    } else {
        1.0
    }
}

/// Sizes the canvas backing store to its CSS box times the DPR and draws. Returns false if the
/// canvas has no size yet (hidden) or drawing failed.
fn draw(canvas: &HtmlCanvasElement, kind: ChartKind, run: &AnyRun, style: &ChartStyle) -> bool {
    if !size_for_dpr(canvas, style) {
        return false;
    }
    let Some(backend) = CanvasBackend::with_canvas_object(canvas.clone()) else {
        return false;
    };
    let root = backend.into_drawing_area();
    kind.draw(&root, run, style).is_ok() && root.present().is_ok()
}

/// Sizes the canvas backing store to its CSS box times the DPR; false if it has no size (hidden).
fn size_for_dpr(canvas: &HtmlCanvasElement, style: &ChartStyle) -> bool {
    let (css_w, css_h) = (canvas.client_width(), canvas.client_height());
    if css_w <= 0 || css_h <= 0 {
        return false;
    }
    let (w, h) = (
        (css_w as f64 * style.dpr).round() as u32,
        (css_h as f64 * style.dpr).round() as u32,
    );
    if canvas.width() != w {
        canvas.set_width(w);
    }
    if canvas.height() != h {
        canvas.set_height(h);
    }
    true
}
