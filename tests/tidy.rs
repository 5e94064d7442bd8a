//! Tidy checks on the source tree, in the spirit of rust-analyzer's `xtask/src/tidy.rs`.
//!
//! - every `.rs` file under `src/` starts with a `//!` line saying what it owns;
//! - the pure core (`src/core/`, its own crate) depends only on an allowlist of crates (so no
//!   web or plotting crate can reach it: the compiler enforces the boundary), and its
//!   `clippy.toml` forbids the clock, global RNGs, hash-ordered containers and `libm::sqrt`
//!   (clippy enforces it: `cargo clippy --workspace -- -D warnings`);
//! - no file outside a scenario's folder and the registry names a scenario;
//! - the crate roots forbid unsafe code;
//! - no test under `src/` or `tests/` is skipped or expects a panic.
//!
//! Every failure names the file and the rule. The forbidden attributes are spelled by
//! concatenation below so that this file does not trip its own check.
#![cfg(not(target_arch = "wasm32"))]

use std::fs;
use std::path::{Path, PathBuf};

/// The crates the pure core may depend on (by name in its Cargo.toml `[dependencies]`).
const CORE_DEPENDENCIES: &[&str] = &["rand", "rand_chacha", "libm"];

/// What the core's clippy.toml must forbid (paths as clippy writes them).
const CORE_DISALLOWED: &[&str] = &[
    "std::collections::HashMap",
    "std::collections::HashSet",
    "std::time::Instant",
    "std::time::SystemTime",
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

/// Occurrences of any of `words` in one file's code (comments blanked), as `(word, line)`.
fn violations<'a>(src: &str, words: &[&'a str]) -> Vec<(&'a str, usize)> {
    let code = strip_comments(src);
    let mut out = Vec::new();
    for &word in words {
        for line in find_word(&code, word) {
            out.push((word, line));
        }
    }
    out
}

