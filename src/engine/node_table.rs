//! The data tree's znodes by path: a slab of entries (each path beside its znode, in chunks
//! that never move) and an index of slot numbers by path hash.
//!
//! Why not a `HashMap<PathKey, Box<Znode>>`: on a large tree a lookup there misses the cache
//! twice, one after the other: on the bucket (to compare the key) and then on the box. Here the
//! index holds 4-byte slot numbers (about 0.6 MB for 100k znodes, so it stays in cache) and a
//! lookup misses once, on the entry it was looking for (issue #5).

use std::hash::BuildHasher;

use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;

use super::tree::{SmallBytes, Znode};

/// Bytes of a path that [`PathKey`] keeps in its entry.
pub(super) const INLINE_PATH: usize = 22;

/// Entries per chunk: a chunk is allocated once and never moves, so growing the tree copies no
/// znode and never needs the old and the new storage at once.
const CHUNK: usize = 1024;

/// A path as the table keeps it. Most paths are short and sit in the entry itself, so a create
/// allocates no key. Lookups go by bytes: hashing and comparing never look at UTF-8.
#[derive(Clone, Debug)]
pub(super) struct PathKey(pub(super) SmallBytes<INLINE_PATH>);

impl PathKey {
    pub(super) fn new(path: &str) -> PathKey {
        PathKey(SmallBytes::copy(path.as_bytes()))
    }

    fn as_bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// The path as text (made from a `&str`, so never empty by mistake).
    fn as_str(&self) -> &str {
        std::str::from_utf8(self.as_bytes()).unwrap_or_default()
    }
}

/// Aligned to a cache line, key first: comparing the key reads the entry's first line.
#[derive(Clone, Debug)]
#[repr(C, align(64))]
struct Entry {
    key: PathKey,
    node: Znode,
}

/// A path's 32-bit hash, which the index keeps beside the slot: growing the index rehashes
/// from it without reading the entries (each a likely cache miss), and a lookup reads only
/// entries whose hash matches.
fn path_hash(path: &[u8]) -> u32 {
    // Folded, not shifted: FxHash on a 32-bit target (wasm) leaves the top half zero.
    let hash = FxBuildHasher.hash_one(path);
    (hash ^ (hash >> 32)) as u32
}

/// The index's 64-bit hash of a 32-bit one (hashbrown takes the bucket from the low bits and
/// a tag from the top 7).
fn spread(hash: u32) -> u64 {
    let x = u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 32)
}

/// Whether slot `slot` holds `path`.
fn holds(chunks: &[Box<[Option<Entry>]>], slot: u32, path: &[u8]) -> bool {
    let slot = slot as usize;
    let entry = chunks.get(slot / CHUNK).and_then(|c| c.get(slot % CHUNK)).and_then(Option::as_ref);
    entry.is_some_and(|e| e.key.as_bytes() == path)
}

/// Znodes by path (see the module's doc).
#[derive(Clone, Default)]
pub(super) struct NodeTable {
    /// (path hash, slot number) of every entry, found by the path hash.
    index: HashTable<(u32, u32)>,
    /// Slot `s` is `chunks[s / CHUNK][s % CHUNK]`; `None` is a free slot.
    chunks: Vec<Box<[Option<Entry>]>>,
    /// Free slots, the last freed first (its memory is the likeliest to be in cache).
    free: Vec<u32>,
    /// Slots handed out so far (free or not).
    used: u32,
}

impl NodeTable {
    fn entry(&self, slot: u32) -> Option<&Entry> {
        let slot = slot as usize;
        self.chunks.get(slot / CHUNK)?.get(slot % CHUNK)?.as_ref()
    }

    fn entry_mut(&mut self, slot: u32) -> Option<&mut Entry> {
        let slot = slot as usize;
        self.chunks.get_mut(slot / CHUNK)?.get_mut(slot % CHUNK)?.as_mut()
    }

    /// The slot holding `path`.
    fn slot_of(&self, path: &[u8]) -> Option<u32> {
        let hash = path_hash(path);
        let chunks = &self.chunks;
        self.index.find(spread(hash), |&(h, slot)| h == hash && holds(chunks, slot, path)).map(|&(_, slot)| slot)
    }

