//! Replicate blocks: how a run's replicates are split so that any number of workers can compute
//! them and a merge gives the same curves, bit for bit, as one job.
//!
//! A run of engine v2 splits its `R` replicates into at most [`MAX_BLOCKS`] consecutive blocks
//! of [`block_len`] replicates each (the last may be shorter); the boundaries depend on `R`
//! only. Within a block, replicates are summed in replicate order into a [`Tally`] (the
//! scenario's accumulators); the run's tally is the blocks' tallies merged in block order
//! ([`Tally::absorb`]). So the curves are the same whether the blocks are computed in one job
//! ([`Blocked`]) or spread over workers ([`compute_blocks`]) and merged ([`merge_blocks`]) in
//! any grouping: a tally's counts (integer-valued, exact in `f64`) are summed per group, its
//! float sums travel block by block and are folded in block order.
//!
//! A run of engine v1 is one block of all its replicates (its sums stay sequential, as they
//! always were): its block API works, with a single block.
//!
//! A partial result travels as a flat `Vec<f64>` ([`Partial::to_flat`], [`Partial::from_flat`],
//! an exact round trip): a format tag, a key of the run it belongs to (scenario, parameters,
//! seed, engine), the blocks it holds, their counts summed, then each block's sums.

use super::Simulation;
use crate::estimators::information::JointCounts;
use crate::estimators::series::Moments;
use crate::random::stream::Engine;
use core::fmt;
use core::ops::Range;

/// Most blocks a v2 run is split into: enough for a few workers to share evenly (32 blocks over
/// 3 workers: 11, 11, 10), few enough that a partial stays small.
pub const MAX_BLOCKS: usize = 32;

/// The tag in front of a flat partial ([`Partial::to_flat`]): the layout's version.
const FORMAT: f64 = 1.0;

/// Largest integer every `f64` below it represents exactly: counts must stay below it.
const EXACT_LIMIT: f64 = 9_007_199_254_740_992.0;

/// Replicates per block for a run of `replicates` replicates on `engine`: all of them for v1,
/// `ceil(R / MAX_BLOCKS)` for v2.
///
/// ```
/// # use infoloop_core::scenario::blocks::{block_len, block_count};
/// # use infoloop_core::random::stream::Engine;
/// assert_eq!((block_len(Engine::V2, 1000), block_count(Engine::V2, 1000)), (32, 32));
/// assert_eq!((block_len(Engine::V2, 20), block_count(Engine::V2, 20)), (1, 20));
/// assert_eq!((block_len(Engine::V1, 1000), block_count(Engine::V1, 1000)), (1000, 1));
/// ```
pub fn block_len(engine: Engine, replicates: usize) -> usize {
    match engine {
        Engine::V1 => replicates.max(1),
        Engine::V2 | Engine::V3 => replicates.div_ceil(MAX_BLOCKS).max(1),
    }
}

/// Number of blocks of a run of `replicates` replicates on `engine` (at least 1).
pub fn block_count(engine: Engine, replicates: usize) -> usize {
    replicates.div_ceil(block_len(engine, replicates)).max(1)
}

/// The replicates of block `block` (empty past the last block).
pub fn block_replicates(engine: Engine, replicates: usize, block: usize) -> Range<usize> {
    let len = block_len(engine, replicates);
    let start = block.saturating_mul(len).min(replicates);
    start..start.saturating_add(len).min(replicates)
}

/// Why a block request or a merge failed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlockError {
    /// The flat vector is not a partial (what is wrong, in words).
    Malformed(&'static str),
    /// The partial belongs to another run (scenario, parameters, seed or engine differ).
    OtherRun,
    /// The blocks asked for or given are not `0..count` in order.
    Blocks {
        /// The block expected next.
        expected: usize,
        /// What was found instead (the block count when one was missing at the end).
        found: usize,
        /// The run's number of blocks.
        count: usize,
    },
}

impl fmt::Display for BlockError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlockError::Malformed(what) => write!(f, "not a partial result: {what}"),
            BlockError::OtherRun => write!(f, "the partial result belongs to another run"),
            BlockError::Blocks {
                expected,
                found,
                count,
            } => write!(
                f,
                "blocks out of order: expected block {expected} (of {count}), found {found}"
            ),
        }
    }
}

impl std::error::Error for BlockError {}

