//! Profiling target: one default run of scenario A.
fn main() {
    let p = infoloop::core::loop_cat::LoopParams::default();
    let r = infoloop::core::loop_cat::run(&p, 1);
    println!("{}", r.mean_accuracy.mid[40]);
}
