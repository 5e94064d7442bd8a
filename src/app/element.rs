//! The web component's side in Rust: `<infoloop-figure link="?v=…">` on any page. The script
//! `infoloop-figure.js` (static/) defines the element, loads this wasm once for every figure on
//! the page, and calls [`mount_figure`] for each element with a container inside its shadow
//! root; the figure then lives in that container, reads its link from the attribute (validated
//! exactly like a link, with the same visible notes), never touches the host's address bar or
//! keys, and computes and plays only while [`FigureHandle::set_visible`] says it is near the
//! viewport.

use super::{App, AppProps};
use wasm_bindgen::prelude::*;

/// One mounted figure.
#[wasm_bindgen]
pub struct FigureHandle {
    app: Option<yew::AppHandle<App>>,
    query: String,
    visible: bool,
    explorer: Option<String>,
}

/// Mounts a figure showing `query` (a share link's query, with or without `?`) into `container`;
/// `explorer` is the explorer's address (the directory of the element's script), where the
/// figure's "Open in the full explorer" link goes.
#[wasm_bindgen(js_name = mountFigure)]
pub fn mount_figure(
    container: web_sys::Element,
    query: String,
    visible: bool,
    explorer: Option<String>,
) -> FigureHandle {
    let props = AppProps {
        query: Some(query.clone()),
        visible,
        explorer: explorer.clone(),
    };
    let app = yew::Renderer::<App>::with_root_and_props(container, props).render();
    FigureHandle {
        app: Some(app),
        query,
        visible,
        explorer,
    }
}

#[wasm_bindgen]
impl FigureHandle {
    /// Shows another link (the element's attribute changed).
    #[wasm_bindgen(js_name = setLink)]
    pub fn set_link(&mut self, query: String) {
        self.query = query;
        self.refresh();
    }

    /// Whether the element is near the viewport: far away it neither computes nor plays.
    #[wasm_bindgen(js_name = setVisible)]
    pub fn set_visible(&mut self, visible: bool) {
        if visible != self.visible {
            self.visible = visible;
            self.refresh();
        }
    }

    /// Unmounts the figure (the element left the page).
    pub fn destroy(&mut self) {
        if let Some(app) = self.app.take() {
            app.destroy();
        }
    }

    fn refresh(&mut self) {
        if let Some(app) = self.app.as_mut() {
            app.update(AppProps {
                query: Some(self.query.clone()),
                visible: self.visible,
                explorer: self.explorer.clone(),
            });
        }
    }
}
