//! The chart component: a `<canvas>` sized for devicePixelRatio (crisp text at DPR 2), redrawn
//! when its run, theme, size, transport cursor or pinned run changes, with an HTML legend, a
//! hover crosshair reading every series at a step, a caption carrying the run's numbers, an
//! accessible label and a visually hidden data table: all derived from the chart's
//! [`ChartData`], whichever scenario declared it.
//!
//! The canvas's size comes from a `ResizeObserver` (read once from `clientWidth` when it is
//! first drawn): a redraw reads no layout, so it never forces the browser to lay the page out
//! in the middle of a run's update (with the size read per chart, that was 38% of C's slider
//! redraw in Chromium), and the chart redraws whenever its box changes size (a window resize,
//! a figure's host, a hidden tab shown).

use super::frames::{add_drawn_ms, after, now_ms};
use crate::charts::backend::Backend;
use crate::charts::heatmap::{self, PlotRect};
use crate::charts::{self, css, ChartStyle, Ghost, PLOT_INSET};
use crate::state::{Output, Pinned};
use infoloop_core::scenario::chart::ChartData;
use infoloop_core::scenario::format::num;
use infoloop_core::sweep::SweepGrid;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::HtmlCanvasElement;
use yew::prelude::*;

/// Most rows of a chart's hidden data table (longer runs show every k-th step).
const TABLE_ROWS: usize = 100;

/// The key of the sweep's heatmap chart (`data-chart`, export names).
pub const SWEEP_CHART: &str = "sweep";

/// Properties of [`ChartView`].
#[derive(Properties, PartialEq)]
pub struct ChartProps {
    /// Which chart of the run's scenario (or [`SWEEP_CHART`]).
    pub chart: &'static str,
    /// What to draw.
    pub output: Output,
    /// Dark theme.
    pub dark: bool,
    /// File name stem for exports, e.g. `infoloop-loop-seed1`.
    pub file_stem: String,
    /// The transport's cursor: draw up to this point (`None`: the whole run).
    #[prop_or_default]
    pub upto: Option<usize>,
    /// A run pinned for comparison, drawn as a ghost.
    #[prop_or_default]
    pub pinned: Option<Pinned>,
    /// What the link pins (its label), named in the legend while the pinned run computes.
    #[prop_or_default]
    pub pin_label: Option<AttrValue>,
    /// A compact chart (the main chart beside its controls, or a blog figure): no caption
    /// paragraph (the finding or the figure's own line says it; it stays the accessible label)
    /// and no pointing hint.
    #[prop_or_default]
    pub compact: bool,
    /// Without the PNG and SVG buttons (a figure in a blog post).
    #[prop_or_default]
    pub no_tools: bool,
}

/// Points per curve above which a chart draws in a task of its own after the update (a run of
/// more than 1000 recorded generations; every default has at most a few hundred).
const DEFER_POINTS: usize = 1000;

/// Milliseconds a chart's curves must rest before its screen-reader table follows them: while a
/// slider moves, each run's first and complete redraws would otherwise write a few hundred
/// cells each (formatted, diffed, sent to the DOM, laid out: 929 of the page's 2,091 layout
/// objects, 8-11 ms of layout per update of A) that nobody reads.
const TABLE_REST_MS: u32 = 250;

