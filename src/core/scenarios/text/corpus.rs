//! The real English words of scenario G: parsed once from `static/words-en.txt` (or any text in
//! its format), held by rank with their frequencies, split deterministically into a training
//! pool and a held-out set, with exact dictionary lookup and the prefix tree the exact
//! evaluations walk.
//!
//! Format (the header of `static/words-en.txt` states it too): lines starting with `#` are
//! comments and blank lines are skipped; every other line is `word<TAB>count` or a bare `word`,
//! one word per line in rank order (most frequent first). A bare word has the count of the line
//! before; the first word must have one. A word is 1 to [`MAX_CORPUS_WORD_LEN`] letters `a`-`z`;
//! a count is a positive integer; counts never increase down the list; no word appears twice.
//! A carriage return before the newline is ignored. [`Corpus::parse`] is total: malformed text
//! is a [`CorpusError`] naming the line, never a panic.
//!
//! Held-out set: every [`HELD_OUT_EVERY`]-th word by rank (0-based ranks `9, 19, 29, ...`), a
//! deterministic sample stratified over the whole frequency range. The model never trains on
//! them: generation 0's words and fresh real words are drawn from the other words (the training
//! pool) in proportion to their counts. The dictionary (what is a "real word") is all words.
//!
//! Words are stored as [`WordCode`]s: letters `a`-`z` as 5-bit symbols `1..=26`, the first letter
//! in the highest bits, zero-padded, so integer order is alphabetical order (a prefix first) and
//! dictionary lookup is a binary search over sorted integers. No hash map anywhere.

use core::fmt;

/// Number of symbols of the character models: the end-of-word symbol [`END`] and `a`-`z`.
pub const ALPHABET: usize = 27;

/// The end-of-word symbol (also the padding of the context before a word's first letter).
pub const END: u8 = 0;

/// Longest string the models generate, in letters: a string that reaches it is cut there.
pub const MAX_GENERATED_LEN: usize = 20;

/// Longest word a corpus may hold, in letters: shorter than [`MAX_GENERATED_LEN`], so the cut
/// never changes a real word's probability.
pub const MAX_CORPUS_WORD_LEN: usize = MAX_GENERATED_LEN - 1;

/// Every `HELD_OUT_EVERY`-th word by rank (0-based ranks `HELD_OUT_EVERY - 1`, then every
/// `HELD_OUT_EVERY`) is held out of training.
pub const HELD_OUT_EVERY: usize = 10;

/// Fewest words a corpus needs: one held-out word and some to train on.
pub const MIN_WORDS: usize = HELD_OUT_EVERY;

/// Most words a corpus may hold.
pub const MAX_WORDS: usize = 1_000_000;

/// A string of at most 25 letters packed into an integer: symbol `i` (`1..=26` for `a`-`z`) in
/// bits `5 (24 - i)` to `5 (24 - i) + 4`, zeros after the last letter. Integer order is
/// alphabetical order.
pub type WordCode = u128;

/// Letters a [`WordCode`] holds.
const CODE_LETTERS: usize = 25;

/// The code of `symbols` (each `1..=26`, at most 25 of them).
pub fn encode(symbols: &[u8]) -> WordCode {
    debug_assert!(symbols.len() <= CODE_LETTERS);
    let mut code: WordCode = 0;
    for (i, &s) in symbols.iter().enumerate() {
        code |= (s as WordCode) << (5 * (CODE_LETTERS - 1 - i));
    }
    code
}

/// Symbol `i` of a code (`0` past its end).
#[inline(always)]
pub fn symbol_at(code: WordCode, i: usize) -> u8 {
    ((code >> (5 * (CODE_LETTERS - 1 - i))) & 0x1f) as u8
}

/// `code` with symbol `sym` set at position `i` (which must be zero).
#[inline(always)]
pub fn with_symbol(code: WordCode, i: usize, sym: u8) -> WordCode {
    code | (sym as WordCode) << (5 * (CODE_LETTERS - 1 - i))
}

