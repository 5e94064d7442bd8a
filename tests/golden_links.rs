//! Golden share links: what old `v=1` links open, pinned so no later change breaks them silently.
//!
//! `tests/golden/links.txt` holds one `<link> => <canonical query> | <n> notes` per line (`#`
//! starts a comment; a link holds no spaces, percent-encode them). For each line, `check` asserts
//! that `parse_query(link)` reports exactly `n` corrections and that the app writes the state
//! back as `<canonical query>` (`to_query`), and that what the app writes is a fixed point: it
//! reopens the same state with no corrections and writes itself again. A failure means a link
//! someone shared now opens a different state (or is corrected differently): a break of the share
//! link's compatibility contract unless deliberate. Then regenerate with
//! `UPDATE_GOLDEN=1 cargo test --test golden_links` and say why in the commit; a line holding only
//! a link is filled in by the regeneration, so that is also how to add links.
#![cfg(not(target_arch = "wasm32"))]

use infoloop_core::link::{parse_query, to_query};

const GOLDEN: &str = include_str!("golden/links.txt");
const GOLDEN_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/golden/links.txt");

/// One golden line: its 1-based line number, the link, the canonical query and the note count.
struct Entry<'a> {
    line: usize,
    link: &'a str,
    canonical: &'a str,
    notes: usize,
    /// The `<n> notes` part as written.
    notes_text: &'a str,
}

fn is_entry(line: &str) -> bool {
    !line.trim().is_empty() && !line.starts_with('#')
}

/// Splits `<link> => <canonical> | <n> notes`.
fn parse_line(n: usize, line: &str) -> Entry<'_> {
    fn bad<T>(n: usize, line: &str) -> T {
        panic!("links.txt:{n}: expected `<link> => <canonical query> | <n> notes`, got `{line}`")
    }
    let (link, rest) = line.split_once(" => ").unwrap_or_else(|| bad(n, line));
    let (canonical, notes_text) = rest.rsplit_once(" | ").unwrap_or_else(|| bad(n, line));
    let notes = notes_text
        .split_whitespace()
        .next()
        .and_then(|w| w.parse().ok())
        .unwrap_or_else(|| bad(n, line));
    Entry {
        line: n,
        link,
        canonical,
        notes,
        notes_text,
    }
}

fn entries(text: &str) -> Vec<Entry<'_>> {
    text.lines()
        .enumerate()
        .filter(|(_, line)| is_entry(line))
        .map(|(i, line)| parse_line(i + 1, line))
        .collect()
}

fn notes_text(n: usize) -> String {
    format!("{n} note{}", if n == 1 { "" } else { "s" })
}

/// The golden line the current code writes for `link`.
fn golden_line(link: &str) -> String {
    let (state, notes) = parse_query(link);
    format!(
        "{link} => {} | {}",
        to_query(&state),
        notes_text(notes.len())
    )
}

/// Checks one link against its canonical query and note count.
fn check(link: &str, canonical: &str, notes: usize) -> Result<(), String> {
    let (state, corrections) = parse_query(link);
    let written = to_query(&state);
    let mut errors = Vec::new();
    if written != canonical {
        errors.push(format!("writes back `{written}`, golden `{canonical}`"));
    }
    if corrections.len() != notes {
        let list: Vec<String> = corrections.iter().map(|c| c.to_string()).collect();
        errors.push(format!(
            "{} corrections, golden {notes}: {list:?}",
            corrections.len()
        ));
    }
    // What the app writes back must reopen the same state, silently, and write itself again.
    let (again, again_notes) = parse_query(&written);
    if again != state {
        errors.push(format!(
            "`{written}` reopens another state: {again:?} vs {state:?}"
        ));
    }
    if !again_notes.is_empty() {
        errors.push(format!("`{written}` needs corrections: {again_notes:?}"));
    }
    if to_query(&again) != written {
        errors.push(format!("`{written}` writes back `{}`", to_query(&again)));
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(format!("{link}: {}", errors.join("; ")))
    }
}

#[test]
fn golden_links() {
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        update();
        return;
    }
    let golden = entries(GOLDEN);
    let failures: Vec<String> = golden
        .iter()
        .filter_map(|e| {
            check(e.link, e.canonical, e.notes)
                .err()
                .map(|err| format!("line {}: {err}", e.line))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} golden link(s) changed (if deliberate: UPDATE_GOLDEN=1 cargo test --test golden_links):\n  {}",
        failures.len(),
        golden.len(),
        failures.join("\n  ")
    );
}

/// Rewrites the golden file from the current code, keeping comments and order. A line may hold
/// only a link (a new one); it gets its canonical query and note count.
fn update() {
    let text = std::fs::read_to_string(GOLDEN_PATH).expect("read links.txt");
    let mut out = String::new();
    for line in text.lines() {
        if is_entry(line) {
            let link = line.split_once(" => ").map_or(line.trim(), |(l, _)| l);
            out.push_str(&golden_line(link));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    std::fs::write(GOLDEN_PATH, out).expect("write links.txt");
    println!("rewrote {GOLDEN_PATH}");
}

#[test]
fn golden_links_file_is_well_formed() {
    if std::env::var("UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        return; // the file is being rewritten; the compiled-in copy may hold link-only lines
    }
    let golden = entries(GOLDEN);
    assert!(
        golden.len() >= 20,
        "links.txt has only {} links",
        golden.len()
    );
    for e in &golden {
        let n = e.line;
        assert!(
            !e.link.is_empty() && !e.link.contains(char::is_whitespace),
            "links.txt:{n}: the link `{}` is empty or holds whitespace",
            e.link
        );
        let versioned = ["v=1", "v=2", "v=3"]
            .iter()
            .any(|v| e.canonical == *v || e.canonical.starts_with(&format!("{v}&")));
        assert!(
            versioned && !e.canonical.contains(char::is_whitespace),
            "links.txt:{n}: `{}` is not a canonical v=1, v=2 or v=3 query",
            e.canonical
        );
        // A link made on engine v1 opens on v1 forever: its canonical query says v=1.
        let v1 = e
            .link
            .trim_start_matches('?')
            .split('&')
            .find(|p| p.starts_with("v="));
        if v1 == Some("v=1") {
            assert!(
                e.canonical == "v=1" || e.canonical.starts_with("v=1&"),
                "links.txt:{n}: the v=1 link `{}` must stay on v=1, writes `{}`",
                e.link,
                e.canonical
            );
        }
        assert_eq!(
            e.notes_text,
            notes_text(e.notes),
            "links.txt:{n}: write the count as `{}`",
            notes_text(e.notes)
        );
    }
    let mut links: Vec<&str> = golden.iter().map(|e| e.link).collect();
    links.sort_unstable();
    links.dedup();
    assert_eq!(links.len(), golden.len(), "links.txt repeats a link");
    let corrected = golden.iter().filter(|e| e.notes > 0).count();
    assert!(
        corrected >= 5 && golden.len() - corrected >= 5,
        "links.txt should pin both valid links and corrected ones ({corrected} of {} corrected)",
        golden.len()
    );
}
