//! What a worker of the pool ([`super::pool`]) computes, in its own instance of the app's wasm:
//! the functions `static/infoloop-worker.js` calls. The same binary as the page (the explorer
//! does not mount in a worker: there is no window). Inputs are a share link's query and a block
//! of cell indices; outputs are plain numbers in cell order, so the page places them by index.

use infoloop_core::link::parse_query;
use infoloop_core::registry;
use infoloop_core::sweep::SweepJob;
use wasm_bindgen::prelude::*;

/// The values of cells `from..to` (row-major) of the sweep the link `query` describes, in cell
/// order; `cells` is the number of cells the page expects, and a sweep of another size is an
/// error (the link did not round-trip).
#[wasm_bindgen(js_name = workerSweepCells)]
pub fn worker_sweep_cells(
    query: &str,
    cells: usize,
    from: usize,
    to: usize,
) -> Result<Vec<f64>, String> {
    let (state, _) = parse_query(query);
    let job = SweepJob::new(&state.run, &state.sweep);
    let (_, total) = job.progress();
    if total != cells || from > to || to > total {
        return Err(format!(
            "the sweep has {total} cells, the page asked for {from}..{to} of {cells}"
        ));
    }
    Ok((from..to).map(|i| job.compute_cell(i)).collect())
}

/// Installs data file `file` (scenario G's word list) in this worker's instance, for the
/// scenario that needs it; an error in words.
#[wasm_bindgen(js_name = workerInstallAsset)]
pub fn worker_install_asset(file: &str, text: &str) -> Result<(), String> {
    let scenario = registry::all()
        .find(|s| s.asset().is_some_and(|(f, _)| f == file))
        .ok_or_else(|| format!("no scenario needs {file}"))?;
    scenario.install_asset(text)
}
