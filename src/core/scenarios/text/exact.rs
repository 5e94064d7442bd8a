//! The exact sums of scenario G over the whole corpus under a model: held-out cross-entropy,
//! the mass on real words and the mass on the rare tail, in one pass over the prefix tree.
//!
//! Method. Every corpus word's probability `p(w) = prod_i P(w_i | h_i) P(END | h_{L+1})` is a
//! product along its path in the corpus's prefix tree, so a node's prefix probability is its
//! parent's times one conditional, and all `K` words cost one multiplication per tree node plus
//! one per word. The conditionals a tree needs depend on the model order only through the
//! contexts: [`ExactSums::new`] lists the distinct `(context, symbol)` transitions of the tree
//! and of the word ends once, and each evaluation computes those (a few thousand) from the model
//! before the tree pass gathers them. The tree is numbered breadth first, so the nodes of one
//! depth are independent and the pass pipelines.
//!
//! Logarithms. The held-out sum `sum_w f(w) log2 p(w)` groups words of equal count (wordfreq's
//! counts come in a few hundred distinct values) and takes one `log2` per group of the group's
//! product, kept as a mantissa and a power of two ([`Log2Product`]) so it never underflows.
//! The word probabilities themselves stay normal: a factor is at least
//! `alpha / (c(h) + 27 alpha) > 2^-43` (counts are `u32`, `alpha >= 0.001`), and a word has at
//! most 20 of them.

use crate::estimators::information::log2;
use crate::scenarios::text::corpus::{Corpus, ALPHABET, END};
use crate::scenarios::text::ngram::NgramModel;

/// A product of positive factors kept as `mantissa * 2^exponent` with the mantissa in
/// `[0.5, 1)` (renormalized by `frexp` after every factor, which is exact), so that `log2` of the
/// product of thousands of small probabilities costs one logarithm and never underflows.
///
/// ```
/// # use infoloop_core::scenarios::text::exact::Log2Product;
/// let mut p = Log2Product::default();
/// for _ in 0..1000 {
///     p.push(1e-300);
/// }
/// let want = 1000.0 * libm::log2(1e-300);
/// assert!((p.log2() - want).abs() < 1e-9 * want.abs());
/// ```
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Log2Product {
    mantissa: f64,
    exponent: i64,
}

impl Default for Log2Product {
    fn default() -> Self {
        Log2Product {
            mantissa: 1.0,
            exponent: 0,
        }
    }
}

impl Log2Product {
    /// Multiplies the product by `p` (positive and normal).
    #[inline(always)]
    pub fn push(&mut self, p: f64) {
        let (m, e) = libm::frexp(self.mantissa * p);
        self.mantissa = m;
        self.exponent += e as i64;
    }

    /// `log2` of the product (`0` for the empty product).
    pub fn log2(&self) -> f64 {
        self.exponent as f64 + log2(self.mantissa)
    }
}

/// The results of one evaluation.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Sums {
    /// `sum_{held out} f(w) (-log2 p(w))`, in bits.
    pub heldout_bits: f64,
    /// `sum_w p(w)` over all corpus words.
    pub real_mass: f64,
    /// `sum_{rank(w) >= tail_rank} p(w)`.
    pub tail_mass: f64,
}

/// The exact sums over a corpus for models of one order. See the module documentation.
#[derive(Clone, Debug)]
pub struct ExactSums {
    /// The distinct transitions the tree needs, sorted: `(context, symbol)`.
    transitions: Vec<(u32, u8)>,
    /// For each tree node `v > 0` in order: `(parent, index of its transition)`.
    links: Vec<(u32, u32)>,
    /// Where each depth's nodes start (nodes are numbered by depth), and the end.
    level_starts: Vec<usize>,
    /// The words of rank below the tail's, then the tail's, each part in node order (so the
    /// pass reads the node probabilities in order): `(node, index of its end transition)`.
    ends: Vec<(u32, u32)>,
    /// Where the tail's words start in `ends`.
    tail_start: usize,
    /// The held-out words in rank order: `(node, end transition, count)`.
    heldout: Vec<(u32, u32, u64)>,
    transition_prob: Vec<f64>,
    node_prob: Vec<f64>,
}

