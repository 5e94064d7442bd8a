//! The benchmark cases: one list for the native benchmark (`benches/sim.rs`), the browser
//! benchmark (`window.infoloop.benchCases()`) and the command line. Every registered scenario's
//! default run, then the cases each scenario declares, all on the newest engine (what a new
//! link computes); no scenario is named here.

use crate::link::{parse_query, to_query};
use crate::random::stream::Engine;
use crate::registry;

/// A benchmark case: a name and the link it runs.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchCase {
    /// "`<scenario key>` default" or "`<scenario key>` `<case>`".
    pub name: String,
    /// Its scenario's tab label.
    pub scenario: &'static str,
    /// The share-link query it runs, canonical (as the page writes it).
    pub query: String,
}

/// The cases, in registry order.
///
/// ```
/// let cases = infoloop_core::bench::cases();
/// assert!(cases.iter().any(|c| c.query == "v=3" && c.name.ends_with(" default")));
/// ```
pub fn cases() -> Vec<BenchCase> {
    let canonical = |query: String| to_query(&parse_query(&query).0);
    let mut cases = Vec::new();
    for s in registry::all() {
        let base = format!("v={}&sc={}", Engine::LATEST.number(), s.key());
        cases.push(BenchCase {
            name: format!("{} default", s.key()),
            scenario: s.info().label,
            query: canonical(base.clone()),
        });
        for (name, settings) in s.bench() {
            cases.push(BenchCase {
                name: format!("{} {name}", s.key()),
                scenario: s.info().label,
                query: canonical(format!("{base}&{settings}")),
            });
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_case_is_a_clean_link() {
        for case in super::cases() {
            let (_, notes) = crate::link::parse_query(&case.query);
            assert!(notes.is_empty(), "{}: {notes:?}", case.name);
        }
    }
}
