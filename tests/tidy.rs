//! Tidy checks on the source tree, in the spirit of rust-analyzer's `xtask/src/tidy.rs`.
//!
//! - every `.rs` file under `src/` starts with a `//!` line saying what it owns;
//! - the pure core (`src/core/`, `src/share.rs`) names no web, plotting, clock, global-RNG or
//!   hash-ordered API in its code (comments may name them, e.g. to state the invariant), and
//!   no `libm::sqrt` (slow in wasm; `f64::sqrt` is exact everywhere);
//! - `src/lib.rs` and `src/main.rs` forbid unsafe code;
//! - no test under `src/` or `tests/` is skipped or expects a panic.
//!
//! Every failure names the file and the rule. The forbidden attributes are spelled by
//! concatenation below so that this file does not trip its own check.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// Identifiers the pure core must not use: the web, plotting, the clock, global or unstable RNGs,
/// and hash maps (iteration order is not part of the determinism contract).
const CORE_FORBIDDEN: &[&str] = &[
    "yew",
    "web_sys",
    "js_sys",
    "wasm_bindgen",
    "gloo",
    "plotters",
    "std::time",
    "Instant",
    "thread_rng",
    "StdRng",
    "HashMap",
    "HashSet",
    // Bit-by-bit software square root in wasm (a third of a large run's time); `f64::sqrt` is
    // IEEE 754's correctly rounded square root on every platform, so bit-identical and fast.
    "libm::sqrt",
];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Every `.rs` file under `dir`, sorted, skipping build output and node modules.
fn rust_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let Ok(entries) = fs::read_dir(&d) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            let name = entry.file_name();
            if path.is_dir() {
                if name != "target" && name != "node_modules" && name != "pkg" {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    out.sort();
    out
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: cannot read: {e}", rel(path)))
}

fn rel(path: &Path) -> String {
    path.strip_prefix(root())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// The source with comments blanked out (string and char literals kept), line structure intact.
///
/// Handles `//` line comments, nested `/* */` block comments, `"..."` strings with escapes and
/// raw strings `r#"..."#`; lifetimes like `'a` are not mistaken for char literals.
fn strip_comments(src: &str) -> String {
    let chars: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            let mut depth = 0;
            while i < chars.len() {
                if chars[i] == '/' && chars.get(i + 1) == Some(&'*') {
                    depth += 1;
                    i += 2;
                } else if chars[i] == '*' && chars.get(i + 1) == Some(&'/') {
                    depth -= 1;
                    i += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    if chars[i] == '\n' {
                        out.push('\n');
                    }
                    i += 1;
                }
            }
        } else if c == 'r'
            && (next == Some('"') || next == Some('#'))
            && !ident_char_before(&chars, i)
        {
            // Raw string: r"..." or r#"..."#.
            let mut j = i + 1;
            let mut hashes = 0;
            while chars.get(j) == Some(&'#') {
                hashes += 1;
                j += 1;
            }
            if chars.get(j) != Some(&'"') {
                out.push(c);
                i += 1;
                continue;
            }
            let closing: String = std::iter::once('"')
                .chain((0..hashes).map(|_| '#'))
                .collect();
            let body_start = j + 1;
            let rest: String = chars[body_start..].iter().collect();
            let body_len = rest
                .find(&closing)
                .map_or(rest.len(), |k| rest[..k].chars().count());
            let end = (body_start + body_len + closing.chars().count()).min(chars.len());
            out.extend(&chars[i..end]);
            i = end;
        } else if c == '"' {
            out.push(c);
            i += 1;
            while i < chars.len() {
                out.push(chars[i]);
                if chars[i] == '\\' {
                    if let Some(&escaped) = chars.get(i + 1) {
                        out.push(escaped);
                    }
                    i += 2;
                    continue;
                }
                i += 1;
                if chars[i - 1] == '"' {
                    break;
                }
            }
        } else if c == '\'' {
            // A char literal ('x', '\n', '\'') or a lifetime ('a): copy a literal whole so a
            // quote or slash inside it is not read as the start of something else.
            let literal_len = match (next, chars.get(i + 2), chars.get(i + 3)) {
                (Some('\\'), _, _) => chars[i + 2..]
                    .iter()
                    .skip(1)
                    .position(|&ch| ch == '\'')
                    .map(|k| k + 4),
                (Some(_), Some('\''), _) => Some(3),
                _ => None,
            };
            let end = (i + literal_len.unwrap_or(1)).min(chars.len());
            out.extend(&chars[i..end]);
            i = end;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

fn ident_char_before(chars: &[char], i: usize) -> bool {
    i > 0 && is_ident_char(chars[i - 1])
}

fn is_ident_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Occurrences of `word` in `code` as a whole identifier path (not inside a longer identifier),
/// as 1-based line numbers.
fn find_word(code: &str, word: &str) -> Vec<usize> {
    let mut lines = Vec::new();
    for (n, line) in code.lines().enumerate() {
        let mut from = 0;
        while let Some(k) = line[from..].find(word) {
            let start = from + k;
            let end = start + word.len();
            let before = line[..start].chars().next_back();
            let after = line[end..].chars().next();
            if !before.is_some_and(is_ident_char) && !after.is_some_and(is_ident_char) {
                lines.push(n + 1);
                break;
            }
            from = end;
        }
    }
    lines
}

/// Violations of the core boundary in one file's source, as `(word, line)`.
fn core_violations(src: &str) -> Vec<(&'static str, usize)> {
    let code = strip_comments(src);
    let mut out = Vec::new();
    for &word in CORE_FORBIDDEN {
        for line in find_word(&code, word) {
            out.push((word, line));
        }
    }
    out
}

fn report(failures: &[String]) {
    assert!(
        failures.is_empty(),
        "tidy found {} problem(s):\n  {}",
        failures.len(),
        failures.join("\n  ")
    );
}

#[test]
fn every_source_file_starts_with_a_module_doc() {
    let files = rust_files(&root().join("src"));
    assert!(files.len() >= 8, "found only {files:?}");
    let mut failures = Vec::new();
    for path in files {
        let src = read(&path);
        let first = src.lines().next().unwrap_or("");
        if !first.starts_with("//!") {
            failures.push(format!(
                "{}: rule `module doc`: the first line must be a `//!` comment saying what the \
                 file owns, found {first:?}",
                rel(&path)
            ));
        }
    }
    report(&failures);
}

#[test]
fn the_core_uses_no_web_clock_or_global_rng() {
    let mut files = rust_files(&root().join("src/core"));
    assert!(!files.is_empty(), "src/core has no .rs files");
    files.push(root().join("src/share.rs"));
    let mut failures = Vec::new();
    for path in files {
        for (word, line) in core_violations(&read(&path)) {
            failures.push(format!(
                "{}:{line}: rule `pure core`: `{word}` is forbidden in src/core and src/share.rs \
                 (no web, plotting, clock, global RNG or hash-ordered maps; see src/core/mod.rs)",
                rel(&path)
            ));
        }
    }
    report(&failures);
}

#[test]
fn crate_roots_forbid_unsafe_code() {
    let mut failures = Vec::new();
    for file in ["src/lib.rs", "src/main.rs"] {
        let path = root().join(file);
        let code = strip_comments(&read(&path));
        if !code.contains("#![forbid(unsafe_code)]") {
            failures.push(format!(
                "{file}: rule `forbid unsafe`: the crate root must say #![forbid(unsafe_code)]"
            ));
        }
    }
    report(&failures);
}

#[test]
fn no_test_is_skipped_or_expects_a_panic() {
    let banned = [
        ["#[", "ignore"].concat(),
        ["#[", "should_panic"].concat(),
        ["#[cfg_attr(", ""].concat(),
    ];
    let mut failures = Vec::new();
    for dir in ["src", "tests"] {
        for path in rust_files(&root().join(dir)) {
            let code = strip_comments(&read(&path));
            for (n, line) in code.lines().enumerate() {
                let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
                let skipped = compact.contains(&banned[0])
                    || compact.contains(&banned[1])
                    || (compact.contains(&banned[2])
                        && (compact.contains(",ignore") || compact.contains(",should_panic")));
                if skipped {
                    failures.push(format!(
                        "{}:{}: rule `no skipped tests`: tests are neither ignored nor expected \
                         to panic (STYLE.md), found {:?}",
                        rel(&path),
                        n + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    report(&failures);
}

/// The checker itself must be able to fail: it catches a forbidden name in code, not in comments
/// or inside a longer identifier, and it does not lose code after tricky literals.
#[test]
fn tidy_rules_catch_what_they_should() {
    let src = "//! Doc mentioning yew and HashMap is fine.\n\
               /* block: plotters /* nested */ thread_rng */\n\
               use std::collections::HashMap;\n\
               fn f<'a>(x: &'a str) -> char { let _ = \"// not a comment\"; '\"' }\n\
               let t = std::time::Instant::now(); // trailing yew\n\
               let ok = my_yew_thing + gloop + StdRngLike;\n\
               let raw = r#\"a \" quote\"#; let s = web_sys::window();\n";
    let found = core_violations(src);
    assert_eq!(
        found,
        vec![
            ("web_sys", 7),
            ("std::time", 5),
            ("Instant", 5),
            ("HashMap", 3)
        ],
        "stripped:\n{}",
        strip_comments(src)
    );
    assert!(core_violations("//! only comments: yew gloo Instant\n").is_empty());
    assert_eq!(strip_comments("a /* x\ny */ b"), "a \n b");
    assert_eq!(strip_comments("let c = '/'; // x"), "let c = '/'; ");
}