/// What a set of replicates adds up to: a scenario's accumulators, in two parts. Counts are
/// integer-valued (exact in `f64` below 2^53), so they add up the same in any grouping; sums
/// are floats, added block after block in block order.
pub trait Tally: Clone + Send + Sync + 'static {
    /// Adds `next`, the tally of the replicates right after this one's: counts and sums add,
    /// per-replicate data is appended, maxima take the larger.
    fn absorb(&mut self, next: &Self);
    /// Writes every count with [`TallyWriter::count`] and every sum with [`TallyWriter::sum`],
    /// in a fixed order. The shape of variable-length data (lengths) goes with the sums, so
    /// that [`read`](Tally::read) never depends on the counts' values.
    fn write(&self, out: &mut TallyWriter);
    /// Reads what [`write`](Tally::write) wrote into `self`, an empty tally of the same run
    /// (which knows the fixed shape).
    fn read(&mut self, input: &mut TallyReader<'_>) -> Result<(), BlockError>;
}

/// The two parts of a tally as flat vectors (see [`Tally::write`]).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct TallyWriter {
    /// Integer-valued entries.
    pub counts: Vec<f64>,
    /// Float sums and per-replicate data.
    pub sums: Vec<f64>,
}

impl TallyWriter {
    /// Appends a count.
    pub fn count(&mut self, n: u64) {
        debug_assert!((n as f64) < EXACT_LIMIT, "count {n} is not exact in f64");
        self.counts.push(n as f64);
    }

    /// Appends a float sum.
    pub fn sum(&mut self, x: f64) {
        self.sums.push(x);
    }

    /// Appends a float list with its length (the length goes with the sums).
    pub fn list(&mut self, xs: &[f64]) {
        self.sums.push(xs.len() as f64);
        self.sums.extend_from_slice(xs);
    }

    /// Appends running moments: the count with the counts, the two sums with the sums.
    pub fn moments(&mut self, m: &Moments) {
        let (n, sum, sum_sq) = m.parts();
        self.count(n);
        self.sum(sum);
        self.sum(sum_sq);
    }

    /// Appends a contingency table's cells as counts.
    pub fn joint(&mut self, t: &JointCounts) {
        self.counts.extend(t.cells().iter().map(|&c| c as f64));
    }
}

/// Reads a tally's two parts back, in the order they were written.
#[derive(Clone, Debug)]
pub struct TallyReader<'a> {
    counts: &'a [f64],
    sums: &'a [f64],
}

impl<'a> TallyReader<'a> {
    /// A reader of `counts` and `sums`.
    pub fn new(counts: &'a [f64], sums: &'a [f64]) -> Self {
        TallyReader { counts, sums }
    }

    /// The next count (a non-negative integer below 2^53).
    pub fn count(&mut self) -> Result<u64, BlockError> {
        let (&c, rest) = self
            .counts
            .split_first()
            .ok_or(malformed("too few counts"))?;
        self.counts = rest;
        if !(0.0..EXACT_LIMIT).contains(&c) || c.fract() != 0.0 {
            return Err(malformed("a count is not a whole number"));
        }
        Ok(c as u64)
    }

    /// The next count, as a `u32` table cell.
    fn cell(&mut self) -> Result<u32, BlockError> {
        u32::try_from(self.count()?).map_err(|_| malformed("a table cell exceeds 2^32"))
    }

    /// The next float sum.
    pub fn sum(&mut self) -> Result<f64, BlockError> {
        let (&x, rest) = self.sums.split_first().ok_or(malformed("too few sums"))?;
        self.sums = rest;
        Ok(x)
    }

    /// The next float list (its length first).
    pub fn list(&mut self) -> Result<Vec<f64>, BlockError> {
        let len = self.sum()?;
        if !(0.0..=self.sums.len() as f64).contains(&len) || len.fract() != 0.0 {
            return Err(malformed("a list length is wrong"));
        }
        let (head, rest) = self.sums.split_at(len as usize);
        self.sums = rest;
        Ok(head.to_vec())
    }

    /// The next running moments.
    pub fn moments(&mut self) -> Result<Moments, BlockError> {
        let n = self.count()?;
        let sum = self.sum()?;
        let sum_sq = self.sum()?;
        Ok(Moments::from_parts(n, sum, sum_sq))
    }

