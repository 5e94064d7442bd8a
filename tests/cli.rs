//! The command line (`src/bin/infoloop-cli.rs`) against the page's numbers: its curves carry
//! the golden fingerprints (single- and multi-threaded), its exports are the page's export
//! functions' output byte for byte, and a sweep split into shards and merged is byte for byte
//! the unsharded sweep (which is the page's sweep).
#![cfg(not(target_arch = "wasm32"))]

use infoloop_core::link::{parse_query, to_query};
use infoloop_core::scenario::Curves;
use infoloop_core::sweep::SweepJob;
use std::process::Command;

const GOLDEN: &str = include_str!("golden/loop_a.txt");

/// Runs the command line; returns stdout, or panics with stderr.
fn cli(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_infoloop-cli"))
        .args(args)
        .output()
        .expect("infoloop-cli runs");
    assert!(
        out.status.success(),
        "infoloop-cli {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("utf-8 output")
}

/// Runs the command line expecting a failure; returns stderr.
fn cli_fails(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_infoloop-cli"))
        .args(args)
        .output()
        .expect("infoloop-cli runs");
    assert!(!out.status.success(), "infoloop-cli {args:?} succeeded");
    String::from_utf8(out.stderr).expect("utf-8 output")
}

fn golden(query: &str) -> &'static str {
    GOLDEN
        .lines()
        .find_map(|l| l.strip_prefix(query)?.strip_prefix(' '))
        .unwrap_or_else(|| panic!("{query} is not in the golden file"))
}

#[test]
fn curves_carry_the_golden_fingerprints_on_any_number_of_threads() {
    for query in [
        "v=1&sc=transfer&c=0&m=8&r=20&seed=5",
        "v=2&sc=transfer&c=0&m=8&r=20&seed=5",
        "v=2&acc=1&b=0.5&k=5&n=100&t=25&r=300",
        "v=2&sc=hacking&rho=0.5&b=0.3&seed=4",
        "v=2&sc=gauss&ver=1&om=0.3&r=200&seed=3",
    ] {
        for threads in ["1", "3"] {
            let fp = cli(&[
                "curves",
                query,
                "--format",
                "fingerprint",
                "--threads",
                threads,
            ]);
            assert_eq!(fp.trim(), golden(query), "{query} on {threads} threads");
        }
        // The JSON export states the fingerprint of the run it holds.
        let json = cli(&["curves", query, "--format", "json"]);
        let line = format!("\"fingerprint\": \"{}\"", golden(query));
        assert!(json.contains(&line), "{query}: JSON without {line}");
    }
}

#[test]
fn curves_are_the_pages_export() {
    let query = "v=2&ver=1&s=0.4&r=200&t=10";
    let (share, _) = parse_query(query);
    let run = share.run.run();
    let link = format!("?{}", to_query(&share));
    assert_eq!(
        cli(&["curves", query]),
        infoloop::export::csv(&run, &share, &link)
    );
    // A full address works too, and a leading `?`.
    let json = infoloop::export::json(&run, &share, &link);
    assert_eq!(
        cli(&[
            "curves",
            &format!("https://example.org/app/?{query}"),
            "--format",
            "json"
        ]),
        json
    );
    assert_eq!(
        cli(&["curves", &format!("?{query}"), "--format", "json"]),
        json
    );
}

#[test]
fn a_sweep_is_the_pages_sweep_and_its_shards_merge_into_it_byte_for_byte() {
    let query = "v=1&sc=transfer&sw=1&sn=4&r=10&t=40";
    let whole = cli(&["sweep", query]);
    // The page's sweep of the same link: the golden fingerprint and the same CSV.
    let (mut share, _) = parse_query(query);
    share.sweep_on = true;
    let grid = SweepJob::run(&share.run, &share.sweep);
    assert_eq!(grid.fingerprint(), golden(query));
    let link = format!("?{}", to_query(&share));
    assert_eq!(whole, infoloop::export::sweep_csv(&grid, &share, &link));

    let dir = std::env::temp_dir().join(format!("infoloop-cli-test-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    for n in [1usize, 3, 16, 20] {
        let mut files = Vec::new();
        // Written in reverse, merged in any order.
        for i in (1..=n).rev() {
            let part = cli(&[
                "sweep",
                query,
                "--shard",
                &format!("{i}/{n}"),
                "--threads",
                "2",
            ]);
            let path = dir.join(format!("part-{i}-of-{n}.txt"));
            std::fs::write(&path, part).unwrap();
            files.push(path.to_string_lossy().into_owned());
        }
        let mut args = vec!["merge"];
        args.extend(files.iter().map(String::as_str));
        assert_eq!(cli(&args), whole, "{n} shards");
        if n == 3 {
            let missing = cli_fails(&["merge", &files[0], &files[1]]);
            assert!(missing.contains("part 1/3 is missing"), "{missing}");
            let twice = cli_fails(&["merge", &files[0], &files[0], &files[1], &files[2]]);
            assert!(twice.contains("given twice"), "{twice}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn wrong_command_lines_say_what_is_wrong() {
    assert!(cli_fails(&[]).contains("no command"));
    assert!(cli_fails(&["curves"]).contains("no link query"));
    assert!(cli_fails(&["curves", "v=2", "--format", "xml"]).contains("csv, json or fingerprint"));
    assert!(cli_fails(&["sweep", "v=2", "--shard", "0/3"]).contains("1 <= i <= n"));
    assert!(cli_fails(&["sweep", "v=2", "--shard", "4/3"]).contains("1 <= i <= n"));
    assert!(cli_fails(&["curves", "v=2", "--bogus", "1"]).contains("unknown option"));
    assert!(cli_fails(&["merge"]).contains("needs the parts"));
}
