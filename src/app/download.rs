//! Saving files from the page: a text or data-URL download through a temporary `<a download>`,
//! and PNG figures rendered on an offscreen canvas at device resolution.

use crate::charts::backend::{Area, Backend};
use crate::charts::ChartStyle;
use infoloop_core::scenario::chart::ChartData;
use infoloop_core::sweep::SweepGrid;
use wasm_bindgen::JsCast;
use web_sys::{Blob, BlobPropertyBag, HtmlAnchorElement, HtmlCanvasElement, Url};

/// Offers `text` as a file download named `name`.
pub fn text(name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&text.into());
    let options = BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = Url::create_object_url_with_blob(&blob) else {
        return;
    };
    click_link(name, &url);
    let _ = Url::revoke_object_url(&url);
}

/// Renders the figure (title, chart, legend) of `data` at `css_w` x `css_h` CSS pixels times
/// the style's DPR and offers it as a PNG download.
pub fn png(name: &str, data: &ChartData, style: &ChartStyle, css_w: u32, css_h: u32) {
    offscreen_png(name, style.dpr, css_w, css_h, |root| {
        crate::export::figure(root, data, style).is_ok()
    });
}

/// The sweep's heatmap figure (title, cells, labelled colour bar) as a PNG download.
pub fn heatmap_png(name: &str, grid: &SweepGrid, style: &ChartStyle, css_w: u32, css_h: u32) {
    offscreen_png(name, style.dpr, css_w, css_h, |root| {
        crate::export::heatmap_figure(root, grid, style).is_ok()
    });
}

/// Draws with `draw` on an offscreen canvas of `css_w` x `css_h` CSS pixels times `dpr` and
/// offers the result as a PNG download (nothing if drawing failed).
fn offscreen_png(
    name: &str,
    dpr: f64,
    css_w: u32,
    css_h: u32,
    draw: impl FnOnce(&Area<'_>) -> bool,
) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(canvas) = document
        .create_element("canvas")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlCanvasElement>().ok())
    else {
        return;
    };
    canvas.set_width((css_w as f64 * dpr).round() as u32);
    canvas.set_height((css_h as f64 * dpr).round() as u32);
    let Some(area) = Backend::canvas(canvas.clone()) else {
        return;
    };
    if !draw(&area) {
        return;
    }
    if let Ok(url) = canvas.to_data_url_with_type("image/png") {
        click_link(name, &url);
    }
}

fn click_link(name: &str, href: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let Some(a) = document
        .create_element("a")
        .ok()
        .and_then(|e| e.dyn_into::<HtmlAnchorElement>().ok())
    else {
        return;
    };
    a.set_href(href);
    a.set_download(name);
    if let Some(body) = document.body() {
        let _ = body.append_child(&a);
        a.click();
        let _ = body.remove_child(&a);
    }
}
