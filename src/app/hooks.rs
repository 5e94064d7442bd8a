//! `window.infoloop`: hooks for the browser tests and benchmarks.
//!
//! - `fingerprint(query)`: runs the state a share link describes and returns the hex fingerprint
//!   of its curves (compared with the native golden file: bit-identical wasm and native).
//! - `timeRun(query, reps)`: median milliseconds of `reps` full runs of that state.
//! - `curvesJson(query)`: the JSON export (every curve, parameters, seed) of that state's run,
//!   to compare downloads and charts with.
//! - `sweepCsv(query)`: the CSV export of the sweep a link describes (one row per cell), to
//!   compare downloads with.
//! - `benchCases()`: the benchmark cases (JSON `[{name, scenario, query}]`), the same list
//!   `cargo bench --bench sim` times natively.
//! - `loadAssets()`: a promise that resolves (to `""`, or to why not) once every data file a
//!   scenario needs (G's word list) is fetched and installed; call it before `fingerprint` or
//!   `timeRun` of such a scenario, which otherwise run without their data.
//! - `setWorkers(n)`, `workers()`, `killWorker()`, `sweep(query)`: the pool of workers, see
//!   [`super::pool::install_hooks`].
//! - `panicForTest(message)`: panics with `message`, so the e2e test can check that a panic
//!   shows the error banner (with "Copy details") instead of a frozen page. The explorer stops,
//!   as after any panic.

use infoloop_core::link::parse_query;
use wasm_bindgen::prelude::*;

/// Installs the hooks on `window.infoloop`.
pub fn install() {
    let Some(window) = web_sys::window() else {
        return;
    };
    let hooks = js_sys::Object::new();
    let fingerprint = Closure::<dyn Fn(String) -> String>::new(|query: String| {
        crate::fingerprint_of_query(&query)
    });
    let time_run = Closure::<dyn Fn(String, u32) -> f64>::new(|query: String, reps: u32| {
        let (state, _) = parse_query(&query);
        let mut times: Vec<f64> = (0..reps.clamp(1, 1000))
            .map(|_| {
                let start = super::frames::now_ms();
                let run = state.run.run();
                let elapsed = super::frames::now_ms() - start;
                std::hint::black_box(run);
                elapsed
            })
            .collect();
        infoloop_core::sort::sort_unstable_by(&mut times, f64::total_cmp);
        times[times.len() / 2]
    });
    let curves_json = Closure::<dyn Fn(String) -> String>::new(|query: String| {
        let (state, _) = parse_query(&query);
        crate::export::json(&state.run.run(), &state, &query)
    });
    let sweep_csv = Closure::<dyn Fn(String) -> String>::new(|query: String| {
        let (state, _) = parse_query(&query);
        let grid = infoloop_core::sweep::SweepJob::run(&state.run, &state.sweep);
        crate::export::sweep_csv(&grid, &state, &query)
    });
    let _ = js_sys::Reflect::set(&hooks, &"sweepCsv".into(), sweep_csv.as_ref());
    sweep_csv.forget();
    let bench_cases = Closure::<dyn Fn() -> String>::new(|| {
        let items: Vec<String> = infoloop_core::bench::cases()
            .into_iter()
            .map(|c| {
                format!(
                    "{{\"name\":{},\"scenario\":{},\"query\":{}}}",
                    crate::export::json_string(&c.name),
                    crate::export::json_string(c.scenario),
                    crate::export::json_string(&c.query)
                )
            })
            .collect();
        format!("[{}]", items.join(","))
    });
    let load_assets = Closure::<dyn Fn() -> js_sys::Promise>::new(|| {
        js_sys::Promise::new(&mut |resolve, _| {
            let needing: Vec<_> = infoloop_core::scenarios::all()
                .filter(|s| s.asset().is_some())
                .collect();
            let left = std::rc::Rc::new(std::cell::Cell::new(needing.len()));
            let errors = std::rc::Rc::new(std::cell::RefCell::new(Vec::<String>::new()));
            if needing.is_empty() {
                let _ = resolve.call1(&JsValue::NULL, &"".into());
            }
            for scenario in needing {
                let (left, errors, resolve) = (left.clone(), errors.clone(), resolve.clone());
                super::assets::ensure(scenario, move |result| {
                    if let Err(e) = result {
                        errors.borrow_mut().push(e);
                    }
                    left.set(left.get() - 1);
                    if left.get() == 0 {
                        let why = errors.borrow().join("; ");
                        let _ = resolve.call1(&JsValue::NULL, &why.into());
                    }
                });
            }
        })
    });
    let _ = js_sys::Reflect::set(&hooks, &"loadAssets".into(), load_assets.as_ref());
    load_assets.forget();
    let _ = js_sys::Reflect::set(&hooks, &"benchCases".into(), bench_cases.as_ref());
    bench_cases.forget();
    let panic_for_test = Closure::<dyn Fn(String)>::new(|message: String| {
        panic!("panicForTest: {message}");
    });
    let _ = js_sys::Reflect::set(&hooks, &"panicForTest".into(), panic_for_test.as_ref());
    panic_for_test.forget();
    let _ = js_sys::Reflect::set(&hooks, &"curvesJson".into(), curves_json.as_ref());
    curves_json.forget();
    let _ = js_sys::Reflect::set(&hooks, &"fingerprint".into(), fingerprint.as_ref());
    let _ = js_sys::Reflect::set(&hooks, &"timeRun".into(), time_run.as_ref());
    // `sweep(query)`: a promise of `{csv, ms}`, the CSV export of the sweep the link describes
    // computed as the page computes it (pool or slices) and the milliseconds it took.
    let sweep = Closure::<dyn Fn(String) -> js_sys::Promise>::new(|query: String| {
        js_sys::Promise::new(&mut |resolve, _| {
            let q = query.clone();
            super::runner::sweep_for_test(&query, move |grid, ms| {
                let (state, _) = infoloop_core::link::parse_query(&q);
                let out = js_sys::Object::new();
                let csv = crate::export::sweep_csv(&grid, &state, &q);
                let _ = js_sys::Reflect::set(&out, &"csv".into(), &csv.into());
                let _ = js_sys::Reflect::set(&out, &"ms".into(), &ms.into());
                let _ = resolve.call1(&JsValue::NULL, &out);
            });
        })
    });
    let _ = js_sys::Reflect::set(&hooks, &"sweep".into(), sweep.as_ref());
    sweep.forget();
    super::pool::install_hooks(&hooks);
    let _ = js_sys::Reflect::set(&window, &"infoloop".into(), &hooks);
    fingerprint.forget();
    time_run.forget();
}