    /// The next contingency table, into `t` (an empty table of the right shape).
    pub fn joint(&mut self, t: &mut JointCounts) -> Result<(), BlockError> {
        let cells = (0..t.cells().len())
            .map(|_| self.cell())
            .collect::<Result<Vec<u32>, _>>()?;
        if t.add_cells(&cells) {
            Ok(())
        } else {
            Err(malformed("a table has the wrong shape"))
        }
    }

    /// Checks that everything was read.
    pub fn done(&self) -> Result<(), BlockError> {
        if self.counts.is_empty() && self.sums.is_empty() {
            Ok(())
        } else {
            Err(malformed("entries left over"))
        }
    }
}

fn malformed(what: &'static str) -> BlockError {
    BlockError::Malformed(what)
}

/// The tally of a range of blocks of one run: their counts summed, and each block's sums.
#[derive(Clone, Debug, PartialEq)]
pub struct Partial {
    /// Identifies the run (scenario, parameters, seed, engine): see [`run_key`].
    pub key: u64,
    /// The first block it holds.
    pub first_block: usize,
    /// The counts of its blocks, summed.
    pub counts: Vec<f64>,
    /// Each block's sums, in block order.
    pub sums: Vec<Vec<f64>>,
}

impl Partial {
    /// The blocks it holds.
    pub fn blocks(&self) -> Range<usize> {
        self.first_block..self.first_block + self.sums.len()
    }

    /// The partial as one flat vector: `[format, key high 32 bits, key low 32 bits, first
    /// block, number of blocks, number of counts, counts..., then per block: number of sums,
    /// sums...]`. Every entry is an exact `f64`, so [`from_flat`](Partial::from_flat) gives
    /// back the same partial, bit for bit.
    pub fn to_flat(&self) -> Vec<f64> {
        let size = 6 + self.counts.len() + self.sums.iter().map(|s| s.len() + 1).sum::<usize>();
        let mut out = Vec::with_capacity(size);
        out.extend([
            FORMAT,
            (self.key >> 32) as f64,
            (self.key & 0xffff_ffff) as f64,
            self.first_block as f64,
            self.sums.len() as f64,
            self.counts.len() as f64,
        ]);
        out.extend_from_slice(&self.counts);
        for block in &self.sums {
            out.push(block.len() as f64);
            out.extend_from_slice(block);
        }
        out
    }

    /// Reads a flat partial ([`to_flat`](Partial::to_flat)); an error says what is wrong.
    pub fn from_flat(flat: &[f64]) -> Result<Partial, BlockError> {
        if flat.first() != Some(&FORMAT) {
            return Err(malformed("it does not start with the format tag 1"));
        }
        let mut rest = &flat[1..];
        let mut whole = |what: &'static str| -> Result<usize, BlockError> {
            let (&x, tail) = rest
                .split_first()
                .ok_or(malformed("it ends inside its header"))?;
            rest = tail;
            if !(0.0..EXACT_LIMIT).contains(&x) || x.fract() != 0.0 {
                return Err(malformed(what));
            }
            Ok(x as usize)
        };
        let high = whole("its key is not a whole number")? as u64;
        let low = whole("its key is not a whole number")? as u64;
        if high > 0xffff_ffff || low > 0xffff_ffff {
            return Err(malformed("its key is out of range"));
        }
        let first_block = whole("its first block is not a whole number")?;
        let blocks = whole("its number of blocks is not a whole number")?;
        let n_counts = whole("its number of counts is not a whole number")?;
        let mut sums = Vec::new();
        let counts = take(&mut rest, n_counts, "it ends inside its counts")?.to_vec();
        for _ in 0..blocks {
            let (&len, tail) = rest
                .split_first()
                .ok_or(malformed("it ends before a block"))?;
            rest = tail;
            if !(0.0..=rest.len() as f64).contains(&len) || len.fract() != 0.0 {
                return Err(malformed("a block's length is wrong"));
            }
            sums.push(take(&mut rest, len as usize, "it ends inside a block")?.to_vec());
        }
        if !rest.is_empty() {
            return Err(malformed("entries follow its last block"));
        }
        Ok(Partial {
            key: (high << 32) | low,
            first_block,
            counts,
            sums,
        })
    }
}