/// The string a code spells (`a`-`z`).
pub fn decode(code: WordCode) -> String {
    (0..CODE_LETTERS)
        .map(|i| symbol_at(code, i))
        .take_while(|&s| s != 0)
        .map(|s| (b'a' + s - 1) as char)
        .collect()
}

/// Why a text is not a corpus. Lines are numbered from 1.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CorpusError {
    /// Fewer words than [`MIN_WORDS`].
    TooFewWords {
        /// Words found.
        found: usize,
    },
    /// More words than [`MAX_WORDS`].
    TooManyWords,
    /// A word with a character outside `a`-`z`, or an empty word.
    BadWord {
        /// The line.
        line: usize,
    },
    /// A word longer than [`MAX_CORPUS_WORD_LEN`] letters.
    WordTooLong {
        /// The line.
        line: usize,
    },
    /// The first word has no count.
    MissingCount {
        /// The line.
        line: usize,
    },
    /// A count that is not a positive integer (or too large), or a line with more than two
    /// tab-separated fields.
    BadCount {
        /// The line.
        line: usize,
    },
    /// A count larger than the one before it (the list must be in rank order).
    CountIncreases {
        /// The line.
        line: usize,
    },
    /// A word that appeared before.
    Duplicate {
        /// The line of the second occurrence.
        line: usize,
    },
}

impl fmt::Display for CorpusError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CorpusError::TooFewWords { found } => {
                write!(f, "{found} words; a corpus needs at least {MIN_WORDS}")
            }
            CorpusError::TooManyWords => write!(f, "more than {MAX_WORDS} words"),
            CorpusError::BadWord { line } => {
                write!(f, "line {line}: a word is one or more letters a-z")
            }
            CorpusError::WordTooLong { line } => {
                write!(
                    f,
                    "line {line}: words have at most {MAX_CORPUS_WORD_LEN} letters"
                )
            }
            CorpusError::MissingCount { line } => {
                write!(f, "line {line}: the first word needs a count")
            }
            CorpusError::BadCount { line } => {
                write!(
                    f,
                    "line {line}: a count is a positive integer after one tab"
                )
            }
            CorpusError::CountIncreases { line } => {
                write!(f, "line {line}: counts must not increase down the list")
            }
            CorpusError::Duplicate { line } => write!(f, "line {line}: the word appeared before"),
        }
    }
}

impl std::error::Error for CorpusError {}

/// The prefix tree of every corpus word, independent of the model order: node `v > 0` appends
/// `symbol[v]` to its parent's prefix; node 0 is the empty prefix. Nodes are numbered breadth
/// first (by depth), so a parent comes before its children and the nodes of one depth do not
/// depend on each other.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PrefixTree {
    /// Parent of each node (`parent[0] = 0`).
    pub parent: Vec<u32>,
    /// Letter (`1..=26`) each node appends (`symbol[0] = END`, unused).
    pub symbol: Vec<u8>,
    /// The node of each word's last letter, by rank.
    pub word_node: Vec<u32>,
}

/// The real words of scenario G, by rank (0 = most frequent). See the module documentation.
#[derive(Clone, Debug, PartialEq)]
pub struct Corpus {
    /// Each word's code, by rank.
    codes: Vec<WordCode>,
    /// Each word's length in letters, by rank.
    lengths: Vec<u8>,
    /// Each word's count, by rank.
    counts: Vec<u64>,
    /// All codes sorted, and the rank of each: the dictionary.
    sorted_codes: Vec<WordCode>,
    sorted_ranks: Vec<u32>,
    /// The training pool's ranks and their cumulative counts (inclusive), for exact draws.
    pool_ranks: Vec<u32>,
    pool_cumulative: Vec<u64>,
    tree: PrefixTree,
}

