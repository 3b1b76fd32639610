//! A znode's child names, sorted (as `ls` prints them), packed end to end in one string.
//!
//! One allocation for all the names instead of one each: listing the children or finding a
//! name touches one or two cache lines instead of one per name, which is what a lookup in a
//! large tree pays for (issue #5), and a child costs its name's bytes plus one offset.
//! Inserting in the middle moves the names after it (a memmove); sequential children, the
//! usual wide parents, are appended at the end.

use super::bytes::compare_bytes;

/// Sorted, distinct names.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChildNames {
    /// The names in order, end to end.
    packed: String,
    /// Where each name ends in `packed` (it starts where the one before ends).
    ends: Vec<usize>,
}

impl ChildNames {
    pub fn new() -> Self {
        Self::default()
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    fn start(&self, index: usize) -> usize {
        match index.checked_sub(1) {
            Some(before) => self.ends.get(before).copied().unwrap_or(0),
            None => 0,
        }
    }

    /// The `index`th name ("" past the end).
    fn name(&self, index: usize) -> &str {
        let end = self.ends.get(index).copied().unwrap_or(0);
        self.packed.get(self.start(index)..end).unwrap_or_default()
    }

    /// The `index`th name's bytes: what the search compares (`str` orders by bytes too, and
    /// taking bytes skips the two char-boundary checks a `str` slice makes).
    fn name_bytes(&self, index: usize) -> &[u8] {
        let end = self.ends.get(index).copied().unwrap_or(0);
        self.packed.as_bytes().get(self.start(index)..end).unwrap_or_default()
    }

    /// Where `name` is (`Ok`), or where it would go (`Err`): a create searches once, then
    /// inserts there with [`ChildNames::insert_at`].
    pub fn find(&self, name: &str) -> Result<usize, usize> {
        let name = name.as_bytes();
        let (mut low, mut high) = (0, self.len());
        while low < high {
            let mid = low + (high - low) / 2;
            match compare_bytes(self.name_bytes(mid), name) {
                std::cmp::Ordering::Less => low = mid + 1,
                std::cmp::Ordering::Greater => high = mid,
                std::cmp::Ordering::Equal => return Ok(mid),
            }
        }
        Err(low)
    }

    pub fn contains(&self, name: &str) -> bool {
        self.find(name).is_ok()
    }

    /// Adds `name`; returns whether it was new.
    pub fn insert(&mut self, name: &str) -> bool {
        let Err(index) = self.find(name) else { return false };
        self.insert_at(index, name);
        true
    }

    /// Adds `name` at `index`, which [`ChildNames::find`] gave for it (the names unchanged since).
    pub fn insert_at(&mut self, index: usize, name: &str) {
        let start = self.start(index);
        self.packed.insert_str(start, name);
        for end in self.ends.iter_mut().skip(index) {
            *end += name.len();
        }
        self.ends.insert(index, start + name.len());
    }

    /// Removes `name`; returns whether it was there.
    pub fn remove(&mut self, name: &str) -> bool {
        let Ok(index) = self.find(name) else { return false };
        let start = self.start(index);
        self.packed.drain(start..start + name.len());
        self.ends.remove(index);
        for end in self.ends.iter_mut().skip(index) {
            *end -= name.len();
        }
        true
    }

    /// The names in order.
    pub fn iter(&self) -> impl DoubleEndedIterator<Item = &str> + ExactSizeIterator + '_ {
        (0..self.len()).map(|i| self.name(i))
    }
}

impl<'a> FromIterator<&'a str> for ChildNames {
    fn from_iter<I: IntoIterator<Item = &'a str>>(names: I) -> Self {
        let mut children = ChildNames::new();
        for name in names {
            children.insert(name);
        }
        children
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_names_sorted_and_distinct() {
        let mut children: ChildNames = ["b", "task-0000000002", "a"].into_iter().collect();
        assert!(children.insert("ab"));
        assert!(!children.insert("b"));
        assert!(children.insert("task-0000000010"));
        assert_eq!(children.iter().collect::<Vec<_>>(), ["a", "ab", "b", "task-0000000002", "task-0000000010"]);
        assert!(children.contains("ab") && !children.contains("c") && !children.contains(""));
        assert!(children.remove("ab"));
        assert!(!children.remove("ab"));
        assert!(children.remove("task-0000000010"));
        assert!(children.remove("a"));
        assert_eq!(children.iter().rev().collect::<Vec<_>>(), ["task-0000000002", "b"]);
        assert_eq!(children.len(), 2);
        assert!(children.remove("b") && children.remove("task-0000000002"));
        assert!(children.is_empty() && children.iter().next().is_none());
        assert_eq!(children, ChildNames::new());
    }

    #[test]
    fn names_with_multibyte_characters_and_prefixes_of_each_other() {
        let mut children = ChildNames::new();
        for name in ["é", "ée", "e", "节点", "节", "ee"] {
            assert!(children.insert(name));
        }
        assert_eq!(children.iter().collect::<Vec<_>>(), ["e", "ee", "é", "ée", "节", "节点"]);
        assert!(children.remove("é"));
        assert_eq!(children.iter().collect::<Vec<_>>(), ["e", "ee", "ée", "节", "节点"]);
    }
}