/// The first `n` entries of `rest` (which then holds what follows), or the error `what`.
fn take<'a>(rest: &mut &'a [f64], n: usize, what: &'static str) -> Result<&'a [f64], BlockError> {
    if n > rest.len() {
        return Err(malformed(what));
    }
    let (head, tail) = rest.split_at(n);
    *rest = tail;
    Ok(head)
}

/// The key of a run in its partials: FNV-1a over the scenario's key, the parameter values'
/// bits, the seed and the engine number.
pub fn run_key(scenario: &str, values: &[f64], seed: u64, engine: Engine) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |bytes: &[u8]| {
        for &b in bytes {
            h ^= b as u64;
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    };
    eat(scenario.as_bytes());
    eat(&[0xff]);
    for v in values {
        eat(&v.to_bits().to_le_bytes());
    }
    eat(&seed.to_le_bytes());
    eat(&engine.number().to_le_bytes());
    h
}

/// The replicates of a run of `S`.
fn replicates_of<S: Simulation>(params: &S::Params) -> usize {
    S::replicates(params)
}

/// Computes blocks `blocks` of the run (`params`, `seed`, `engine`; `key` from [`run_key`]) and
/// returns their partial. An error if the range is empty or reaches past the last block.
pub fn compute_blocks<S: Simulation>(
    params: &S::Params,
    seed: u64,
    engine: Engine,
    key: u64,
    blocks: Range<usize>,
) -> Result<Partial, BlockError> {
    let r = replicates_of::<S>(params);
    let count = block_count(engine, r);
    if blocks.start >= blocks.end || blocks.end > count {
        return Err(BlockError::Blocks {
            expected: blocks.start.min(count),
            found: blocks.end,
            count,
        });
    }
    let mut counts: Vec<f64> = Vec::new();
    let mut sums = Vec::with_capacity(blocks.len());
    for block in blocks.clone() {
        let mut sim: S = start(params, seed, engine, block_replicates(engine, r, block));
        while !sim.advance(usize::MAX) {}
        let mut w = TallyWriter::default();
        sim.tally().write(&mut w);
        if counts.is_empty() {
            counts = w.counts;
        } else {
            for (c, d) in counts.iter_mut().zip(&w.counts) {
                *c += d;
            }
        }
        sums.push(w.sums);
    }
    Ok(Partial {
        key,
        first_block: blocks.start,
        counts,
        sums,
    })
}

/// Merges partials covering every block of the run in order (any grouping) into the run's
/// tally: counts summed, sums folded block by block in block order.
pub fn merge_blocks<S: Simulation>(
    params: &S::Params,
    seed: u64,
    engine: Engine,
    key: u64,
    partials: &[Partial],
) -> Result<S::Tally, BlockError> {
    let count = block_count(engine, replicates_of::<S>(params));
    let empty = start::<S>(params, seed, engine, 0..0).tally();
    let mut w = TallyWriter::default();
    empty.write(&mut w);
    let n_counts = w.counts.len();
    let zero_counts = vec![0.0; n_counts];
    let mut counts = zero_counts.clone();
    let mut next = 0usize;
    let mut total: Option<S::Tally> = None;
    for p in partials {
        if p.key != key {
            return Err(BlockError::OtherRun);
        }
        if p.first_block != next || p.sums.is_empty() {
            return Err(BlockError::Blocks {
                expected: next,
                found: p.first_block,
                count,
            });
        }
        if p.counts.len() != n_counts {
            return Err(malformed("its counts do not fit this run"));
        }
        for (c, d) in counts.iter_mut().zip(&p.counts) {
            *c += d;
        }
        for sums in &p.sums {
            if next >= count {
                return Err(BlockError::Blocks {
                    expected: count,
                    found: next,
                    count,
                });
            }
            let mut block = empty.clone();
            let mut input = TallyReader::new(&zero_counts, sums);
            block.read(&mut input)?;
            input.done()?;
            fold_in(&mut total, block);
            next += 1;
        }
    }
    if next != count {
        return Err(BlockError::Blocks {
            expected: next,
            found: count,
            count,
        });
    }
    // The sums folded; now the counts, summed over all partials.
    let mut folded = TallyWriter::default();
    total.unwrap_or_else(|| empty.clone()).write(&mut folded);
    let mut out = empty;
    let mut input = TallyReader::new(&counts, &folded.sums);
    out.read(&mut input)?;
    input.done()?;
    Ok(out)
}

