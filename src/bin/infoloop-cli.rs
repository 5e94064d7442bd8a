//! `infoloop-cli`: the explorer's runs on the command line, bit for bit the page's.
//!
//! ```text
//! infoloop-cli curves '<link query>' [--format csv|json|fingerprint] [--threads N]
//! infoloop-cli sweep  '<link query>' [--shard i/n] [--threads N]
//! infoloop-cli merge  part1 part2 ...
//! ```
//!
//! - `curves`: the run a share link describes (`v=3&ver=1&s=0.4`, with or without a leading `?`
//!   or the page's address before it), as the page's CSV or JSON export (the same functions,
//!   [`infoloop::export`]) or its fingerprint. On engine v2 the run's replicate blocks are
//!   computed on all cores and merged in block order ([`RunSpec::run_merged`]), which gives the
//!   same curves, bit for bit, as one thread (the contract of `infoloop_core::scenario::blocks`).
//! - `sweep`: the link's sweep (its `sx`, `sy`, `sm`, `sn`, or the scenario's default sweep) with
//!   its cells on all cores, as the page's sweep CSV. `--shard i/n` (1 <= i <= n) computes only
//!   the i-th of n contiguous ranges of cells and writes a part (every cell's value as its exact
//!   bits), so a batch scheduler can spread a sweep over machines (a job array, GNU parallel's
//!   `{#}`).
//! - `merge`: the parts of one sweep, in any order, recombined into the sweep CSV, byte for byte
//!   what the unsharded `sweep` writes.
//!
//! Corrections a link needs are printed to stderr, as the page shows them. Threads: all cores
//! unless `--threads` says otherwise (`--threads 1` for single-threaded timings).
//!
//! Native only: on wasm this binary is empty (rayon is not a dependency there).