impl ExactSums {
    /// The evaluator of `corpus` for models shaped like `model` (its order), counting the tail
    /// from 0-based rank `tail_rank`.
    pub fn new(corpus: &Corpus, model: &NgramModel, tail_rank: usize) -> Self {
        let tree = corpus.tree();
        let n_nodes = tree.parent.len();
        // Context after each node's prefix, and each node's depth.
        let mut context = vec![0u32; n_nodes];
        let mut depth = vec![0usize; n_nodes];
        for v in 1..n_nodes {
            let u = tree.parent[v] as usize;
            context[v] = model.next_context(context[u], tree.symbol[v]);
            depth[v] = depth[u] + 1;
        }
        let key = |h: u32, x: u8| h * ALPHABET as u32 + x as u32;
        let node_key: Vec<u32> = (1..n_nodes)
            .map(|v| key(context[tree.parent[v] as usize], tree.symbol[v]))
            .collect();
        let end_key: Vec<u32> = tree
            .word_node
            .iter()
            .map(|&v| key(context[v as usize], END))
            .collect();
        let mut keys: Vec<u32> = node_key.iter().chain(&end_key).copied().collect();
        crate::sort::sort_unstable(&mut keys);
        keys.dedup();
        let index = |k: u32| keys.binary_search(&k).unwrap_or(0) as u32;
        let links = (1..n_nodes)
            .zip(&node_key)
            .map(|(v, &k)| (tree.parent[v], index(k)))
            .collect();
        let mut level_starts = vec![1usize];
        for v in 2..n_nodes {
            if depth[v] != depth[v - 1] {
                level_starts.push(v);
            }
        }
        level_starts.push(n_nodes.max(1));
        let by_rank: Vec<(u32, u32)> = tree
            .word_node
            .iter()
            .zip(&end_key)
            .map(|(&v, &k)| (v, index(k)))
            .collect();
        let tail_start = tail_rank.min(corpus.len());
        let mut ends = by_rank.clone();
        crate::sort::sort_unstable(&mut ends[..tail_start]);
        crate::sort::sort_unstable(&mut ends[tail_start..]);
        let heldout = (0..corpus.len())
            .filter(|&r| corpus.is_held_out(r))
            .map(|r| (by_rank[r].0, by_rank[r].1, corpus.count(r)))
            .collect();
        let transitions = keys
            .iter()
            .map(|&k| (k / ALPHABET as u32, (k % ALPHABET as u32) as u8))
            .collect();
        ExactSums {
            transition_prob: vec![0.0; keys.len()],
            transitions,
            links,
            level_starts,
            ends,
            tail_start,
            heldout,
            node_prob: vec![0.0; n_nodes],
        }
    }

    /// Number of distinct transitions the evaluation computes from the model.
    pub fn n_transitions(&self) -> usize {
        self.transitions.len()
    }

    /// The sums under `model` (prepared), over the corpus this evaluator was built for.
    pub fn evaluate(&mut self, model: &NgramModel) -> Sums {
        for (p, &(h, x)) in self.transition_prob.iter_mut().zip(&self.transitions) {
            *p = model.prob(h, x);
        }
        let tp = &self.transition_prob;
        let np = &mut self.node_prob;
        np[0] = 1.0;
        // Level by level: each node's parent is in an earlier level, already computed.
        for pair in self.level_starts.windows(2) {
            let (start, end) = (pair[0], pair[1]);
            let (done, level) = np.split_at_mut(start);
            let links = &self.links[start - 1..end - 1];
            for (out, &(parent, t)) in level[..end - start].iter_mut().zip(links) {
                *out = done[parent as usize] * tp[t as usize];
            }
        }
        let np = &self.node_prob;
        let word_prob = |&(v, e): &(u32, u32)| np[v as usize] * tp[e as usize];
        let (head, tail) = self.ends.split_at(self.tail_start);
        let head_mass: f64 = head.iter().map(word_prob).sum();
        let tail_mass: f64 = tail.iter().map(word_prob).sum();
        // The held-out words of equal count, as one product each.
        let mut heldout_bits = 0.0;
        let mut group = Log2Product::default();
        let mut group_count = 0u64;
        for &(v, e, count) in &self.heldout {
            if count != group_count {
                heldout_bits -= group_count as f64 * group.log2();
                group = Log2Product::default();
                group_count = count;
            }
            group.push(word_prob(&(v, e)));
        }
        heldout_bits -= group_count as f64 * group.log2();
        Sums {
            heldout_bits,
            real_mass: head_mass + tail_mass,
            tail_mass,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_match_sums_of_logarithms() {
        let mut p = Log2Product::default();
        let mut want = 0.0;
        for i in 1..5000 {
            let x = 1.0 / (1.0 + (i * 7919 % 1000) as f64);
            p.push(x);
            want += log2(x);
        }
        assert!(
            (p.log2() - want).abs() < 1e-10 * want.abs(),
            "{} vs {want}",
            p.log2()
        );
        assert_eq!(Log2Product::default().log2(), 0.0);
    }

    #[test]
    fn sums_match_word_by_word_products() {
        let text = "the\t60\nof\t30\nand\nto\t20\na\nin\nis\t9\nit\nyou\nthat\t8\nthen\nthere\t3\n\
                    here\nwhere\t2\nhe\nhat\nher\nhis\nhim\nhad\t1\nhas\nhot\n";
        let corpus = Corpus::parse(text).unwrap();
        for order in 2..=5 {
            let mut model = NgramModel::new(order, 0.2);
            for r in [0, 1, 0, 3, 5, 11] {
                model.add_word(corpus.code(r), corpus.word_len(r));
            }
            model.prepare();
            let mut exact = ExactSums::new(&corpus, &model, 12);
            let got = exact.evaluate(&model);
            let p = |r: usize| model.word_prob(corpus.code(r), corpus.word_len(r));
            let real: f64 = (0..corpus.len()).map(p).sum();
            let tail: f64 = (12..corpus.len()).map(p).sum();
            // Held out: ranks 9 ("that", count 8) and 19 ("had", count 1).
            let bits: f64 = [9usize, 19]
                .iter()
                .map(|&r| -(corpus.count(r) as f64) * log2(p(r)))
                .sum();
            assert!((got.real_mass - real).abs() < 1e-12, "order {order}");
            assert!((got.tail_mass - tail).abs() < 1e-12, "order {order}");
            assert!(
                (got.heldout_bits - bits).abs() < 1e-9 * bits,
                "order {order}: {} vs {bits}",
                got.heldout_bits
            );
        }
    }
}
