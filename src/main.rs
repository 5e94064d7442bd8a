//! The web entry point: installs the panic banner and the `window.infoloop` test and benchmark
//! hooks, then mounts the explorer on its own page (figure elements on other pages mount
//! themselves through `app::element`).
#![forbid(unsafe_code)]

// The page's C math symbols (pow, log) are the libm crate's: see src/cmath/lib.rs.
#[cfg(target_arch = "wasm32")]
use infoloop_cmath as _;

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
        // The static page (title, findings, the main chart's box) stays while the app computes
        // its first result, hidden beside it; then the app takes its place in one frame, with
        // the main chart where the static page's box was (no layout shift, nothing blank).
        let host = root
            .owner_document()
            .and_then(|d| d.create_element("div").ok())
            .filter(|host| root.append_child(host).is_ok())
            .unwrap_or(root);
        yew::Renderer::<infoloop::app::App>::with_root(host).render();
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("infoloop is a web app: build it with `trunk build` (see README.md).");
}