impl Corpus {
    /// Parses a corpus from text in the format of the module documentation.
    ///
    /// ```
    /// # use infoloop_core::scenarios::text::corpus::{Corpus, CorpusError};
    /// let text = "# a comment\nthe\t60\nof\t30\nand\nto\t20\na\nin\nis\t9\nit\nyou\nthat\t8\n";
    /// let corpus = Corpus::parse(text).unwrap();
    /// assert_eq!(corpus.len(), 10);
    /// assert_eq!(corpus.count(2), 30); // "and" has the count of "of"
    /// assert_eq!(corpus.rank_of_str("you"), Some(8));
    /// assert!(corpus.is_held_out(9)); // "that"
    /// assert_eq!(Corpus::parse("the\t5\nof\t6\n"), Err(CorpusError::CountIncreases { line: 2 }));
    /// ```
    pub fn parse(text: &str) -> Result<Corpus, CorpusError> {
        let mut codes = Vec::new();
        let mut lengths = Vec::new();
        let mut counts: Vec<u64> = Vec::new();
        let mut lines_of = Vec::new();
        let mut total: u64 = 0;
        for (i, raw) in text.split('\n').enumerate() {
            let line = i + 1;
            let raw = raw.strip_suffix('\r').unwrap_or(raw);
            if raw.is_empty() || raw.starts_with('#') {
                continue;
            }
            let mut fields = raw.split('\t');
            let word = fields.next().unwrap_or("");
            let count = match (fields.next(), fields.next()) {
                (None, _) => match counts.last() {
                    Some(&c) => c,
                    None => return Err(CorpusError::MissingCount { line }),
                },
                (Some(c), None) => parse_count(c).ok_or(CorpusError::BadCount { line })?,
                (Some(_), Some(_)) => return Err(CorpusError::BadCount { line }),
            };
            if word.is_empty() || !word.bytes().all(|b| b.is_ascii_lowercase()) {
                return Err(CorpusError::BadWord { line });
            }
            if word.len() > MAX_CORPUS_WORD_LEN {
                return Err(CorpusError::WordTooLong { line });
            }
            if counts.last().is_some_and(|&c| count > c) {
                return Err(CorpusError::CountIncreases { line });
            }
            if codes.len() == MAX_WORDS {
                return Err(CorpusError::TooManyWords);
            }
            total = total
                .checked_add(count)
                .ok_or(CorpusError::BadCount { line })?;
            let symbols: Vec<u8> = word.bytes().map(|b| b - b'a' + 1).collect();
            codes.push(encode(&symbols));
            lengths.push(word.len() as u8);
            counts.push(count);
            lines_of.push(line);
        }

        let mut order: Vec<u32> = (0..codes.len() as u32).collect();
        crate::sort::sort_unstable_by(&mut order, |&a, &b| {
            codes[a as usize].cmp(&codes[b as usize])
        });
        for pair in order.windows(2) {
            let (a, b) = (pair[0] as usize, pair[1] as usize);
            if codes[a] == codes[b] {
                let line = lines_of[a].max(lines_of[b]);
                return Err(CorpusError::Duplicate { line });
            }
        }
        if codes.len() < MIN_WORDS {
            return Err(CorpusError::TooFewWords { found: codes.len() });
        }
        let sorted_codes: Vec<WordCode> = order.iter().map(|&r| codes[r as usize]).collect();
        let tree = prefix_tree(&sorted_codes, &order, codes.len());

        let mut pool_ranks = Vec::new();
        let mut pool_cumulative = Vec::new();
        let mut cumulative = 0u64;
        for (rank, &count) in counts.iter().enumerate() {
            if !is_held_out_rank(rank) {
                cumulative += count;
                pool_ranks.push(rank as u32);
                pool_cumulative.push(cumulative);
            }
        }
        Ok(Corpus {
            codes,
            lengths,
            counts,
            sorted_codes,
            sorted_ranks: order,
            pool_ranks,
            pool_cumulative,
            tree,
        })
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.codes.len()
    }

    /// Always false: a corpus has at least [`MIN_WORDS`] words.
    pub fn is_empty(&self) -> bool {
        self.codes.is_empty()
    }

