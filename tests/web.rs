//! Browser tests (wasm-bindgen-test in headless Chromium): mount the real app, act as a person
//! would, and assert what they would see; and prove that the wasm build computes bit-identical
//! curves to the native one (the golden fingerprints in `tests/golden/loop_a.txt`).
#![cfg(target_arch = "wasm32")]

use std::time::Duration;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{CanvasRenderingContext2d, Document, Element, HtmlCanvasElement, HtmlInputElement};

wasm_bindgen_test_configure!(run_in_browser);

const GOLDEN: &str = include_str!("golden/loop_a.txt");

/// The data files scenarios fetch in the page (G's word list), installed from the repository so
/// the tests run every scenario with its data.
fn install_assets() {
    for scenario in infoloop_core::scenarios::all() {
        if let Some((file, false)) = scenario.asset() {
            assert_eq!(file, "words-en.txt", "a new data file: install it here");
            scenario
                .install_asset(include_str!("../static/words-en.txt"))
                .expect("the word list parses");
        }
    }
}

fn document() -> Document {
    web_sys::window().unwrap().document().unwrap()
}

/// Waits until `cond` holds, polling every 20 ms, for at most `secs` seconds.
async fn wait_for(what: &str, secs: u32, cond: impl Fn() -> bool) {
    for _ in 0..secs * 50 {
        if cond() {
            return;
        }
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("timed out waiting for {what}");
}

thread_local! {
    static APP_MOUNTED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// A test's turn to mount the app. wasm-bindgen-test runs async tests concurrently, and the
/// app reads and writes the page's one address (its link) and listens on the window: two apps
/// at once see each other's links (one test saw `?v=1` while it had set `?v=1&sc=gauss`).
/// Each test that mounts the app holds a turn for as long as its app lives.
struct Turn;

impl Drop for Turn {
    fn drop(&mut self) {
        APP_MOUNTED.with(|m| m.set(false));
    }
}

async fn take_turn() -> Turn {
    while APP_MOUNTED.with(|m| m.replace(true)) {
        yew::platform::time::sleep(Duration::from_millis(20)).await;
    }
    Turn
}

/// Destroys the app and waits until it is gone (yew destroys in a later task: until then its
/// timers live, and one that writes the address can overwrite the next test's link: a tab
/// test once opened `?v=1` after setting `?v=1&sc=gauss`), then removes its host.
async fn unmount(app: yew::AppHandle<infoloop::app::App>, host: Element) {
    app.destroy();
    wait_for("the app to unmount", 5, || host.child_element_count() == 0).await;
    yew::platform::time::sleep(Duration::from_millis(20)).await;
    host.remove();
}

/// A fresh host element for one app; every query below is scoped to it, so tests that share
/// the page never see each other's apps.
fn new_host(width_px: u32) -> Element {
    let host = document().create_element("div").unwrap();
    host.set_attribute("style", &format!("width: {width_px}px"))
        .unwrap();
    document().body().unwrap().append_child(&host).unwrap();
    host
}

/// Points the page's address at `query` (the app reads its state from it when mounted).
fn set_query(query: &str) {
    web_sys::window()
        .unwrap()
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(query))
        .unwrap();
}

fn app_attr(host: &Element, name: &str) -> Option<String> {
    host.query_selector("#app")
        .ok()
        .flatten()
        .and_then(|e| e.get_attribute(name))
}

fn app_status(host: &Element) -> String {
    app_attr(host, "data-status").unwrap_or_default()
}

fn canvases(host: &Element) -> Vec<HtmlCanvasElement> {
    let list = host.query_selector_all("canvas[data-chart]").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .filter_map(|n| n.dyn_into::<HtmlCanvasElement>().ok())
        .collect()
}

/// Whether the app shows charts and each has been drawn at least once. A chart draws in its
/// effect, after the render that marks the app done (yew runs effects after rendering, and may
/// run them in a later task), so a test waits for both.
fn all_drawn(host: &Element) -> bool {
    let charts = canvases(host);
    !charts.is_empty() && charts.iter().all(|c| draws(c) >= 1)
}

fn draws(canvas: &Element) -> u32 {
    canvas
        .get_attribute("data-draws")
        .and_then(|d| d.parse().ok())
        .unwrap_or(0)
}

/// Pixels that differ from the top-left corner: a blank canvas has none.
fn inked_pixels(canvas: &HtmlCanvasElement) -> usize {
    let ctx: CanvasRenderingContext2d = canvas
        .get_context("2d")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    let (w, h) = (canvas.width() as f64, canvas.height() as f64);
    let data = ctx.get_image_data(0.0, 0.0, w, h).unwrap().data();
    let corner = [data[0], data[1], data[2]];
    data.chunks(4).filter(|px| px[..3] != corner).count()
}

#[wasm_bindgen_test]
fn wasm_matches_native_golden_fingerprints() {
    install_assets();
    let mut checked = 0;
    for line in GOLDEN
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let (query, expected) = line.rsplit_once(' ').expect("line is `query fingerprint`");
        assert_eq!(
            infoloop::fingerprint_of_query(query),
            expected,
            "wasm differs from native for {query}"
        );
        checked += 1;
    }
    assert!(checked >= 3, "golden file has too few lines");
}

