use infoloop::core::loop_cat::{run, LoopParams};
fn show(name: &str, p: &LoopParams) {
    let t0 = std::time::Instant::now();
    let r = run(p, 1);
    let dt = t0.elapsed();
    let last = r.len() - 1;
    println!("{name} ({dt:?}): Iargmax {:.3}[{:.3},{:.3}] -> {:.3} max {:.3}; Isample {:.3} -> {:.3}; ceil {:.3}; acc {:.3} -> {:.3} (g5 {:.3} g10 {:.3}); H {:.3} -> {:.3}; greedy {:.3}->{:.3}; KL {:.3}->{:.3} bound_end {:.3} accept {:.3}",
      r.info_argmax_bits.mid[0], r.info_argmax_bits.lo[0], r.info_argmax_bits.hi[0], r.info_argmax_bits.mid[last],
      r.info_argmax_bits.mid.iter().cloned().fold(f64::MIN, f64::max),
      r.info_sample_bits.mid[0], r.info_sample_bits.mid[last], r.dpi_ceiling_bits.mid[0],
      r.mean_accuracy.mid[0], r.mean_accuracy.mid[last], r.mean_accuracy.mid[5.min(last)], r.mean_accuracy.mid[10.min(last)],
      r.entropy_bits.mid[0], r.entropy_bits.mid[last], r.greedy_accuracy[0], r.greedy_accuracy[last], r.kl_bits[0], r.kl_bits[last], r.open_bound_bits[last], r.acceptance_rate[last]);
}
fn main() {
    let base = LoopParams::default();
    show("closed", &base);
    show(
        "s=0",
        &LoopParams {
            verifier_on: true,
            verifier_strength: 0.0,
            ..base.clone()
        },
    );
    show(
        "s=0.4",
        &LoopParams {
            verifier_on: true,
            verifier_strength: 0.4,
            ..base.clone()
        },
    );
    show(
        "kappa=1",
        &LoopParams {
            verifier_on: true,
            verifier_strength: 0.4,
            anchoring: 1.0,
            ..base.clone()
        },
    );
    show(
        "lam=.25",
        &LoopParams {
            real_fraction: 0.25,
            ..base.clone()
        },
    );
    show(
        "accum",
        &LoopParams {
            accumulate: true,
            ..base.clone()
        },
    );
    show(
        "big",
        &LoopParams {
            n_replicates: 5000,
            n_generations: 400,
            n_samples: 4096,
            n_answers: 32,
            ..base.clone()
        },
    );
}