    /// The code of the word of rank `rank` (0 = most frequent).
    pub fn code(&self, rank: usize) -> WordCode {
        self.codes[rank]
    }

    /// The word of rank `rank`.
    pub fn word(&self, rank: usize) -> String {
        decode(self.codes[rank])
    }

    /// Length in letters of the word of rank `rank`.
    pub fn word_len(&self, rank: usize) -> usize {
        self.lengths[rank] as usize
    }

    /// Count of the word of rank `rank`.
    pub fn count(&self, rank: usize) -> u64 {
        self.counts[rank]
    }

    /// Whether rank `rank` is in the held-out set (never trained on).
    pub fn is_held_out(&self, rank: usize) -> bool {
        is_held_out_rank(rank)
    }

    /// The rank of the word `code`, if it is a real word: binary search, `O(log K)`.
    pub fn rank_of(&self, code: WordCode) -> Option<usize> {
        self.sorted_codes
            .binary_search(&code)
            .ok()
            .map(|i| self.sorted_ranks[i] as usize)
    }

    /// The rank of `word`, if it is a real word (strings that are not `a`-`z`, or too long to
    /// encode, are not).
    pub fn rank_of_str(&self, word: &str) -> Option<usize> {
        if word.is_empty()
            || word.len() > MAX_CORPUS_WORD_LEN
            || !word.bytes().all(|b| b.is_ascii_lowercase())
        {
            return None;
        }
        let symbols: Vec<u8> = word.bytes().map(|b| b - b'a' + 1).collect();
        self.rank_of(encode(&symbols))
    }

    /// The prefix tree of all words.
    pub fn tree(&self) -> &PrefixTree {
        &self.tree
    }

    /// Share of the corpus's total count held by words of rank `>= rank`: the real
    /// distribution's mass on the tail beyond `rank` words.
    pub fn mass_beyond(&self, rank: usize) -> f64 {
        let total: u64 = self.counts.iter().sum();
        let tail: u64 = self.counts.iter().skip(rank).sum();
        tail as f64 / total as f64
    }

    /// The rank of one word drawn from the training pool with probability proportional to its
    /// count (exact: a uniform integer below the pool's total count, then a binary search).
    pub fn draw_training_rank(&self, rng: &mut crate::random::stream::Stream) -> usize {
        let total = self.pool_cumulative.last().copied().unwrap_or(0);
        let k = rng.below(total.max(1));
        let i = self.pool_cumulative.partition_point(|&c| c <= k);
        self.pool_ranks[i.min(self.pool_ranks.len() - 1)] as usize
    }
}

/// Whether a 0-based rank is held out: ranks `HELD_OUT_EVERY - 1`, `2 HELD_OUT_EVERY - 1`, ...
fn is_held_out_rank(rank: usize) -> bool {
    rank % HELD_OUT_EVERY == HELD_OUT_EVERY - 1
}

/// `s` as a positive count: ASCII digits only, no sign, no overflow, not zero.
fn parse_count(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<u64>().ok().filter(|&c| c > 0)
}

