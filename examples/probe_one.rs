//! Profiling target: one default run of scenario A.
fn main() {
    let p = infoloop_core::scenarios::loop_cat::LoopParams::default();
    let r = infoloop_core::scenarios::loop_cat::run(&p, 1);
    println!("{}", r.mean_accuracy.mid[40]);
}
