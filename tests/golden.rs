//! Golden runs: fingerprints of scenario-A curves for fixed share links, through one `check`.
//!
//! `tests/golden/loop_a.txt` holds one `<query> <16-hex fingerprint>` per line (`#` starts a
//! comment). A changed fingerprint means a link no longer reproduces the curves it used to: a
//! break of the determinism contract unless the change is deliberate. Then regenerate with
//! `UPDATE_GOLDEN=1 cargo test --test golden` and say why in the commit. The browser test reads
//! the same file, so equal fingerprints there prove native and wasm runs bit-identical.
#![cfg(not(target_arch = "wasm32"))]

use infoloop::fingerprint_of_query;
use infoloop_core::link::parse_query;

const GOLDEN: &str = include_str!("golden/loop_a.txt");
const GOLDEN_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/loop_a.txt");

/// The `(query, fingerprint)` lines of the golden file, with their 1-based line numbers.
fn entries(text: &str) -> Vec<(usize, &str, &str)> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(n, line)| {
            let (query, hex) = line
                .split_once(' ')
                .unwrap_or_else(|| panic!("loop_a.txt:{}: expected `<query> <hex>`", n + 1));
            (n + 1, query, hex)
        })
        .collect()
}

/// Runs the link `query` and compares its fingerprint with `expected`.
fn check(query: &str, expected: &str) -> Result<(), String> {
    let (_, notes) = parse_query(query);
    if !notes.is_empty() {
        return Err(format!("{query}: the link needs corrections: {notes:?}"));
    }
    let actual = fingerprint_of_query(query);
    println!("{query} {actual}");
    if actual == expected {
        Ok(())
    } else {
        Err(format!("{query}: fingerprint {actual}, golden {expected}"))
    }
}

#[test]
fn golden_fingerprints() {
    let golden = entries(GOLDEN);
    assert!(
        golden.len() >= 6,
        "loop_a.txt has only {} entries",
        golden.len()
    );
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        update();
        return;
    }
    let failures: Vec<String> = golden
        .iter()
        .filter_map(|&(n, query, hex)| check(query, hex).err().map(|e| format!("line {n}: {e}")))
        .collect();
    assert!(
        failures.is_empty(),
        "{} golden run(s) changed (if deliberate: UPDATE_GOLDEN=1 cargo test --test golden):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

/// Rewrites the golden file with the current fingerprints, keeping comments and order.
fn update() {
    let text = std::fs::read_to_string(GOLDEN_PATH).expect("read loop_a.txt");
    let mut out = String::new();
    for line in text.lines() {
        match line.split_once(' ') {
            Some((query, _)) if !line.starts_with('#') && !line.trim().is_empty() => {
                out.push_str(&format!("{query} {}\n", fingerprint_of_query(query)));
            }
            _ => {
                out.push_str(line);
                out.push('\n');
            }
        }
    }
    std::fs::write(GOLDEN_PATH, out).expect("write loop_a.txt");
    println!("rewrote {GOLDEN_PATH}");
}

#[test]
fn golden_file_is_well_formed() {
    let golden = entries(GOLDEN);
    let mut queries: Vec<&str> = golden.iter().map(|&(_, q, _)| q).collect();
    for &(n, query, hex) in &golden {
        assert!(
            hex.len() == 16
                && hex
                    .chars()
                    .all(|c| c.is_ascii_hexdigit() && !c.is_uppercase()),
            "loop_a.txt:{n}: `{hex}` is not 16 lowercase hex digits"
        );
        assert!(
            ["v=1", "v=2", "v=3"].iter().any(|v| query.starts_with(v)),
            "loop_a.txt:{n}: `{query}` is not a v=1, v=2 or v=3 link"
        );
        assert!(
            !query.contains(' '),
            "loop_a.txt:{n}: `{query}` contains a space"
        );
    }
    queries.sort_unstable();
    queries.dedup();
    assert_eq!(queries.len(), golden.len(), "loop_a.txt repeats a query");
    // Engine v3 reuses v2's fingerprints where it draws alike, so runs differ within an engine.
    let mut hexes: Vec<(&str, &str)> = golden.iter().map(|&(_, q, h)| (&q[..3], h)).collect();
    hexes.sort_unstable();
    hexes.dedup();
    assert_eq!(
        hexes.len(),
        golden.len(),
        "two golden runs of one engine share a fingerprint"
    );
}

/// Engine v3 is v2 with one correction (nine answers in scenario A): every v2 golden link run
/// on v3 has the v2 fingerprint, except those the page names v2's defect for, whose v3 lines
/// differ (so the page's note is exact: it names every changed link and no other).
#[test]
fn engine_v3_is_v2_but_for_nine_answers() {
    let golden = entries(GOLDEN);
    let v3: Vec<(&str, &str)> = golden
        .iter()
        .filter(|e| e.1.starts_with("v=3"))
        .map(|&(_, q, h)| (q, h))
        .collect();
    let mut nine = 0;
    for &(_, query, hex) in golden.iter().filter(|e| e.1.starts_with("v=2")) {
        let on_v3 = format!("v=3{}", &query[3..]);
        let corrected = parse_query(query).0.run.engine_defect().is_some();
        let actual = fingerprint_of_query(&on_v3);
        if corrected {
            nine += 1;
            assert_ne!(actual, hex, "{on_v3} draws as v2 did");
            assert!(
                v3.contains(&(&on_v3, &actual)),
                "{on_v3} {actual} is not golden"
            );
        } else {
            assert_eq!(actual, hex, "{on_v3} differs from {query}");
        }
    }
    assert!(
        nine >= 3 && nine == v3.len(),
        "{nine} nine-answer links, {} v3 lines",
        v3.len()
    );
}

#[test]
fn fingerprint_sees_the_seed_and_ignores_link_spelling() {
    let base = fingerprint_of_query("v=1&r=40&t=5");
    assert_eq!(base, fingerprint_of_query("?t=5&r=40&v=1#anchor"));
    assert_eq!(base, fingerprint_of_query("v=1&r=40&t=5&seed=1"));
    assert_ne!(base, fingerprint_of_query("v=1&r=40&t=5&seed=2"));
    assert_ne!(base, fingerprint_of_query("v=1&r=40&t=5&s=0.5&ver=1"));
}
