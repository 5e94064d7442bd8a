//! Times the default sweep (F) natively: `cargo run --release --example sweep_probe`.
fn main() {
    let t0 = std::time::Instant::now();
    let fp = infoloop::fingerprint_of_query("v=1&sw=1");
    println!("default sweep: {fp} in {:?}", t0.elapsed());
}
