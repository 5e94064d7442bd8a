//! The web entry point: installs the panic banner and the `window.infoloop` test and benchmark
//! hooks, then mounts the explorer on its own page (figure elements on other pages mount
//! themselves through `app::element`).
#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {
    infoloop::app::panic::install();
    infoloop::app::hooks::install();
    let root = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("root"));
    // On the explorer's own page (index.html has #root). Loaded by the figure element on
    // another page there is no #root: nothing is mounted until an element asks (mountFigure).
    // In a worker of the pool (app::pool) there is no window: nothing is mounted either.
    if let Some(root) = root {
        // The static page (title, findings, the main chart's box) goes in the same task as the
        // app's first render, so nothing blank is ever painted between the two.
        root.set_inner_html("");
        yew::Renderer::<infoloop::app::App>::with_root(root).render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("infoloop is a web app: build it with `trunk build` (see README.md).");
}
