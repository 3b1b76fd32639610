//! Sorting through a single copy of std's sort. Every `sort`/`sort_by` on another element type
//! or comparator is another 4–7 kB copy of std's sort in the page (issue #5, page weight); these
//! helpers sort indices with the comparator behind `dyn`, so the page holds one copy.

use std::cmp::Ordering;

/// Sorts `items` by `compare`, stably (equal items keep their order).
pub fn sort_by<T>(items: &mut [T], mut compare: impl FnMut(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let mut order = sorted_indices(items.len(), &mut |a, b| compare(&items[a], &items[b]));
    // Move the items along each cycle of the permutation: position i gets the item at order[i].
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != PLACED {
            let from = order[at];
            order[at] = PLACED;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

/// Marks a position of the permutation whose item is in place.
const PLACED: usize = usize::MAX;

/// Sorts `items` in their natural order, stably.
pub fn sort<T: Ord>(items: &mut [T]) {
    sort_by(items, T::cmp);
}

/// Sorts `items` by `key`, stably.
pub fn sort_by_key<T, K: Ord>(items: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(items, |a, b| key(a).cmp(&key(b)));
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
    fn agrees_with_std_stable_sort() {
        let mut state = 0x2545_f491_u64;
        let mut items: Vec<(u64, usize)> = (0..300)
            .map(|i| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state % 17, i)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|&(k, _)| k);
        sort_by_key(&mut items, |&(k, _)| k);
        assert_eq!(items, expected);
    }

    #[test]
    fn sorts_stably() {
        let mut words = vec!["pear", "fig", "apple", "kiwi", "plum", "date"];
        sort_by_key(&mut words, |w| w.len());
        assert_eq!(words, ["fig", "pear", "kiwi", "plum", "date", "apple"]);
        sort(&mut words);
        assert_eq!(words, ["apple", "date", "fig", "kiwi", "pear", "plum"]);
        let mut numbers = vec![5, 3, 9, 1, 3, 7, 2, 8, 6, 4, 0];
        sort(&mut numbers);
        assert_eq!(numbers, [0, 1, 2, 3, 3, 4, 5, 6, 7, 8, 9]);
        let mut none: Vec<i64> = Vec::new();
        sort(&mut none);
        assert!(none.is_empty());
    }
}
