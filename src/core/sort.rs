//! Small sorts, for the bundle's sake. The standard library's sorts (pattern-defeating quicksort,
//! driftsort) are fast, but every element type and comparison they are used with adds 2 to 8 KB
//! of wasm: a dozen such instances were 57 KB, a fifth of the page's download. These are a few
//! hundred bytes each and fast enough where the page sorts (setting up a run, sorting a legend):
//!
//! - [`sort_unstable_by`]: heapsort, O(n log n) comparisons in the worst case, no allocation;
//! - [`sort_by_key`]: stable insertion sort, for short lists (a legend, a menu);
//! - [`select_nth_by`]: quickselect (median-of-three pivots) for the k-d tree's splits;
//! - [`radix_order`]: a stable radix sort of 64-bit keys, for the one hot sort (KSG's ranks,
//!   once per estimate), which had kept the standard library's `sort_unstable` (1.8 KB of wasm
//!   and its helpers) for speed: the radix sort is smaller and, at a thousand keys, faster.

use core::cmp::Ordering;

/// Sorts `v` by `compare` (not stable) with heapsort.
///
/// ```
/// let mut v = [5, 1, 4, 1, 3];
/// infoloop_core::sort::sort_unstable_by(&mut v, |a, b| a.cmp(b));
/// assert_eq!(v, [1, 1, 3, 4, 5]);
/// ```
pub fn sort_unstable_by<T>(v: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    let mut less = |a: &T, b: &T| compare(a, b) == Ordering::Less;
    let n = v.len();
    for start in (0..n / 2).rev() {
        sift_down(v, start, n, &mut less);
    }
    for end in (1..n).rev() {
        v.swap(0, end);
        sift_down(v, 0, end, &mut less);
    }
}

/// Sorts `v` by its natural order (not stable) with heapsort.
pub fn sort_unstable<T: Ord>(v: &mut [T]) {
    sort_unstable_by(v, T::cmp);
}

/// Restores the max-heap property of `v[..end]` below `node`.
fn sift_down<T>(v: &mut [T], mut node: usize, end: usize, less: &mut impl FnMut(&T, &T) -> bool) {
    loop {
        let mut child = 2 * node + 1;
        if child >= end {
            return;
        }
        if child + 1 < end && less(&v[child], &v[child + 1]) {
            child += 1;
        }
        if !less(&v[node], &v[child]) {
            return;
        }
        v.swap(node, child);
        node = child;
    }
}

/// Sorts `v` by `key`, keeping the order of equal keys (insertion sort: for short lists).
///
/// ```
/// let mut v = [(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd')];
/// infoloop_core::sort::sort_by_key(&mut v, |p| p.0);
/// assert_eq!(v, [(1, 'b'), (1, 'd'), (2, 'a'), (2, 'c')]);
/// ```
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    for i in 1..v.len() {
        let mut j = i;
        while j > 0 && key(&v[j]) < key(&v[j - 1]) {
            v.swap(j, j - 1);
            j -= 1;
        }
    }
}

/// Reorders `v` so that `v[k]` is the element a full sort by `compare` would put there, with no
/// greater element before it and no smaller one after (quickselect). `compare` must be a total
/// order; `k` must be below `v.len()`.
///
/// ```
/// let mut v = [9, 2, 7, 4, 5, 1];
/// infoloop_core::sort::select_nth_by(&mut v, 2, |a, b| a.cmp(b));
/// assert_eq!(v[2], 4);
/// assert!(v[..2].iter().all(|&x| x <= 4) && v[3..].iter().all(|&x| x >= 4));
/// ```
pub fn select_nth_by<T>(v: &mut [T], k: usize, mut compare: impl FnMut(&T, &T) -> Ordering) {
    assert!(
        k < v.len(),
        "select_nth_by: index {k} of {} elements",
        v.len()
    );
    let (mut lo, mut hi) = (0, v.len());
    while hi - lo > 1 {
        // Median of three to the end as the pivot, then Lomuto partition.
        let mid = lo + (hi - lo) / 2;
        let last = hi - 1;
        if compare(&v[mid], &v[lo]) == Ordering::Less {
            v.swap(mid, lo);
        }
        if compare(&v[last], &v[lo]) == Ordering::Less {
            v.swap(last, lo);
        }
        if compare(&v[mid], &v[last]) == Ordering::Less {
            v.swap(mid, last);
        }
        let mut store = lo;
        for i in lo..last {
            if compare(&v[i], &v[last]) == Ordering::Less {
                v.swap(i, store);
                store += 1;
            }
        }
        v.swap(store, last);
        match k.cmp(&store) {
            Ordering::Equal => return,
            Ordering::Less => hi = store,
            Ordering::Greater => lo = store + 1,
        }
    }
}