    pub(super) fn get(&self, path: &[u8]) -> Option<&Znode> {
        self.entry(self.slot_of(path)?).map(|e| &e.node)
    }

    pub(super) fn get_mut(&mut self, path: &[u8]) -> Option<&mut Znode> {
        let slot = self.slot_of(path)?;
        self.entry_mut(slot).map(|e| &mut e.node)
    }

    /// Two different paths' znodes at once (`None` for a missing one, both `None` for the same
    /// path).
    pub(super) fn get_pair_mut(&mut self, a: &[u8], b: &[u8]) -> (Option<&mut Znode>, Option<&mut Znode>) {
        let (sa, sb) = match (self.slot_of(a), self.slot_of(b)) {
            (Some(sa), Some(sb)) => (sa, sb),
            (Some(s), None) => return (self.entry_mut(s).map(|e| &mut e.node), None),
            (None, Some(s)) => return (None, self.entry_mut(s).map(|e| &mut e.node)),
            (None, None) => return (None, None),
        };
        let (ca, ia) = (sa as usize / CHUNK, sa as usize % CHUNK);
        let (cb, ib) = (sb as usize / CHUNK, sb as usize % CHUNK);
        let (ea, eb) = if ca == cb {
            match self.chunks.get_mut(ca).and_then(|c| c.get_disjoint_mut([ia, ib]).ok()) {
                Some([ea, eb]) => (ea, eb),
                None => return (None, None),
            }
        } else {
            match self.chunks.get_disjoint_mut([ca, cb]) {
                Ok([a, b]) => match (a.get_mut(ia), b.get_mut(ib)) {
                    (Some(ea), Some(eb)) => (ea, eb),
                    _ => return (None, None),
                },
                Err(_) => return (None, None),
            }
        };
        (ea.as_mut().map(|e| &mut e.node), eb.as_mut().map(|e| &mut e.node))
    }

    pub(super) fn contains_key(&self, path: &[u8]) -> bool {
        self.slot_of(path).is_some()
    }

    pub(super) fn len(&self) -> usize {
        self.index.len()
    }

    pub(super) fn is_empty(&self) -> bool {
        self.index.is_empty()
    }

    /// Puts `node` under `path`, replacing the znode there.
    pub(super) fn insert(&mut self, path: &str, node: Znode) {
        if let Some(old) = self.get_mut(path.as_bytes()) {
            *old = node;
            return;
        }
        let entry = Entry { key: PathKey::new(path), node };
        let slot = match self.free.pop() {
            Some(slot) => slot,
            None => {
                let slot = self.used;
                if (slot as usize).is_multiple_of(CHUNK) {
                    self.chunks.push((0..CHUNK).map(|_| None).collect());
                }
                // A slot takes more than 100 bytes: memory runs out long before u32 does.
                self.used = self.used.saturating_add(1);
                slot
            }
        };
        let slot_ref = (slot as usize / CHUNK, slot as usize % CHUNK);
        if let Some(place) = self.chunks.get_mut(slot_ref.0).and_then(|c| c.get_mut(slot_ref.1)) {
            *place = Some(entry);
            let hash = path_hash(path.as_bytes());
            self.index.insert_unique(spread(hash), (hash, slot), |&(h, _)| spread(h));
        }
    }

    pub(super) fn remove(&mut self, path: &[u8]) -> Option<Znode> {
        let hash = path_hash(path);
        let chunks = &self.chunks;
        let found = self.index.find_entry(spread(hash), |&(h, slot)| h == hash && holds(chunks, slot, path));
        let ((_, slot), _) = found.ok()?.remove();
        let entry = self.chunks.get_mut(slot as usize / CHUNK)?.get_mut(slot as usize % CHUNK)?.take()?;
        self.free.push(slot);
        Some(entry.node)
    }

