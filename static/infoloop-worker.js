// One worker of the page's pool (src/app/pool.rs): its own instance of the app's wasm, which
// computes blocks of a sweep's cells (src/app/worker.rs); the explorer does not mount here (no
// window). Messages from the page, handled in order:
//   {module}                    the page's compiled WebAssembly.Module, instantiated here
//   {asset, content}            a data file (scenario G's word list) to install before its jobs
//   {query, cells, from, to}    cells from..to of the sweep the link describes; the reply is
//                               {values}, a Float64Array in cell order (its buffer transferred)
// Anything that fails replies {error}; the page then gives the block to another worker.
// The build (scripts/post-build.mjs) fills in the app script's hashed name.
import init, { workerInstallAsset, workerSweepCells } from '__GLUE__';

let ready = Promise.reject(new Error('no module yet'));
ready.catch(() => {});

self.onmessage = async ({ data }) => {
  try {
    if (data.module) {
      ready = init({ module_or_path: data.module });
      await ready;
      return;
    }
    await ready;
    if (data.asset) {
      workerInstallAsset(data.asset, data.content);
      return;
    }
    const values = workerSweepCells(data.query, data.cells, data.from, data.to);
    self.postMessage({ values }, [values.buffer]);
  } catch (e) {
    self.postMessage({ error: String((e && e.message) || e) });
  }
};
