//! Sorting through a single copy of std's sort. Every `sort`/`sort_by` on another element type
//! or comparator is another 4–7 kB copy of std's sort in the page (issue #5, page weight); these
//! helpers sort indices with the comparator behind `dyn`, so the page holds one copy.

use std::cmp::Ordering;
use std::collections::BTreeSet;

/// Sorts `items` by `compare`, stably (equal items keep their order).
pub fn sort_by<T>(items: &mut Vec<T>, mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    let mut slots: Vec<Option<T>> = items.drain(..).map(Some).collect();
    items.extend(order.into_iter().filter_map(|i| slots.get_mut(i).and_then(Option::take)));
}

/// Sorts `items` in their natural order, stably.
pub fn sort<T: Ord>(items: &mut Vec<T>) {
    sort_by(items, T::cmp);
}

/// Sorts `items` by `key`, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut Vec<T>, mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
}

/// A set of `items`. `collect()` into a BTreeSet would sort them first with yet another copy of
/// std's sort; inserting one by one needs none.
pub fn set_from<T: Ord>(items: impl IntoIterator<Item = T>) -> BTreeSet<T> {
    let mut set = BTreeSet::new();
    for item in items {
        set.insert(item);
    }
    set
}

/// The indices `0..len` in the order `compare` gives them (the one instantiation of std's sort).
fn sorted_indices(len: usize, compare: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut order: Vec<usize> = (0..len).collect();
    order.sort_by(|&a, &b| compare(a, b));
    order
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "plum", "date"];
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "plum", "date", "apple"]);
        sort(&mut words);
        assert_eq!(words, ["apple", "date", "fig", "kiwi", "pear", "plum"]);
        let mut none: Vec<i64> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
    }
}