/// One chart: heading, canvas, legend, caption.
#[function_component(ChartView)]
pub fn chart_view(props: &ChartProps) -> Html {
    let canvas_ref = use_node_ref();
    let draws = use_mut_ref(|| 0u32);
    // The canvas's CSS size (whole px) as last seen, and how often it changed.
    let size: Size = use_mut_ref(|| None);
    let resizes = use_mut_ref(|| 0u32);
    // Whether the canvas is in the viewport, as its observer last said (until then, yes).
    let on_screen = use_mut_ref(|| true);
    let redraw = use_force_update();
    {
        let (canvas_ref, size, resizes) = (canvas_ref.clone(), size.clone(), resizes.clone());
        let on_screen = on_screen.clone();
        let redraw = redraw.clone();
        use_effect_with((), move |_| {
            let watch = canvas_ref.cast::<HtmlCanvasElement>().map(|canvas| {
                let size = watch_size(&canvas, size, move || {
                    *resizes.borrow_mut() += 1;
                    redraw.force_update();
                });
                (size, watch_visible(&canvas, on_screen))
            });
            move || drop(watch)
        });
    }
    // Where the heatmap's cells are (device pixels, device pixel ratio), for the hover readout.
    let cell_area = use_mut_ref(|| None::<(PlotRect, f64)>);
    let hover = use_state(|| None::<String>);
    // The point under the pointer and where it is (CSS px from the canvas's left edge).
    let crosshair = use_state(|| None::<(usize, f64)>);
    let key = props.chart;
    let data: Option<ChartData> = props.output.run().and_then(|run| run.chart(key));
    let grid = match &props.output {
        Output::Sweep(grid) => Some(grid.clone()),
        Output::Run(_) => None,
    };
    let ghost = props.pinned.as_ref().and_then(|p| {
        let pinned_chart = p.run.chart(key)?;
        Ghost::of(&p.label, &pinned_chart)
    });
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
        let size = size.clone();
        let cell_area = cell_area.clone();
        let style_at = style_at.clone();
        let (data, grid) = (data.clone(), grid.clone());
        // Long curves (a long run's partial reports) are drawn in a task of their own, so the
        // report's update and each chart's draw are separate main-thread tasks.
        // So are charts out of the viewport: a moved slider's update draws the charts in view
        // and the rest in tasks of their own right after.
        let long = props
            .output
            .run()
            .is_some_and(|run| run.len() > DEFER_POINTS)
            || !*on_screen.borrow();
        use_effect_with(
            (
                props.output.clone(),
                props.dark,
                *resizes.borrow(),
                props.upto,
                ghost.clone(),
            ),
            move |_| {
                let paint = move || {
                    if let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() {
                        let style = style_at(device_pixel_ratio());
                        let drawn = match (&data, &grid) {
                            (_, Some(grid)) => draw_heatmap(&canvas, &size, grid, &style)
                                .map(|rect| {
                                    // Where the cells are, in CSS px from the canvas's top left
                                    // (left, right, top, bottom): for the browser tests' hover.
                                    let (x, y) = &rect;
                                    let css = |v: i32| fmt_px(v as f64 / style.dpr);
                                    let _ = canvas.set_attribute(
                                        "data-cells",
                                        &format!(
                                            "{},{},{},{}",
                                            css(x.start),
                                            css(x.end),
                                            css(y.start),
                                            css(y.end)
                                        ),
                                    );
                                    *cell_area.borrow_mut() = Some((rect, style.dpr))
                                })
                                .is_some(),
                            (Some(data), None) => draw(&canvas, &size, data, &style),
                            (None, None) => false,
                        };
                        if drawn {
                            *draws.borrow_mut() += 1;
                            let _ = canvas.set_attribute("data-draws", &draws.borrow().to_string());
                        }
                    }
                };
                // A newer update (or unmounting) drops a draw still waiting.
                let waiting = if long {
                    Some(after(0, move || {
                        let start = now_ms();
                        paint();
                        add_drawn_ms(now_ms() - start);
                    }))
                } else {
                    paint();
                    None
                };
                move || drop(waiting)
            },
        );
    }
    // The screen-reader table, built once the curves have rested.
    let table = use_mut_ref(Html::default);
    {
        let (table, data, ghost, redraw) =
            (table.clone(), data.clone(), ghost.clone(), redraw.clone());
        use_effect_with((props.output.clone(), ghost.clone()), move |_| {
            let waiting = after(TABLE_REST_MS, move || {
                *table.borrow_mut() = data
                    .as_ref()
                    .map(|d| data_table(d, ghost.as_ref()))
                    .unwrap_or_default();
                redraw.force_update();
            });
            move || drop(waiting)
        });
    }
    let style = style_at(1.0);
    let on_pointer = {
        let (data, grid, hover, cell_area, crosshair) = (
            data.clone(),
            grid.clone(),
            hover.clone(),
            cell_area.clone(),
            crosshair.clone(),
        );
        let size = size.clone();
        Callback::from(move |e: PointerEvent| {
            if let (Some(grid), Some((rect, dpr))) = (&grid, cell_area.borrow().clone()) {
                let (x, y) = (
                    (e.offset_x() as f64 * dpr) as i32,
                    (e.offset_y() as f64 * dpr) as i32,
                );
                hover.set(heatmap::describe(grid, &rect, x, y));
                return;
            }
            let (Some(data), Some(canvas)) = (&data, e.target_dyn_into::<HtmlCanvasElement>())
            else {
                return;
            };
            let points = data.readable().next().map_or(0, |(_, v)| v.len());
            let width = size
                .borrow()
                .map_or_else(|| canvas.client_width(), |(w, _)| w);
            crosshair.set(point_at(
                e.offset_x() as f64,
                width as f64,
                points.saturating_sub(1),
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
    let (title, mut caption, mut legend) = match (&data, &grid) {
        (Some(data), _) => (
            data.title.to_string(),
            data.caption.clone(),
            charts::legend(data, &style),
        ),
        (None, Some(grid)) => (
            heatmap::TITLE.to_string(),
            heatmap::caption(grid),
            heatmap::legend(grid, &style),
        ),
        (None, None) => return html! {},
    };
    if let (None, Some(label), Some(_)) = (&ghost, &props.pin_label, &data) {
        legend.push(charts::ghost_legend_item(label));
    }
    if let (Some(ghost), Some(pinned), Some(data)) = (&ghost, &props.pinned, &data) {
        if let Some((main, _)) = data.readable().next() {
            let last = ghost.values.last().copied().unwrap_or(f64::NAN);
            caption.push_str(&format!(
                " Pinned for comparison ({}): {} ends at {}{}.",
                pinned.label,
                main.label,
                num(last),
                charts::unit(data.unit)
            ));
        }
    }
    let export_png = {
        let (data, grid, style_at) = (data.clone(), grid.clone(), style_at.clone());
        let name = format!("{}-{}.png", props.file_stem, key);
        let canvas_ref = canvas_ref.clone();
        Callback::from(move |_| {
            let css_w = canvas_ref
                .cast::<HtmlCanvasElement>()
                .map_or(900, |c| c.client_width().max(320) as u32);
            let style = style_at(device_pixel_ratio());
            match (&data, &grid) {
                (Some(data), _) => crate::app::download::png(&name, data, &style, css_w, 400),
                (None, Some(grid)) => {
                    crate::app::download::heatmap_png(&name, grid, &style, css_w, 460)
                }
                (None, None) => {}
            }
        })
    };
    let export_svg = {
        let (data, grid, style_at) = (data.clone(), grid.clone(), style_at.clone());
        let name = format!("{}-{}.svg", props.file_stem, key);
        Callback::from(move |_| {
            let doc = match (&data, &grid) {
                (Some(data), _) => crate::export::svg(data, &style_at(1.0), 900, 460),
                (None, Some(grid)) => crate::export::heatmap_svg(grid, &style_at(1.0), 900, 520),
                (None, None) => return,
            };
            crate::app::download::text(&name, "image/svg+xml", &doc);
        })
    };
    let readout = match (*crosshair, &data) {
        (_, None) => Some(
            (*hover)
                .clone()
                .unwrap_or_else(|| "Point at a cell to read its value.".into()),
        ),
        (Some((i, _)), Some(data)) => Some(charts::values_at(data, ghost.as_ref(), i)),
        (None, Some(_)) => None,
    };
    let x_name = data.as_ref().map_or("step", |d| d.x_label);
    // The curve each series draws, in order ("" for a derived one): what the browser tests read
    // a chart's numbers by (window.infoloop.curvesJson).
    let series_curves = data.as_ref().map(|d| {
        d.series
            .iter()
            .map(|s| s.curve.unwrap_or(""))
            .collect::<Vec<_>>()
            .join(",")
    });
    let compact = props.compact;
    html! {
        <figure class={classes!("chart", compact.then_some("compact"))} aria-labelledby={format!("chart-{key}-title")}>
            <div class="chart-head">
                <h2 id={format!("chart-{key}-title")}>{ &title }</h2>
                if !props.no_tools {
                <div class="chart-tools">
                    <button type="button" class="tool" data-export="png" onclick={export_png}
                        aria-label={format!("Download {title} as PNG")}>{ "PNG" }</button>
                    <button type="button" class="tool" data-export="svg" onclick={export_svg}
                        aria-label={format!("Download {title} as SVG")}>{ "SVG" }</button>
                </div>
                }
            </div>
            <div class="plot">
                <canvas ref={canvas_ref} data-chart={key} data-draws="0" data-series={series_curves}
                    class={classes!(grid.is_some().then_some("heatmap"))}
                    onpointermove={on_pointer} onpointerleave={on_leave}
                    role="img" aria-label={format!("{title}. {caption}")} />
                if let Some((_, x)) = *crosshair {
                    <div class="crosshair" aria-hidden="true"
                        style={format!("left:{x:.1}px;top:{}px;bottom:{}px", PLOT_INSET.top, PLOT_INSET.bottom)} />
                }
            </div>
            if let Some(text) = readout {
                <p class="hover-readout" aria-hidden={data.is_some().to_string()}>{ text }</p>
            } else if !compact {
                <p class="hover-readout hint" aria-hidden="true">
                    { format!("Point at (or touch) the chart to read every curve at a {x_name}.") }
                </p>
            }
            <ul class="legend" aria-hidden="true">
                { for legend.iter().map(|item| html! {
                    <li>
                        <span class={classes!("swatch", item.dash.class(), item.band.then_some("band"))}
                            style={format!("--c:{}", css(item.color))} />
                        { &item.label }
                    </li>
                }) }
            </ul>
            if compact {
                <figcaption class="visually-hidden">{ caption }</figcaption>
            } else {
                <figcaption>{ caption }</figcaption>
            }
            { table.borrow().clone() }
        </figure>
    }
}

/// A length in CSS px as an attribute writes it (two decimals at most).
fn fmt_px(v: f64) -> String {
    infoloop_core::scenario::format::shortest((v * 100.0).round() / 100.0)
}

/// The point under the pointer at `x` CSS px on a canvas `width` wide, and the x of that
/// point's grid position; `None` outside the plotting area.
fn point_at(x: f64, width: f64, last: usize) -> Option<(usize, f64)> {
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

/// The chart's numbers as a table for screen readers (visually hidden).
fn data_table(data: &ChartData, ghost: Option<&Ghost>) -> Html {
    let series: Vec<_> = data.readable().collect();
    let Some(points) = series.first().map(|(_, v)| v.len()).filter(|&n| n > 0) else {
        return html! {};
    };
    let last = points - 1;
    let every = points.div_ceil(TABLE_ROWS).max(1);
    let rows = (0..=last).filter(|i| i % every == 0 || *i == last);
    let at = |v: &[f64], i: usize| num(v.get(i).copied().unwrap_or(f64::NAN));
    let step = |i: usize| data.x_at(i) as usize;
    let unit = |u: &str| {
        if u.is_empty() {
            String::new()
        } else {
            format!(" ({u})")
        }
    };
    html! {
        <div class="visually-hidden"><table>
            <caption>{ format!("{}: data{}", data.title,
                if every > 1 { format!(", one row every {} {}s", step(every), data.x_label) } else { String::new() }) }</caption>
            <thead><tr>
                <th scope="col">{ data.x_label }</th>
                { for series.iter().map(|(s, _)| html! {
                    <th scope="col">{ format!("{}{}", s.label, unit(data.unit)) }</th>
                }) }
                if let Some(ghost) = ghost { <th scope="col">{ format!("pinned: {}", ghost.label) }</th> }
            </tr></thead>
            <tbody>
                { for rows.map(|i| html! {
                    <tr>
                        <th scope="row">{ step(i) }</th>
                        { for series.iter().map(|(_, v)| html! { <td>{ at(v, i) }</td> }) }
                        if let Some(ghost) = ghost {
                            <td>{ num(ghost.at(step(i)).unwrap_or(f64::NAN)) }</td>
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
    size: &Size,
    grid: &SweepGrid,
    style: &ChartStyle,
) -> Option<PlotRect> {
    if !size_for_dpr(canvas, size, style) {
        return None;
    }
    let root = Backend::canvas(canvas.clone())?;
    let rect = heatmap::draw(&root, grid, style).ok()?;
    root.present().ok()?;
    Some(rect)
}

/// The window's device pixel ratio, clamped to [1, 4].
pub fn device_pixel_ratio() -> f64 {
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
fn draw(canvas: &HtmlCanvasElement, size: &Size, data: &ChartData, style: &ChartStyle) -> bool {
    if !size_for_dpr(canvas, size, style) {
        return false;
    }
    let Some(root) = Backend::canvas(canvas.clone()) else {
        return false;
    };
    charts::draw(&root, data, style).is_ok() && root.present().is_ok()
}

/// A canvas's CSS size in whole px, once known.
type Size = Rc<RefCell<Option<(i32, i32)>>>;

/// Sizes the canvas backing store to its CSS box times the DPR; false if it has no size (hidden).
/// The box is `size` (its observer's); read from the layout only the first time.
fn size_for_dpr(canvas: &HtmlCanvasElement, size: &Size, style: &ChartStyle) -> bool {
    let known = *size.borrow();
    let (css_w, css_h) = known.unwrap_or_else(|| {
        let read = (canvas.client_width(), canvas.client_height());
        *size.borrow_mut() = Some(read);
        read
    });
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

/// A canvas's `ResizeObserver`; dropping it stops the observing.
struct SizeWatch {
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for SizeWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// A canvas's `IntersectionObserver`; dropping it stops the observing.
struct VisibleWatch {
    observer: web_sys::IntersectionObserver,
    _on_change: Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for VisibleWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Keeps `on_screen` saying whether `canvas` is in the viewport; `None` where there is no
/// `IntersectionObserver` (it then stays true: every chart is drawn in the update).
fn watch_visible(canvas: &HtmlCanvasElement, on_screen: Rc<RefCell<bool>>) -> Option<VisibleWatch> {
    let on_change = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        // The latest entry is the current state.
        if let Some(entry) = entries
            .iter()
            .last()
            .and_then(|e| e.dyn_into::<web_sys::IntersectionObserverEntry>().ok())
        {
            *on_screen.borrow_mut() = entry.is_intersecting();
        }
    });
    let observer = web_sys::IntersectionObserver::new(on_change.as_ref().unchecked_ref()).ok()?;
    observer.observe(canvas);
    Some(VisibleWatch {
        observer,
        _on_change: on_change,
    })
}

/// Keeps `size` equal to `canvas`'s content box (rounded to whole px, as `clientWidth` is) and
/// calls `changed` when it changes; `None` where there is no `ResizeObserver` (the size then
/// stays the one first read).
fn watch_size(
    canvas: &HtmlCanvasElement,
    size: Size,
    changed: impl Fn() + 'static,
) -> Option<SizeWatch> {
    let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |entries: js_sys::Array| {
        let Ok(entry) = entries.get(0).dyn_into::<web_sys::ResizeObserverEntry>() else {
            return;
        };
        let rect = entry.content_rect();
        let now = Some((rect.width().round() as i32, rect.height().round() as i32));
        if size.replace(now) != now {
            changed();
        }
    });
    let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
    observer.observe(canvas);
    Some(SizeWatch {
        observer,
        _on_resize: on_resize,
    })
}