#[wasm_bindgen_test]
async fn app_draws_charts_and_redraws_when_a_slider_moves() {
    let _turn = take_turn().await;
    set_query("?v=1");
    let host = new_host(1000);
    let app = yew::Renderer::<infoloop::app::App>::with_root(host.clone()).render();

    wait_for("the first run", 30, || {
        app_status(&host) == "done" && all_drawn(&host)
    })
    .await;
    let charts = canvases(&host);
    assert_eq!(charts.len(), 3, "three charts");
    for c in &charts {
        let name = c.get_attribute("data-chart").unwrap();
        assert!(draws(c) >= 1, "{name} drawn");
        assert!(inked_pixels(c) > 1000, "{name} has ink");
        assert!(
            c.width() >= c.client_width() as u32,
            "backing store at least CSS size"
        );
    }
    let before: Vec<u32> = charts.iter().map(|c| draws(c)).collect();
    let fingerprint_before = app_attr(&host, "data-fingerprint");

    // Move the real-data accuracy slider as a person would.
    let slider: HtmlInputElement = host
        .query_selector("input[data-key=q]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    slider.set_value("0.6");
    slider
        .dispatch_event(&web_sys::InputEvent::new("input").unwrap())
        .unwrap();

    wait_for("the rerun", 30, || {
        app_status(&host) == "done"
            && canvases(&host)
                .iter()
                .zip(&before)
                .all(|(c, b)| draws(c) > *b)
    })
    .await;
    let fingerprint_after = app_attr(&host, "data-fingerprint");
    assert_ne!(
        fingerprint_before, fingerprint_after,
        "new parameters, new curves"
    );
    let search = || web_sys::window().unwrap().location().search().unwrap();
    wait_for("the share link to follow the slider", 5, || {
        search().contains("q=0.6")
    })
    .await;
    let number = host
        .query_selector("input[data-number-key=q]")
        .unwrap()
        .unwrap();
    assert_eq!(
        number.dyn_into::<HtmlInputElement>().unwrap().value(),
        "0.6"
    );
    unmount(app, host).await;
}

/// Every scenario tab, opened from its share link, draws all of its charts.
#[wasm_bindgen_test]
async fn every_scenario_tab_draws_its_charts() {
    let _turn = take_turn().await;
    install_assets();
    for id in infoloop_core::registry::all() {
        let query = format!("?v=1&sc={}", id.key());
        set_query(&query);
        let host = new_host(900);
        let app = yew::Renderer::<infoloop::app::App>::with_root(host.clone()).render();
        wait_for(id.key(), 60, || {
            app_status(&host) == "done" && all_drawn(&host)
        })
        .await;
        let expected: Vec<&str> = id.chart_keys().into_iter().map(|(k, _)| k).collect();
        let drawn: Vec<String> = canvases(&host)
            .iter()
            .filter(|c| draws(c) >= 1 && inked_pixels(c) > 500)
            .filter_map(|c| c.get_attribute("data-chart"))
            .collect();
        assert_eq!(drawn, expected, "{}: charts drawn", id.key());
        assert_eq!(
            app_attr(&host, "data-fingerprint").as_deref(),
            Some(infoloop::fingerprint_of_query(&query).as_str()),
            "{}: the page shows the run its link describes",
            id.key()
        );
        unmount(app, host).await;
    }
}

/// A small sweep (F) runs to completion in the page and shows the grid its link describes.
#[wasm_bindgen_test]
async fn a_small_sweep_runs_to_completion() {
    let _turn = take_turn().await;
    let scenario = infoloop_core::registry::default_sweep();
    let query = &format!("?v=1&sc={}&sw=1&sn=4&t=40", scenario.key());
    set_query(query);
    let host = new_host(900);
    let app = yew::Renderer::<infoloop::app::App>::with_root(host.clone()).render();
    wait_for("the sweep", 60, || {
        app_status(&host) == "done" && all_drawn(&host)
    })
    .await;
    let heatmap: Vec<HtmlCanvasElement> = canvases(&host)
        .into_iter()
        .filter(|c| c.get_attribute("data-chart").as_deref() == Some("sweep"))
        .collect();
    assert_eq!(heatmap.len(), 1, "one heatmap");
    assert!(
        draws(&heatmap[0]) >= 1 && inked_pixels(&heatmap[0]) > 5000,
        "heatmap drawn"
    );
    assert_eq!(
        app_attr(&host, "data-fingerprint").as_deref(),
        Some(infoloop::fingerprint_of_query(query).as_str())
    );
    unmount(app, host).await;
}
