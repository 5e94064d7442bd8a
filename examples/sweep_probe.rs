//! Times a sweep natively, single-threaded: `cargo run --release --example sweep_probe [query]`
//! (default `sw=1`, the default sweep on the newest engine; `v=1&sw=1` replays it on v1).
fn main() {
    let query = std::env::args().nth(1).unwrap_or_else(|| "sw=1".into());
    let t0 = std::time::Instant::now();
    let fp = infoloop::fingerprint_of_query(&query);
    println!("{query}: fingerprint {fp} in {:?}", t0.elapsed());
}