// One copy each, per scenario, of starting a block, resuming a run and merging a tally, shared
// by every caller (`Blocked`, `compute_blocks`, `merge_blocks`) instead of a copy inlined in each:
// 2.4 KB less code before wasm-opt in a build that links the block API, 97 B gzip in the page.

/// A simulation of `replicates` of the run.
#[inline(never)]
fn start<S: Simulation>(
    params: &S::Params,
    seed: u64,
    engine: Engine,
    replicates: Range<usize>,
) -> S {
    S::for_replicates(params, seed, engine, replicates)
}

/// The run whose replicates add up to `tally`.
#[inline(never)]
fn resume<S: Simulation>(params: &S::Params, seed: u64, engine: Engine, tally: S::Tally) -> S {
    S::resume(params, seed, engine, tally)
}

/// `next` merged after `total` (or `total` itself when it is empty).
#[inline(never)]
fn fold_in<T: Tally>(total: &mut Option<T>, next: T) {
    match total.as_mut() {
        None => *total = Some(next),
        Some(t) => t.absorb(&next),
    }
}

/// A run of any [`Simulation`] as a sequence of blocks: each block computed by a simulation of
/// its replicates, its tally merged into the blocks before it, then the run resumed from the
/// whole tally (for the work after the replicates, if the scenario has any). Sliceable like a
/// [`Simulation`]; the curves are those of the blocks merged in order, however the work was
/// sliced.
pub struct Blocked<S: Simulation> {
    params: S::Params,
    seed: u64,
    engine: Engine,
    replicates: usize,
    blocks: usize,
    /// The block `current` computes (`blocks` once resumed).
    block: usize,
    current: S,
    /// The tally of the blocks before `block`, merged in order.
    done: Option<S::Tally>,
    /// Units of work of the blocks before `block`.
    done_units: usize,
    total_units: usize,
    resumed: bool,
}

impl<S: Simulation> Blocked<S> {
    /// Starts the run.
    pub fn new(params: &S::Params, seed: u64, engine: Engine) -> Self {
        let replicates = S::replicates(params);
        Blocked {
            params: params.clone(),
            seed,
            engine,
            replicates,
            blocks: block_count(engine, replicates),
            block: 0,
            current: start(
                params,
                seed,
                engine,
                block_replicates(engine, replicates, 0),
            ),
            done: None,
            done_units: 0,
            total_units: S::total_units(params),
            resumed: false,
        }
    }

    /// The run whose replicates add up to `tally` (merged blocks): what is left is the work
    /// after the replicates, if any.
    pub fn resume(params: &S::Params, seed: u64, engine: Engine, tally: S::Tally) -> Self {
        let replicates = S::replicates(params);
        let blocks = block_count(engine, replicates);
        Blocked {
            params: params.clone(),
            seed,
            engine,
            replicates,
            blocks,
            block: blocks,
            current: resume(params, seed, engine, tally),
            done: None,
            done_units: 0,
            total_units: S::total_units(params),
            resumed: true,
        }
    }

    /// Does up to `budget` units of work (at least a little when `budget > 0`; none when it is
    /// 0); true when the run is complete. A call ends where the replicates end: the work after
    /// them (estimates over all replicates) has units of another cost, so a caller that sizes its
    /// budget from the last call's time starts over there.
    pub fn advance(&mut self, budget: usize) -> bool {
        let mut left = budget;
        loop {
            if self.resumed {
                return self.current.advance(left);
            }
            let before = self.current.progress().0;
            let finished = self.current.advance(left);
            let (after, block_units) = self.current.progress();
            left = left.saturating_sub((after - before).max(1));
            if !finished {
                return false;
            }
            // The block is complete: merge it after the others, then start the next block, or
            // resume the whole run after the last.
            let tally = self.current.tally();
            fold_in(&mut self.done, tally);
            self.done_units += block_units;
            self.block += 1;
            if self.block < self.blocks {
                let replicates = block_replicates(self.engine, self.replicates, self.block);
                self.current = start(&self.params, self.seed, self.engine, replicates);
            } else {
                let tally = self.done.take().unwrap_or_else(|| self.current.tally());
                self.current = resume(&self.params, self.seed, self.engine, tally);
                self.resumed = true;
                return self.current.advance(0);
            }
            if left == 0 {
                return false;
            }
        }
    }

