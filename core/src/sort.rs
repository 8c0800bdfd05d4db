//! The one sort of the app. std's sorts are generic over the element and the comparison,
//! so every `sort_by` call site compiled its own copy of the whole algorithm: about 400
//! copies, 185 KB of the wasm before compression (issue 12). Here std's stable sort is
//! instantiated once, over indices with a comparison behind a `dyn`; each element type
//! only adds the small loop that moves the elements into the order found.
//!
//! Every function is stable (equal elements keep their order), like `slice::sort_by`.
//! `clippy.toml` refuses std's sorts elsewhere, so new code cannot bring the copies back.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping equal elements in their order.
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let order = {
        let s = &*v;
        order(s.len(), &|a, b| cmp(&s[a], &s[b]))
    };
    permute(v, order);
}

/// Sorts `v` by the key `key` gives each element.
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` by a key computed once per element (for keys that cost something to make,
/// such as collation keys).
pub fn by_cached_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    let keys: Vec<K> = v.iter().map(key).collect();
    permute(v, order(keys.len(), &|a, b| keys[a].cmp(&keys[b])));
}

/// Sorts `v` in its natural order.
pub fn natural<T: Ord>(v: &mut [T]) {
    by(v, T::cmp);
}

/// The positions `0..len` in the order `cmp` says: the one place std's sort is
/// instantiated.
#[allow(clippy::disallowed_methods)]
fn order(len: usize, cmp: &dyn Fn(usize, usize) -> Ordering) -> Vec<usize> {
    let mut idx: Vec<usize> = (0..len).collect();
    idx.sort_by(|&a, &b| cmp(a, b));
    idx
}

/// Moves the elements so that position `p` holds the element that was at `order[p]`,
/// in place, following each cycle of the permutation once.
fn permute<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != start {
            let from = order[at];
            v.swap(at, from);
            order[at] = at;
            at = from;
        }
        order[at] = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same result as std's stable sort, equal keys in their order included.
        #[test]
        #[allow(clippy::disallowed_methods)]
        fn agrees_with_std(v in prop::collection::vec((0u8..8, any::<u16>()), 0..200)) {
            let mut ours = v.clone();
            by_key(&mut ours, |p| p.0);
            let mut std = v.clone();
            std.sort_by_key(|p| p.0);
            prop_assert_eq!(&ours, &std);

            let mut cached = v.clone();
            by_cached_key(&mut cached, |p| std::cmp::Reverse(p.0));
            let mut std_rev = v.clone();
            std_rev.sort_by_key(|p| std::cmp::Reverse(p.0));
            prop_assert_eq!(&cached, &std_rev);

            let mut nat = v.clone();
            natural(&mut nat);
            let mut std_nat = v;
            std_nat.sort();
            prop_assert_eq!(nat, std_nat);
        }
    }

    #[test]
    fn sorts_strings_by_a_comparison() {
        let mut v = vec!["ç", "a", "b", "a"];
        by(&mut v, |a, b| b.cmp(a));
        assert_eq!(v, ["ç", "b", "a", "a"]);
    }
}