    /// Every path and znode, in slot order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &Znode)> {
        self.chunks.iter().flat_map(|c| c.iter()).flatten().map(|e| (e.key.as_str(), &e.node))
    }

    pub(super) fn values_mut(&mut self) -> impl Iterator<Item = &mut Znode> {
        self.chunks.iter_mut().flat_map(|c| c.iter_mut()).flatten().map(|e| &mut e.node)
    }
}

/// Equal when they hold the same znodes under the same paths (wherever their slots are).
impl PartialEq for NodeTable {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(path, node)| other.get(path.as_bytes()) == Some(node))
    }
}

impl Eq for NodeTable {}

impl std::fmt::Debug for NodeTable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::acl::Acl;
    use crate::engine::tree::NodeKind;

    fn node(czxid: i64) -> Znode {
        Znode::new(None, Acl::open_unsafe(), czxid, 0, NodeKind::Persistent, 0)
    }

    #[test]
    fn finds_replaces_and_removes_across_chunks() {
        let mut table = NodeTable::default();
        let paths: Vec<String> = (0..3 * CHUNK as i64).map(|i| format!("/n{i}")).collect();
        for (i, p) in paths.iter().enumerate() {
            table.insert(p, node(i as i64));
        }
        assert_eq!(table.len(), paths.len());
        assert_eq!(table.get(b"/n2049").map(|n| n.czxid), Some(2049));
        table.insert("/n5", node(-5));
        assert_eq!((table.len(), table.get(b"/n5").map(|n| n.czxid)), (paths.len(), Some(-5)));
        assert_eq!(table.remove(b"/n7").map(|n| n.czxid), Some(7));
        assert!(table.remove(b"/n7").is_none() && !table.contains_key(b"/n7"));
        // The freed slot is used again, and the index still finds everything.
        table.insert("/again", node(1));
        assert_eq!(table.used as usize, paths.len());
        assert!(paths.iter().filter(|p| *p != "/n7").all(|p| table.contains_key(p.as_bytes())));
        assert_eq!(table.iter().count(), paths.len());
    }

    #[test]
    fn path_hashes_spread() {
        let mut hashes: Vec<u32> = (0..10_000).map(|i| path_hash(format!("/bench/{i}").as_bytes())).collect();
        hashes.sort_unstable();
        hashes.dedup();
        assert!(hashes.len() > 9_990, "{} distinct hashes of 10,000 paths", hashes.len());
        // The index's buckets come from the low bits and its tags from the top 7.
        let mut buckets: Vec<u64> = hashes.iter().map(|&h| spread(h) & 0x3fff).collect();
        buckets.sort_unstable();
        buckets.dedup();
        assert!(buckets.len() > 6_000, "{} of 16,384 buckets used", buckets.len());
        let tags: std::collections::BTreeSet<u64> = hashes.iter().map(|&h| spread(h) >> 57).collect();
        assert_eq!(tags.len(), 128);
    }

    #[test]
    fn pairs_are_two_znodes_or_none() {
        let mut table = NodeTable::default();
        for i in 0..CHUNK as i64 + 2 {
            table.insert(&format!("/n{i}"), node(i));
        }
        let (a, b) = table.get_pair_mut(b"/n1", b"/n1025");
        assert_eq!((a.map(|n| n.czxid), b.map(|n| n.czxid)), (Some(1), Some(1025)));
        let (a, b) = table.get_pair_mut(b"/n3", b"/n4");
        assert_eq!((a.map(|n| n.czxid), b.map(|n| n.czxid)), (Some(3), Some(4)));
        let (a, b) = table.get_pair_mut(b"/missing", b"/n4");
        assert_eq!((a.is_none(), b.map(|n| n.czxid)), (true, Some(4)));
        let (a, b) = table.get_pair_mut(b"/n4", b"/n4");
        assert!(a.is_none() && b.is_none());
    }

    #[test]
    fn equal_tables_may_keep_their_znodes_in_different_slots() {
        let (mut a, mut b) = (NodeTable::default(), NodeTable::default());
        a.insert("/x", node(1));
        a.insert("/y", node(2));
        b.insert("/y", node(2));
        b.insert("/x", node(1));
        assert_eq!(a, b);
        b.insert("/x", node(3));
        assert_ne!(a, b);
    }
}