/// Builds the prefix tree of the words `sorted` (distinct, in code order; `ranks[i]` the rank of
/// `sorted[i]`): first in depth-first preorder (each word shares its longest common prefix with
/// the word before it, so a stack of the previous word's nodes is all the state needed), then
/// renumbered breadth first.
fn prefix_tree(sorted: &[WordCode], ranks: &[u32], n_words: usize) -> PrefixTree {
    let mut parent = vec![0u32];
    let mut symbol = vec![END];
    let mut word_node = vec![0u32; n_words];
    // path[d] = node of the previous word's prefix of length d (path[0] = root).
    let mut path: Vec<u32> = vec![0];
    let mut previous: WordCode = 0;
    for (&code, &rank) in sorted.iter().zip(ranks) {
        let mut common = 0;
        while common < path.len() - 1 && symbol_at(code, common) == symbol_at(previous, common) {
            common += 1;
        }
        path.truncate(common + 1);
        let mut d = common;
        while symbol_at(code, d) != 0 {
            let node = parent.len() as u32;
            parent.push(path[d]);
            symbol.push(symbol_at(code, d));
            path.push(node);
            d += 1;
        }
        word_node[rank as usize] = path[d];
        previous = code;
    }
    // Renumber breadth-first (by depth, preorder within a depth): a node's parent is in the
    // level before, so the nodes of one level are independent and a pass over them pipelines.
    let mut depth = vec![0u8; parent.len()];
    for v in 1..parent.len() {
        depth[v] = depth[parent[v] as usize] + 1;
    }
    let order = by_depth(&depth);
    let mut new_id = vec![0u32; parent.len()];
    for (new, &old) in order.iter().enumerate() {
        new_id[old as usize] = new as u32;
    }
    PrefixTree {
        parent: order
            .iter()
            .map(|&v| new_id[parent[v as usize] as usize])
            .collect(),
        symbol: order.iter().map(|&v| symbol[v as usize]).collect(),
        word_node: word_node.iter().map(|&v| new_id[v as usize]).collect(),
    }
}

/// The node ids ordered by depth, in id order within a depth (a stable counting sort: depths
/// are at most a word's length).
fn by_depth(depth: &[u8]) -> Vec<u32> {
    let mut start = [0usize; 257];
    for &d in depth {
        start[d as usize + 1] += 1;
    }
    for d in 1..start.len() {
        start[d] += start[d - 1];
    }
    let mut order = vec![0u32; depth.len()];
    for (v, &d) in depth.iter().enumerate() {
        order[start[d as usize]] = v as u32;
        start[d as usize] += 1;
    }
    order
}

/// The corpus every run of scenario G uses: `static/words-en.txt`. Natively it is built into the
/// binary (the command line, the tests and the benchmarks always have it); in the page it is a
/// separate file fetched when the tab opens (not in the first download) and handed over with
/// [`install`]. A fixed text, so runs stay a function of their parameters and seed.
static SHARED: std::sync::OnceLock<std::sync::Arc<Corpus>> = std::sync::OnceLock::new();

/// The words file, built into native binaries only.
#[cfg(not(target_arch = "wasm32"))]
const EMBEDDED: &str = include_str!("../../../../static/words-en.txt");

/// The file the page fetches for the corpus (next to index.html), and what it is.
pub const FILE: &str = "words-en.txt";

/// The shared corpus, if it is there (natively always; in the page once [`install`]ed).
pub fn shared() -> Option<std::sync::Arc<Corpus>> {
    #[cfg(not(target_arch = "wasm32"))]
    if SHARED.get().is_none() {
        if let Ok(corpus) = Corpus::parse(EMBEDDED) {
            let _ = SHARED.set(std::sync::Arc::new(corpus));
        }
    }
    SHARED.get().cloned()
}

