//! The chart component: a `<canvas>` sized for devicePixelRatio (crisp text at DPR 2), redrawn
//! when its run, theme or size changes, with an HTML legend, a caption carrying the run's
//! numbers, and an accessible label.

use super::{ChartKind, ChartStyle};
use crate::scenario::AnyRun;
use plotters::prelude::*;
use plotters_canvas::CanvasBackend;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

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
}

/// One chart: heading, canvas, legend, caption.
#[function_component(ChartView)]
pub fn chart_view(props: &ChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let draws = use_mut_ref(|| 0u32);
    // Where the heatmap's cells are (device pixels, device pixel ratio), for the hover readout.
    let cell_area = use_mut_ref(|| None::<(super::heatmap::PlotRect, f64)>);
    let hover = use_state(|| None::<String>);
    {
        let canvas_ref = canvas_ref.clone();
        let draws = draws.clone();
        let cell_area = cell_area.clone();
        let kind = props.kind;
        use_effect_with(
            (props.run.clone(), props.dark, props.layout_tick),
            move |(run, dark, _)| {
                if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                    let style = ChartStyle {
                        dpr: device_pixel_ratio(),
                        dark: *dark,
                    };
                    if let (ChartKind::SweepHeatmap, AnyRun::Sweep(grid)) = (kind, run) {
                        if let Some(rect) = draw_heatmap(&canvas, grid, &style) {
                            *cell_area.borrow_mut() = Some((rect, style.dpr));
                            *draws.borrow_mut() += 1;
                            let _ = canvas.set_attribute("data-draws", &draws.borrow().to_string());
                        }
                    } else if draw(&canvas, kind, run, &style) {
                        *draws.borrow_mut() += 1;
                        let _ = canvas.set_attribute("data-draws", &draws.borrow().to_string());
                    }
                }
            },
        );
    }
    let run = &props.run;
    let style = ChartStyle {
        dpr: 1.0,
        dark: props.dark,
    };
    let on_pointer = {
        let (run, hover, cell_area) = (props.run.clone(), hover.clone(), cell_area.clone());
        Callback::from(move |e: MouseEvent| {
            let (AnyRun::Sweep(grid), Some((rect, dpr))) = (&run, cell_area.borrow().clone())
            else {
                return;
            };
            let (x, y) = (
                (e.offset_x() as f64 * dpr) as i32,
                (e.offset_y() as f64 * dpr) as i32,
            );
            hover.set(super::heatmap::describe(grid, &rect, x, y));
        })
    };
    let on_leave = {
        let hover = hover.clone();
        Callback::from(move |_: MouseEvent| hover.set(None))
    };
    let caption = props.kind.caption(run);
    let legend = props.kind.legend(run, &style);
    let export_png = {
        let (run, kind, dark) = (props.run.clone(), props.kind, props.dark);
        let name = format!("{}-{}.png", props.file_stem, kind.key());
        let canvas_ref = canvas_ref.clone();
        Callback::from(move |_| {
            let css_w = canvas_ref
                .cast::<HtmlCanvasElement>()
                .map_or(900, |c| c.client_width().max(320) as u32);
            let style = ChartStyle {
                dpr: device_pixel_ratio(),
                dark,
            };
            crate::app::download::png(&name, kind, &run, &style, css_w, 400);
        })
    };
    let export_svg = {
        let (run, kind, dark) = (props.run.clone(), props.kind, props.dark);
        let name = format!("{}-{}.svg", props.file_stem, kind.key());
        Callback::from(move |_| {
            let style = ChartStyle { dpr: 1.0, dark };
            let doc = crate::export::svg(kind, &run, &style, 900, 460);
            crate::app::download::text(&name, "image/svg+xml", &doc);
        })
    };
    html! {
        <figure class="chart" aria-labelledby={format!("chart-{}-title", props.kind.key())}>
            <div class="chart-head">
                <h2 id={format!("chart-{}-title", props.kind.key())}>{ props.kind.title() }</h2>
                <div class="chart-tools">
                    <button type="button" class="tool" data-export="png" onclick={export_png}
                        aria-label={format!("Download {} as PNG", props.kind.title())}>{ "PNG" }</button>
                    <button type="button" class="tool" data-export="svg" onclick={export_svg}
                        aria-label={format!("Download {} as SVG", props.kind.title())}>{ "SVG" }</button>
                </div>
            </div>
            <canvas ref={canvas_ref} data-chart={props.kind.key()} data-draws="0"
                class={classes!((props.kind == ChartKind::SweepHeatmap).then_some("heatmap"))}
                onmousemove={on_pointer} onmouseleave={on_leave}
                role="img" aria-label={format!("{}. {}", props.kind.title(), caption)} />
            if props.kind == ChartKind::SweepHeatmap {
                <p class="hover-readout" aria-live="polite">
                    { (*hover).clone().unwrap_or_else(|| "Point at a cell to read its value.".into()) }
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
        </figure>
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