/// The names in the `[dependencies]` table of a Cargo.toml.
fn dependencies(toml: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut inside = false;
    for line in toml.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == "[dependencies]";
        } else if inside && !line.is_empty() && !line.starts_with('#') {
            if let Some((name, _)) = line.split_once('=') {
                out.push(name.trim().to_string());
            }
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
fn the_core_depends_on_no_web_crate_and_clippy_guards_its_purity() {
    let toml = read(&root().join("src/core/Cargo.toml"));
    let deps = dependencies(&toml);
    assert!(deps.iter().any(|d| d == "libm"), "parsed {deps:?}");
    let mut failures: Vec<String> = deps
        .iter()
        .filter(|d| !CORE_DEPENDENCIES.contains(&d.as_str()))
        .map(|d| {
            format!(
                "src/core/Cargo.toml: rule `pure core`: `{d}` is not in the core's allowlist \
                 {CORE_DEPENDENCIES:?} (no web, plotting or platform crate in the core)"
            )
        })
        .collect();
    // rand without its default features has no global or OS generator to call.
    let rand_line = toml.lines().find(|l| l.trim_start().starts_with("rand ="));
    if !rand_line.is_some_and(|l| l.contains("default-features = false")) {
        failures.push(
            "src/core/Cargo.toml: rule `pure core`: rand must have `default-features = false`"
                .to_string(),
        );
    }
    let clippy = read(&root().join("src/core/clippy.toml"));
    for path in CORE_DISALLOWED {
        if !clippy.contains(&format!("\"{path}\"")) {
            failures.push(format!(
                "src/core/clippy.toml: rule `pure core`: `{path}` must be disallowed"
            ));
        }
    }
    report(&failures);
}

/// Outside its own folder under `src/core/scenarios/` and the registry, no file under `src/`
/// names a scenario: the shell, links, sweeps and benchmarks reach scenarios through the
/// registry only.
#[test]
fn scenarios_are_named_only_in_their_folder_and_the_registry() {
    let dir = root().join("src/core/scenarios");
    let mut names: Vec<String> = fs::read_dir(&dir)
        .expect("src/core/scenarios")
        .flatten()
        .filter(|e| e.path().is_dir())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert!(names.len() >= 2, "scenario folders: {names:?}");
    // A scenario is named by its module path (`scenarios::<folder>`) or its link key in quotes.
    let paths: Vec<String> = names.iter().map(|n| format!("scenarios::{n}")).collect();
    let keys: Vec<String> = infoloop_core::registry::all()
        .map(|s| format!("\"{}\"", s.key()))
        .collect();
    let words: Vec<&str> = paths.iter().chain(&keys).map(String::as_str).collect();
    let mut failures = Vec::new();
    for path in rust_files(&root().join("src")) {
        let name = rel(&path);
        let own = names
            .iter()
            .any(|n| name.starts_with(&format!("src/core/scenarios/{n}/")));
        if own || name == "src/core/scenarios/mod.rs" {
            continue;
        }
        // A markup attribute's value (`type="text"` in `html!`) is not a scenario's key.
        let mut code = read(&path);
        for key in &keys {
            code = code.replace(&format!("={key}"), "=\"…\"");
        }
        for (word, line) in violations(&code, &words) {
            failures.push(format!(
                "{name}:{line}: rule `one folder per scenario`: `{word}` is named outside its \
                 folder and the registry"
            ));
        }
    }
    report(&failures);
}

#[test]
fn crate_roots_forbid_unsafe_code() {
    let mut failures = Vec::new();
    for file in ["src/lib.rs", "src/main.rs", "src/core/lib.rs"] {
        let path = root().join(file);
        let code = strip_comments(&read(&path));
        if !code.contains("#![forbid(unsafe_code)]") {
            failures.push(format!(
                "{file}: rule `forbid unsafe`: the crate root must say #![forbid(unsafe_code)]"
            ));
        }
    }
    failures.extend(c_math_shims_only(&strip_comments(&read(
        &root().join("src/cmath/lib.rs"),
    ))));
    report(&failures);
}

/// The one crate allowed `#[no_mangle]` (src/cmath/lib.rs): it denies unsafe code, and each
/// `allow(unsafe_code)` is one exported C math function that calls its `libm` namesake.
fn c_math_shims_only(code: &str) -> Vec<String> {
    let mut failures = Vec::new();
    let fail = |why: &str| format!("src/cmath/lib.rs: rule `forbid unsafe`: {why}");
    if !code.contains("#![deny(unsafe_code)]") {
        failures.push(fail("the crate root must say #![deny(unsafe_code)]"));
    }
    let lines: Vec<&str> = code.lines().map(str::trim).collect();
    for (i, line) in lines.iter().enumerate() {
        if !line.contains("unsafe") || line.starts_with("#![deny(unsafe_code)]") {
            continue;
        }
        let shim = *line == "#[allow(unsafe_code)]"
            && lines.get(i + 1) == Some(&"#[no_mangle]")
            && lines
                .get(i + 2)
                .is_some_and(|l| l.starts_with("pub extern \"C\" fn ") && l.ends_with("-> f64 {"))
            && lines.get(i + 3).is_some_and(|l| {
                let name = lines[i + 2]["pub extern \"C\" fn ".len()..]
                    .split('(')
                    .next()
                    .unwrap_or("");
                l.starts_with(&format!("libm::{name}("))
            })
            && lines.get(i + 4) == Some(&"}");
        if !shim {
            failures.push(fail(&format!(
                "line {}: only `#[allow(unsafe_code)] #[no_mangle] pub extern \"C\" fn f(..) -> \
                 f64 {{ libm::f(..) }}` may use unsafe code here, found `{line}`",
                i + 1
            )));
        }
    }
    failures
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

/// The checker itself must be able to fail: it catches a name in code, not in comments or
/// inside a longer identifier, and it does not lose code after tricky literals; the dependency
/// reader sees only `[dependencies]`.
#[test]
fn tidy_rules_catch_what_they_should() {
    let words = ["web_sys", "std::time", "Instant", "HashMap", "\"loop\""];
    let src = "//! Doc mentioning \"loop\" and HashMap is fine.\n\
               /* block: plotters /* nested */ thread_rng */\n\
               use std::collections::HashMap;\n\
               fn f<'a>(x: &'a str) -> char { let _ = \"// not a comment\"; '\"' }\n\
               let t = std::time::Instant::now(); // trailing yew\n\
               let ok = my_web_sys_thing + Instants + \"loops\";\n\
               let raw = r#\"a \" quote\"#; let s = web_sys::window(); let k = \"loop\";\n";
    let found = violations(src, &words);
    assert_eq!(
        found,
        vec![
            ("web_sys", 7),
            ("std::time", 5),
            ("Instant", 5),
            ("HashMap", 3),
            ("\"loop\"", 7)
        ],
        "stripped:\n{}",
        strip_comments(src)
    );
    assert!(violations("//! only comments: yew gloo Instant\n", &words).is_empty());
    assert_eq!(strip_comments("a /* x\ny */ b"), "a \n b");
    assert_eq!(strip_comments("let c = '/'; // x"), "let c = '/'; ");
    let toml = "[package]\nname = \"x\"\n[dependencies]\nlibm = \"0.2\"\n# c\nyew = \"1\"\n\
                [dev-dependencies]\nproptest = \"1\"\n";
    assert_eq!(
        dependencies(toml),
        vec!["libm".to_string(), "yew".to_string()]
    );
    let shim = "#![deny(unsafe_code)]\n#[allow(unsafe_code)]\n#[no_mangle]\n\
                pub extern \"C\" fn log(x: f64) -> f64 {\n    libm::log(x)\n}\n";
    assert!(c_math_shims_only(shim).is_empty());
    assert_eq!(
        c_math_shims_only(&shim.replace("libm::log(x)", "libm::exp(x)")).len(),
        1
    );
    assert_eq!(
        c_math_shims_only(&shim.replace("#![deny", "#![allow")).len(),
        2
    );
    assert_eq!(
        c_math_shims_only(&format!("{shim}unsafe {{ f() }}\n")).len(),
        1
    );
}

/// The page's code sorts and parses numbers with the core's small routines (`sort`, `decimal`):
/// each use of the standard library's sorts adds 2 to 8 KB of wasm, and its float parser 14 KB.
/// Test code may use them.
#[test]
fn page_code_uses_the_small_sorts_and_number_parser() {
    const HEAVY: &[&str] = &[
        ".sort()",
        ".sort_by(",
        ".sort_by_key(",
        ".sort_unstable",
        ".select_nth_unstable",
        "parse::<f64>",
        "parse::<f32>",
    ];
    // (file, pattern) pairs allowed: none (KSG's ranks use the core's radix sort).
    const ALLOWED: &[(&str, &str)] = &[];
    let mut failures = Vec::new();
    for path in rust_files(&root().join("src")) {
        let name = rel(&path);
        if name.starts_with("src/bin/") {
            continue; // native command-line tools are not in the page
        }
        let code = strip_comments(&read(&path));
        let page_code = code.split("#[cfg(test)]").next().unwrap_or("");
        for (n, line) in page_code.lines().enumerate() {
            for &heavy in HEAVY {
                if line.contains(heavy) && !ALLOWED.contains(&(name.as_str(), heavy)) {
                    failures.push(format!(
                        "{name}:{}: rule `small sorts`: `{heavy}`; use infoloop_core::sort or \
                         infoloop_core::decimal",
                        n + 1
                    ));
                }
            }
        }
    }
    report(&failures);
}