/// Installs the corpus from the words file's text (a second install of any text is ignored:
/// the corpus never changes once runs use it).
pub fn install(text: &str) -> Result<(), CorpusError> {
    if SHARED.get().is_none() {
        let corpus = Corpus::parse(text)?;
        let _ = SHARED.set(std::sync::Arc::new(corpus));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &str = "the\t60\nof\t30\nand\nto\t20\na\nin\nis\t9\nit\nyou\nthat\t8\nthen\n";

    #[test]
    fn codes_sort_alphabetically_and_round_trip() {
        let words = ["a", "ab", "abc", "b", "ba", "zz"];
        let codes: Vec<WordCode> = words
            .iter()
            .map(|w| encode(&w.bytes().map(|b| b - b'a' + 1).collect::<Vec<_>>()))
            .collect();
        assert!(codes.windows(2).all(|w| w[0] < w[1]));
        for (w, &c) in words.iter().zip(&codes) {
            assert_eq!(decode(c), *w);
        }
    }

    #[test]
    fn prefix_tree_spells_every_word() {
        let corpus = Corpus::parse(SMALL).unwrap();
        let tree = corpus.tree();
        for rank in 0..corpus.len() {
            let mut node = tree.word_node[rank] as usize;
            let mut letters = Vec::new();
            while node != 0 {
                letters.push((b'a' + tree.symbol[node] - 1) as char);
                assert!((tree.parent[node] as usize) < node, "parents first");
                node = tree.parent[node] as usize;
            }
            let spelled: String = letters.iter().rev().collect();
            assert_eq!(spelled, corpus.word(rank));
        }
        // The root; t, th, the, then, tha, that, to; o, of; a, an, and; i, in, is, it; y, yo, you.
        assert_eq!(tree.parent.len(), 1 + 7 + 2 + 3 + 4 + 3);
    }

    #[test]
    fn dictionary_finds_words_and_only_words() {
        let corpus = Corpus::parse(SMALL).unwrap();
        for rank in 0..corpus.len() {
            assert_eq!(corpus.rank_of(corpus.code(rank)), Some(rank));
        }
        for s in ["th", "thee", "z", "", "The", "of1"] {
            assert_eq!(corpus.rank_of_str(s), None, "{s}");
        }
    }

    #[test]
    fn training_draws_skip_held_out_words_and_follow_counts() {
        let corpus = Corpus::parse(SMALL).unwrap();
        let mut rng = crate::random::stream::Stream::new(crate::random::stream::Engine::V1, 1, 0);
        let mut hist = vec![0u32; corpus.len()];
        for _ in 0..40_000 {
            hist[corpus.draw_training_rank(&mut rng)] += 1;
        }
        assert_eq!(hist[9], 0, "held out");
        let pool: u64 = (0..corpus.len())
            .filter(|&r| !corpus.is_held_out(r))
            .map(|r| corpus.count(r))
            .sum();
        let p_the = 60.0 / pool as f64;
        let share = hist[0] as f64 / 40_000.0;
        assert!((share - p_the).abs() < 0.01, "{share} vs {p_the}");
    }

    #[test]
    fn malformed_text_is_an_error_naming_the_line() {
        use CorpusError::*;
        let ten = "a\t9\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        assert!(Corpus::parse(ten).is_ok());
        let cases: &[(&str, CorpusError)] = &[
            ("", TooFewWords { found: 0 }),
            ("# only\n\n", TooFewWords { found: 0 }),
            ("a\t9\nb\n", TooFewWords { found: 2 }),
            ("a\nb\t3\n", MissingCount { line: 1 }),
            ("a\t0\n", BadCount { line: 1 }),
            ("a\t-3\n", BadCount { line: 1 }),
            ("a\t+3\n", BadCount { line: 1 }),
            ("a\t3x\n", BadCount { line: 1 }),
            ("a\t\n", BadCount { line: 1 }),
            ("a\t99999999999999999999999\n", BadCount { line: 1 }),
            ("a\t3\t4\n", BadCount { line: 1 }),
            ("a\t3\nB\n", BadWord { line: 2 }),
            ("a\t3\n\t2\n", BadWord { line: 2 }),
            ("a\t3\nb c\n", BadWord { line: 2 }),
            ("a\t3\ncafé\n", BadWord { line: 2 }),
            ("a\t3\nabcdefghijklmnopqrst\n", WordTooLong { line: 2 }),
            ("a\t3\nb\t4\n", CountIncreases { line: 2 }),
            ("x\t3\nb\nx\n", Duplicate { line: 3 }),
            (
                "a\t18446744073709551615\nb\t18446744073709551615\n",
                BadCount { line: 2 },
            ),
        ];
        for (text, want) in cases {
            assert_eq!(Corpus::parse(text).as_ref().err(), Some(want), "{text:?}");
            assert!(!want.to_string().is_empty());
        }
        // Windows line ends and a longest word are fine.
        let crlf = ten.replace('\n', "\r\n") + "abcdefghijklmnopqrs\r\n";
        let corpus = Corpus::parse(&crlf).unwrap();
        assert_eq!(corpus.word(10), "abcdefghijklmnopqrs");
    }
}