/// The indices `0..keys.len()` in increasing order of `keys`, equal keys by index: a stable
/// least-significant-digit radix sort, a byte per pass (all eight bytes counted in one sweep;
/// a pass where every key has the same byte is skipped). `O(n)`, with two buffers of `n`
/// indices and 8 KB of counts on the stack.
///
/// ```
/// let order = infoloop_core::sort::radix_order(&[30, 10, u64::MAX, 10, 0]);
/// assert_eq!(order, [4, 1, 3, 0, 2]);
/// ```
pub fn radix_order(keys: &[u64]) -> Vec<u32> {
    let n = keys.len();
    debug_assert!(n <= u32::MAX as usize, "radix_order: more than 2^32 keys");
    let mut counts = [[0u32; 256]; 8];
    for &k in keys {
        for (d, c) in counts.iter_mut().enumerate() {
            c[(k >> (8 * d)) as usize & 255] += 1;
        }
    }
    let mut order: Vec<u32> = (0..n as u32).collect();
    let mut next = vec![0u32; n];
    for (d, c) in counts.iter_mut().enumerate() {
        if c.iter().any(|&x| x as usize == n) {
            continue;
        }
        let mut start = 0;
        for x in c.iter_mut() {
            (*x, start) = (start, start + *x);
        }
        for &i in &order {
            let b = (keys[i as usize] >> (8 * d)) as usize & 255;
            next[c[b] as usize] = i;
            c[b] += 1;
        }
        core::mem::swap(&mut order, &mut next);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::rng::SimRng;

    fn random_lists() -> Vec<Vec<u32>> {
        let mut rng = SimRng::for_stream(7, 0);
        let mut out = vec![
            vec![],
            vec![1],
            vec![2, 1],
            vec![1, 1, 1],
            (0..100).collect(),
        ];
        out.push((0..100).rev().collect());
        for n in [3, 10, 57, 1000] {
            for range in [2, 10, 1_000_000] {
                out.push((0..n).map(|_| rng.below(range) as u32).collect());
            }
        }
        out
    }

    #[test]
    fn heapsort_agrees_with_the_standard_sort() {
        for list in random_lists() {
            let (mut ours, mut std) = (list.clone(), list.clone());
            sort_unstable(&mut ours);
            std.sort_unstable();
            assert_eq!(ours, std, "{list:?}");
        }
    }

    #[test]
    fn insertion_sort_is_stable() {
        for list in random_lists() {
            let mut tagged: Vec<(u32, usize)> =
                list.iter().enumerate().map(|(i, &x)| (x % 5, i)).collect();
            let mut std = tagged.clone();
            sort_by_key(&mut tagged, |p| p.0);
            std.sort_by_key(|p| p.0);
            assert_eq!(tagged, std);
        }
    }

    /// The radix order is the standard sort's of (key, index), on keys with many ties, keys
    /// that differ only in their top or bottom byte, and the keys of floats (KSG's use).
    #[test]
    fn radix_order_is_the_order_of_keys_then_indices() {
        let mut rng = crate::random::xoshiro::Xoshiro256pp::for_stream(8, 8);
        let mut cases: Vec<Vec<u64>> = random_lists()
            .into_iter()
            .map(|l| l.into_iter().map(u64::from).collect())
            .collect();
        cases.push((0..300).map(|_| rng.next_u64()).collect());
        cases.push(
            (0..300)
                .map(|_| rng.next_u64() & 0xff00_0000_0000_00ff)
                .collect(),
        );
        cases.push((0..300).map(|_| (rng.uniform() - 0.5).to_bits()).collect());
        cases.push(vec![7; 40]);
        for keys in cases {
            let mut std: Vec<(u64, u32)> = keys.iter().zip(0..).map(|(&k, i)| (k, i)).collect();
            std.sort_unstable();
            let expected: Vec<u32> = std.iter().map(|&(_, i)| i).collect();
            assert_eq!(radix_order(&keys), expected, "{keys:?}");
        }
    }

    #[test]
    fn quickselect_puts_the_kth_element_in_place() {
        for list in random_lists().into_iter().filter(|l| !l.is_empty()) {
            let mut sorted = list.clone();
            sorted.sort_unstable();
            for k in [0, list.len() / 3, list.len() / 2, list.len() - 1] {
                let mut v = list.clone();
                select_nth_by(&mut v, k, |a, b| a.cmp(b));
                assert_eq!(v[k], sorted[k]);
                assert!(v[..k].iter().all(|&x| x <= v[k]));
                assert!(v[k + 1..].iter().all(|&x| x >= v[k]));
                v.sort_unstable();
                assert_eq!(v, sorted, "a permutation");
            }
        }
    }
}