#![forbid(unsafe_code)]

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match native::main(&args) {
        Ok(out) => print!("{out}"),
        Err(native::Failure::Usage(msg)) => {
            eprintln!("infoloop-cli: {msg}\n\n{}", native::USAGE);
            std::process::exit(2);
        }
        Err(native::Failure::Run(msg)) => {
            eprintln!("infoloop-cli: {msg}");
            std::process::exit(1);
        }
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use infoloop::export;
    use infoloop_core::link::{parse_query, to_query, ShareState};
    use infoloop_core::scenario::Run;
    use infoloop_core::spec::RunSpec;
    use infoloop_core::sweep::{final_value, SweepGrid, SweepJob};
    use rayon::prelude::*;

    pub const USAGE: &str = "usage:
  infoloop-cli curves '<link query>' [--format csv|json|fingerprint] [--threads N]
  infoloop-cli sweep  '<link query>' [--shard i/n] [--threads N]
  infoloop-cli merge  part1 part2 ...";

    /// The first line of a sweep part.
    const PART_MAGIC: &str = "# infoloop-cli sweep part";

    /// Why a command failed.
    #[derive(Debug)]
    pub enum Failure {
        /// The command line is wrong (exit code 2, with the usage).
        Usage(String),
        /// The command could not do its work (exit code 1).
        Run(String),
    }

    fn usage(msg: impl Into<String>) -> Failure {
        Failure::Usage(msg.into())
    }

    fn failed(msg: impl Into<String>) -> Failure {
        Failure::Run(msg.into())
    }

    /// Runs the command line `args` (without the program name); returns what goes to stdout.
    pub fn main(args: &[String]) -> Result<String, Failure> {
        let (command, rest) = args.split_first().ok_or_else(|| usage("no command"))?;
        match command.as_str() {
            "curves" => {
                let opts = Options::parse(rest, &["--format", "--threads"])?;
                with_threads(opts.threads()?, || curves(&opts))
            }
            "sweep" => {
                let opts = Options::parse(rest, &["--shard", "--threads"])?;
                with_threads(opts.threads()?, || sweep(&opts))
            }
            "merge" => merge(rest),
            "-h" | "--help" | "help" => Ok(format!("{USAGE}\n")),
            other => Err(usage(format!("unknown command `{other}`"))),
        }
    }

    /// One positional argument (the query) and `--name value` options.
    struct Options {
        query: String,
        values: Vec<(String, String)>,
    }

    impl Options {
        fn parse(args: &[String], known: &[&str]) -> Result<Options, Failure> {
            let mut query = None;
            let mut values = Vec::new();
            let mut it = args.iter();
            while let Some(arg) = it.next() {
                if let Some(name) = arg.strip_prefix("--") {
                    let name = format!("--{name}");
                    if !known.contains(&name.as_str()) {
                        return Err(usage(format!("unknown option `{name}`")));
                    }
                    let value = it
                        .next()
                        .ok_or_else(|| usage(format!("`{name}` needs a value")))?;
                    values.push((name, value.clone()));
                } else if query.replace(arg.clone()).is_some() {
                    return Err(usage("one link query only"));
                }
            }
            let query = query.ok_or_else(|| usage("no link query"))?;
            Ok(Options { query, values })
        }

        fn get(&self, name: &str) -> Option<&str> {
            self.values
                .iter()
                .rev()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.as_str())
        }

        fn threads(&self) -> Result<Option<usize>, Failure> {
            self.get("--threads")
                .map(|t| match t.parse::<usize>() {
                    Ok(n) if n > 0 => Ok(n),
                    _ => Err(usage(format!("--threads `{t}` is not a positive number"))),
                })
                .transpose()
        }
    }

    /// Runs `work` on a pool of `threads` threads (all cores when `None`).
    fn with_threads<T: Send>(
        threads: Option<usize>,
        work: impl FnOnce() -> Result<T, Failure> + Send,
    ) -> Result<T, Failure> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads.unwrap_or(0))
            .build()
            .map_err(|e| failed(format!("cannot start threads: {e}")))?;
        pool.install(work)
    }

    /// The share state of a link query (a full address, `?query` or `query`); corrections go to
    /// stderr.
    fn share_of(query: &str) -> ShareState {
        let query = query.rsplit_once('?').map_or(query, |(_, q)| q);
        let (share, notes) = parse_query(query);
        for note in notes {
            eprintln!("note: {note:?}");
        }
        share
    }

    /// The link written into exports: the canonical query of the state.
    fn link_of(share: &ShareState) -> String {
        format!("?{}", to_query(share))
    }

    /// The run of `share`: its replicate blocks in parallel, merged in block order (bit for bit
    /// the single-threaded run).
    fn run_of(share: &ShareState) -> Result<Run, Failure> {
        let spec = &share.run;
        let blocks = spec.block_count();
        if blocks <= 1 || rayon::current_num_threads() <= 1 {
            return Ok(spec.run());
        }
        let partials: Vec<Vec<f64>> = (0..blocks)
            .into_par_iter()
            .map(|b| spec.run_blocks(b..b + 1))
            .collect::<Result<_, _>>()
            .map_err(|e| failed(e.to_string()))?;
        let refs: Vec<&[f64]> = partials.iter().map(Vec::as_slice).collect();
        spec.run_merged(&refs).map_err(|e| failed(e.to_string()))
    }

    fn curves(opts: &Options) -> Result<String, Failure> {
        let share = share_of(&opts.query);
        let run = run_of(&share)?;
        let link = link_of(&share);
        match opts.get("--format").unwrap_or("csv") {
            "csv" => Ok(export::csv(&run, &share, &link)),
            "json" => Ok(export::json(&run, &share, &link)),
            "fingerprint" => Ok(format!("{}\n", run.fingerprint())),
            other => Err(usage(format!(
                "--format `{other}`: csv, json or fingerprint"
            ))),
        }
    }

    /// `i/n` with `1 <= i <= n`.
    fn parse_shard(s: &str) -> Result<(usize, usize), Failure> {
        let bad = || usage(format!("--shard `{s}`: expected i/n with 1 <= i <= n"));
        let (i, n) = s.split_once('/').ok_or_else(bad)?;
        let (i, n) = (
            i.parse::<usize>().map_err(|_| bad())?,
            n.parse::<usize>().map_err(|_| bad())?,
        );
        if i == 0 || i > n {
            return Err(bad());
        }
        Ok((i, n))
    }

    /// The cells of shard `i` of `n` (1-based) of a sweep of `cells` cells: contiguous, in order.
    fn shard_cells(i: usize, n: usize, cells: usize) -> std::ops::Range<usize> {
        (i - 1) * cells / n..i * cells / n
    }

    /// The sweep of a link: its state with the sweep view on, and the job.
    fn sweep_of(query: &str) -> (ShareState, SweepJob) {
        let mut share = share_of(query);
        share.sweep_on = true;
        let job = SweepJob::new(&share.run, &share.sweep);
        (share, job)
    }

    /// The values of cells `cells` (row-major indices), each an independent run, in parallel.
    fn cell_values(job: &SweepJob, cells: std::ops::Range<usize>) -> Vec<f64> {
        let grid = job.finish();
        let nx = grid.xs.len().max(1);
        let metric = grid.spec.metric.clone();
        let specs: Vec<RunSpec> = cells.map(|i| job.cell(i % nx, i / nx)).collect();
        specs
            .par_iter()
            .map(|spec| final_value(spec.run().curve(&metric)))
            .collect()
    }

    /// The sweep CSV of the complete grid `values`.
    fn sweep_csv(share: &ShareState, job: &SweepJob, values: Vec<f64>) -> String {
        let mut grid: SweepGrid = job.finish();
        grid.done = values.len();
        grid.values = values;
        export::sweep_csv(&grid, share, &link_of(share))
    }

    fn sweep(opts: &Options) -> Result<String, Failure> {
        let (share, job) = sweep_of(&opts.query);
        let cells = job.progress().1;
        match opts.get("--shard").map(parse_shard).transpose()? {
            None => Ok(sweep_csv(&share, &job, cell_values(&job, 0..cells))),
            Some((i, n)) => {
                let range = shard_cells(i, n, cells);
                let values = cell_values(&job, range.clone());
                let mut out = format!(
                    "{PART_MAGIC} {i}/{n} of {cells} cells\n# query: {}\n",
                    to_query(&share)
                );
                for (cell, v) in range.zip(values) {
                    out.push_str(&format!("cell {cell} {:016x}\n", v.to_bits()));
                }
                Ok(out)
            }
        }
    }

    /// One part read back.
    struct Part {
        shard: (usize, usize),
        cells: usize,
        query: String,
        values: Vec<(usize, f64)>,
    }

    fn read_part(name: &str, text: &str) -> Result<Part, Failure> {
        let bad = |what: &str| failed(format!("{name}: not a sweep part ({what})"));
        let mut lines = text.lines();
        let head = lines
            .next()
            .and_then(|l| l.strip_prefix(PART_MAGIC))
            .ok_or_else(|| bad("first line"))?;
        let (shard, cells) = head
            .trim()
            .strip_suffix(" cells")
            .and_then(|h| h.split_once(" of "))
            .ok_or_else(|| bad("first line"))?;
        let shard = parse_shard(shard).map_err(|_| bad("shard"))?;
        let cells = cells.parse::<usize>().map_err(|_| bad("cell count"))?;
        let query = lines
            .next()
            .and_then(|l| l.strip_prefix("# query: "))
            .ok_or_else(|| bad("query line"))?
            .to_string();
        let mut values = Vec::new();
        for line in lines.filter(|l| !l.trim().is_empty()) {
            let mut words = line.split(' ');
            let (Some("cell"), Some(i), Some(bits), None) =
                (words.next(), words.next(), words.next(), words.next())
            else {
                return Err(bad("a cell line"));
            };
            let i = i.parse::<usize>().map_err(|_| bad("a cell index"))?;
            let bits = u64::from_str_radix(bits, 16).map_err(|_| bad("a cell value"))?;
            values.push((i, f64::from_bits(bits)));
        }
        Ok(Part {
            shard,
            cells,
            query,
            values,
        })
    }

    fn merge(files: &[String]) -> Result<String, Failure> {
        if files.is_empty() {
            return Err(usage("merge needs the parts of a sweep"));
        }
        let mut parts = Vec::new();
        for name in files {
            let text = std::fs::read_to_string(name)
                .map_err(|e| failed(format!("cannot read {name}: {e}")))?;
            parts.push(read_part(name, &text)?);
        }
        let first = &parts[0];
        let (n, cells, query) = (first.shard.1, first.cells, first.query.clone());
        let mut seen = vec![false; n];
        for (part, name) in parts.iter().zip(files) {
            if part.query != query || part.shard.1 != n || part.cells != cells {
                return Err(failed(format!("{name} is a part of another sweep")));
            }
            let i = part.shard.0;
            if std::mem::replace(&mut seen[i - 1], true) {
                return Err(failed(format!("part {i}/{n} is given twice")));
            }
            let want: Vec<usize> = shard_cells(i, n, cells).collect();
            let got: Vec<usize> = part.values.iter().map(|&(c, _)| c).collect();
            if want != got {
                return Err(failed(format!(
                    "{name}: its cells are not those of part {i}/{n}"
                )));
            }
        }
        if let Some(missing) = seen.iter().position(|s| !s) {
            return Err(failed(format!("part {}/{n} is missing", missing + 1)));
        }
        let (share, job) = sweep_of(&query);
        if job.progress().1 != cells {
            return Err(failed("the parts' cell count does not match their query"));
        }
        // Every cell is in exactly one part (checked above).
        let mut values = vec![f64::NAN; cells];
        for &(cell, v) in parts.iter().flat_map(|p| &p.values) {
            values[cell] = v;
        }
        Ok(sweep_csv(&share, &job, values))
    }
}