    /// Work done and total.
    pub fn progress(&self) -> (usize, usize) {
        if self.resumed {
            self.current.progress()
        } else {
            (
                self.done_units + self.current.progress().0,
                self.total_units,
            )
        }
    }

    /// The curves of the work done so far: the blocks done merged with the block in progress.
    pub fn finish(&self) -> S::Run {
        match &self.done {
            None => self.current.finish(),
            Some(done) => {
                let mut tally = done.clone();
                if self.current.progress().0 > 0 {
                    tally.absorb(&self.current.tally());
                }
                resume::<S>(&self.params, self.seed, self.engine, tally).finish()
            }
        }
    }

    /// Runs to completion.
    pub fn run(params: &S::Params, seed: u64, engine: Engine) -> S::Run {
        let mut job = Self::new(params, seed, engine);
        while !job.advance(usize::MAX) {}
        job.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_cover_the_replicates_in_order() {
        for engine in Engine::ALL {
            for r in [1, 2, 20, 31, 32, 33, 100, 1000, 4999, 5000] {
                let count = block_count(engine, r);
                assert!((1..=MAX_BLOCKS).contains(&count), "{engine:?} R={r}");
                let mut next = 0;
                for b in 0..count {
                    let range = block_replicates(engine, r, b);
                    assert_eq!(range.start, next, "{engine:?} R={r} block {b}");
                    assert!(!range.is_empty(), "{engine:?} R={r} block {b}");
                    next = range.end;
                }
                assert_eq!(next, r);
                assert!(block_replicates(engine, r, count).is_empty());
            }
        }
        assert_eq!(block_count(Engine::V1, 5000), 1);
    }

    #[test]
    fn partials_round_trip_and_reject_garbage() {
        let p = Partial {
            key: 0xdead_beef_0123_4567,
            first_block: 3,
            counts: vec![0.0, 7.0, 1e15],
            sums: vec![vec![0.1, -2.5e-300, f64::MAX], vec![], vec![f64::NAN]],
        };
        let flat = p.to_flat();
        let back = Partial::from_flat(&flat).expect("round trip");
        assert_eq!(back.to_flat().len(), flat.len());
        for (a, b) in back.to_flat().iter().zip(&flat) {
            assert_eq!(a.to_bits(), b.to_bits());
        }
        assert_eq!((back.key, back.blocks()), (p.key, 3..6));
        assert!(Partial::from_flat(&[]).is_err());
        assert!(Partial::from_flat(&flat[..flat.len() - 1]).is_err());
        let mut longer = flat.clone();
        longer.push(0.0);
        assert!(Partial::from_flat(&longer).is_err());
        let mut bad = flat.clone();
        bad[4] = 2.5;
        assert!(Partial::from_flat(&bad).is_err());
        bad[0] = 2.0;
        assert!(Partial::from_flat(&bad).is_err());
        assert!(Partial::from_flat(&[1.0, f64::NAN, 0.0, 0.0, 0.0, 0.0]).is_err());
    }

    #[test]
    fn tally_readers_check_what_they_read() {
        let mut w = TallyWriter::default();
        w.count(3);
        w.moments(&Moments::from_parts(2, 0.5, 0.25));
        w.list(&[1.0, 2.0]);
        let mut r = TallyReader::new(&w.counts, &w.sums);
        assert_eq!(r.count(), Ok(3));
        assert_eq!(r.moments().map(|m| m.parts()), Ok((2, 0.5, 0.25)));
        assert_eq!(r.list(), Ok(vec![1.0, 2.0]));
        assert_eq!(r.done(), Ok(()));
        assert!(r.count().is_err() && r.sum().is_err());
        let mut r = TallyReader::new(&[1.5], &[5.0, 1.0]);
        assert!(r.count().is_err());
        assert!(r.list().is_err(), "a list longer than what is left");
        let keys = [
            run_key("a", &[1.0], 1, Engine::V2),
            run_key("b", &[1.0], 1, Engine::V2),
            run_key("a", &[2.0], 1, Engine::V2),
            run_key("a", &[1.0], 2, Engine::V2),
            run_key("a", &[1.0], 1, Engine::V1),
        ];
        for i in 0..keys.len() {
            assert!(!keys[..i].contains(&keys[i]), "key {i}");
        }
    }
}
