//! Data files a scenario needs beyond the wasm (scenario G's word list): fetched when the tab
//! first opens, not with the first download, from next to the page (or, in a figure element,
//! next to `infoloop-figure.js`, which says where with [`set_asset_base`]), then handed to the
//! scenario ([`Scenario::install_asset`](infoloop_core::scenario::Scenario)). One fetch per file
//! however many figures ask for it; every asker hears the outcome. The text is kept ([`text`]) for
//! the pool's workers, which install it in their own wasm instances.

use infoloop_core::scenario::ScenarioRef;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

/// Called once with the outcome of a fetch.
type Waiter = Box<dyn FnOnce(Result<(), String>)>;

thread_local! {
    /// Where data files are fetched from (a URL ending in `/`); `None`: the page's own base.
    static BASE: RefCell<Option<String>> = const { RefCell::new(None) };
    /// The callbacks waiting for a file being fetched, per file.
    static WAITING: RefCell<Vec<(&'static str, Vec<Waiter>)>> = const { RefCell::new(Vec::new()) };
    /// The text of every file installed, kept for the pool's workers (each has its own wasm
    /// instance and gets the file before its first job that needs it).
    static TEXTS: RefCell<Vec<(&'static str, Rc<str>)>> = const { RefCell::new(Vec::new()) };
}

/// The text of data file `file`, once it is fetched and installed.
pub fn text(file: &str) -> Option<Rc<str>> {
    TEXTS.with(|t| {
        t.borrow()
            .iter()
            .find(|(f, _)| *f == file)
            .map(|(_, t)| t.clone())
    })
}

/// Sets where data files are fetched from: the directory of the script that loaded the app
/// (`infoloop-figure.js` calls this, so a figure on another site fetches from the explorer).
#[wasm_bindgen(js_name = setAssetBase)]
pub fn set_asset_base(base: String) {
    BASE.with(|b| *b.borrow_mut() = Some(base));
}

/// Fetches and installs the data file `scenario` needs, then calls `done` with the outcome (at
/// once if it is installed already). Concurrent requests for one file share one fetch.
pub fn ensure(scenario: ScenarioRef, done: impl FnOnce(Result<(), String>) + 'static) {
    let Some((file, ready)) = scenario.asset() else {
        return done(Ok(()));
    };
    if ready {
        return done(Ok(()));
    }
    let first = WAITING.with(|w| {
        let mut w = w.borrow_mut();
        match w.iter_mut().find(|(f, _)| *f == file) {
            Some((_, waiting)) => {
                waiting.push(Box::new(done));
                false
            }
            None => {
                w.push((file, vec![Box::new(done)]));
                true
            }
        }
    });
    if !first {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let result = match fetch_text(file).await {
            Ok(text) => scenario
                .install_asset(&text)
                .map(|()| TEXTS.with(|t| t.borrow_mut().push((file, text.into()))))
                .map_err(|e| format!("the word list {file} is malformed: {e}")),
            Err(e) => Err(e),
        };
        let waiting = WAITING.with(|w| {
            let mut w = w.borrow_mut();
            let at = w.iter().position(|(f, _)| *f == file);
            at.map(|i| w.remove(i).1).unwrap_or_default()
        });
        for done in waiting {
            done(result.clone());
        }
    });
}

/// The URL of `file`: beside the script that loaded the app, else beside the page.
pub fn url_of(file: &str) -> Result<String, String> {
    let base = BASE.with(|b| b.borrow().clone()).or_else(|| {
        web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.base_uri().ok().flatten())
    });
    let base = base.ok_or("the page has no address to fetch data from")?;
    web_sys::Url::new_with_base(file, &base)
        .map(|u| u.href())
        .map_err(|_| format!("cannot resolve {file} against {base}"))
}

/// The text of `file`, or why it could not be had (network, HTTP status).
async fn fetch_text(file: &str) -> Result<String, String> {
    let url = url_of(file)?;
    let window = web_sys::window().ok_or("no window")?;
    let failed = |what: &str| format!("could not load {url} ({what})");
    let response = JsFuture::from(window.fetch_with_str(&url))
        .await
        .map_err(|_| failed("network error"))?;
    let response: web_sys::Response = response.dyn_into().map_err(|_| failed("no response"))?;
    if !response.ok() {
        return Err(failed(&format!("HTTP {}", response.status())));
    }
    let text = response.text().map_err(|_| failed("unreadable body"))?;
    let text = JsFuture::from(text)
        .await
        .map_err(|_| failed("interrupted"))?;
    text.as_string().ok_or_else(|| failed("not text"))
}
