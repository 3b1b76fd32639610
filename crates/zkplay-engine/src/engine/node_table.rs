//! The data tree's znodes by path: a slab of entries (each path beside its znode, in chunks
//! that never move) and an index of (path hash, slot) pairs.
//!
//! Why not a `HashMap<PathKey, Box<Znode>>`: a lookup there reads the bucket (to compare the
//! key) and then the box, and for a create the box is one more allocation. Here the index's
//! 8-byte pairs take 1–2 MB for 100k znodes, a lookup reads the one entry whose hash matches,
//! and the key is compared in the entry's first cache line, beside the znode it was looking
//! for. On a 100k tree that made the engine 7–10% faster (issue #5). Kept: the 32-bit hash in
//! the index (an index of bare slots was smaller but slower: growing it reads every entry).

use hashbrown::HashTable;

use super::bytes::{same_bytes, tail_word};
use super::tree::{SmallBytes, Znode};

/// Bytes of a path that [`PathKey`] keeps in its entry.
pub(super) const INLINE_PATH: usize = 30;

/// Entries per chunk: a chunk is allocated once, with room for all of them, and never moves, so
/// growing the tree copies no znode and never needs the old and the new storage at once. Its
/// slots are written as they are handed out (allocating it writes nothing).
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

// Three cache lines in wasm, four natively: what the znode gains must not make it one more.
const _: () = assert!(std::mem::size_of::<Entry>() <= if cfg!(target_pointer_width = "32") { 192 } else { 256 });

/// A path's 32-bit hash, which the index keeps beside the slot: growing the index rehashes
/// from it without reading the entries (each a likely cache miss), and a lookup reads only
/// entries whose hash matches. Eight bytes at a time (FxHash's byte loop cost four times as
/// many instructions on a path); the same on every target, wasm included.
fn path_hash(path: &[u8]) -> u32 {
    const K: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut hash = path.len() as u64;
    for word in path.chunks_exact(8) {
        hash = (hash ^ u64::from_le_bytes(word.try_into().unwrap_or_default())).wrapping_mul(K).rotate_left(23);
    }
    hash = (hash ^ tail_word(path)).wrapping_mul(K);
    (hash ^ (hash >> 32)) as u32
}

/// The index's 64-bit hash of a 32-bit one (hashbrown takes the bucket from the low bits and
/// a tag from the top 7).
fn spread(hash: u32) -> u64 {
    let x = u64::from(hash).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    x ^ (x >> 32)
}

/// Whether slot `slot` holds `path`.
fn holds(chunks: &[Vec<Option<Entry>>], slot: u32, path: &[u8]) -> bool {
    let slot = slot as usize;
    let entry = chunks.get(slot / CHUNK).and_then(|c| c.get(slot % CHUNK)).and_then(Option::as_ref);
    entry.is_some_and(|e| same_bytes(e.key.as_bytes(), path))
}

/// Where a path's entry is: found once, used for a removal without hashing or comparing the
/// path again.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) struct Found {
    hash: u32,
    slot: u32,
}

/// Znodes by path (see the module's doc).
#[derive(Clone, Default)]
pub(super) struct NodeTable {
    /// (path hash, slot number) of every entry, found by the path hash.
    index: HashTable<(u32, u32)>,
    /// Slot `s` is `chunks[s / CHUNK][s % CHUNK]`; `None` is a free slot. Each chunk holds the
    /// slots handed out so far, with room for the rest reserved when it was made (a clone's last
    /// chunk may have to grow once).
    chunks: Vec<Vec<Option<Entry>>>,
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

    /// Where `path` is.
    pub(super) fn find(&self, path: &[u8]) -> Option<Found> {
        let hash = path_hash(path);
        let chunks = &self.chunks;
        let holds = |&(h, slot): &(u32, u32)| h == hash && holds(chunks, slot, path);
        self.index.find(spread(hash), holds).map(|&(_, slot)| Found { hash, slot })
    }

    fn slot_of(&self, path: &[u8]) -> Option<u32> {
        self.find(path).map(|f| f.slot)
    }

    pub(super) fn get(&self, path: &[u8]) -> Option<&Znode> {
        self.entry(self.slot_of(path)?).map(|e| &e.node)
    }

    pub(super) fn get_mut(&mut self, path: &[u8]) -> Option<&mut Znode> {
        let slot = self.slot_of(path)?;
        self.entry_mut(slot).map(|e| &mut e.node)
    }

    pub(super) fn at(&self, found: Found) -> Option<&Znode> {
        self.entry(found.slot).map(|e| &e.node)
    }

    /// Two different entries at once (`None` for the same one twice).
    pub(super) fn pair_mut(&mut self, a: Found, b: Found) -> Option<(&mut Znode, &mut Znode)> {
        let (ca, ia) = (a.slot as usize / CHUNK, a.slot as usize % CHUNK);
        let (cb, ib) = (b.slot as usize / CHUNK, b.slot as usize % CHUNK);
        let [ea, eb] = if ca == cb {
            self.chunks.get_mut(ca)?.get_disjoint_mut([ia, ib]).ok()?
        } else {
            let [a, b] = self.chunks.get_disjoint_mut([ca, cb]).ok()?;
            [a.get_mut(ia)?, b.get_mut(ib)?]
        };
        Some((&mut ea.as_mut()?.node, &mut eb.as_mut()?.node))
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
        match self.get_mut(path.as_bytes()) {
            Some(old) => *old = node,
            None => self.insert_absent(path, node),
        }
    }

    /// Puts `node` under `path`, which the caller knows is not in the table (a consistent
    /// tree's parent does not list the name): one hash and no search.
    pub(super) fn insert_absent(&mut self, path: &str, node: Znode) {
        let entry = Entry { key: PathKey::new(path), node };
        let slot = match self.free.pop() {
            Some(slot) => {
                let place = self.chunks.get_mut(slot as usize / CHUNK).and_then(|c| c.get_mut(slot as usize % CHUNK));
                let Some(place) = place else { return };
                *place = Some(entry);
                slot
            }
            None => {
                let slot = self.used;
                if (slot as usize).is_multiple_of(CHUNK) {
                    self.chunks.push(Vec::with_capacity(CHUNK));
                }
                // The new slot is the next in the last chunk, within its capacity.
                let Some(chunk) = self.chunks.last_mut() else { return };
                chunk.push(Some(entry));
                // A slot takes more than 100 bytes: memory runs out long before u32 does.
                self.used = self.used.saturating_add(1);
                slot
            }
        };
        let hash = path_hash(path.as_bytes());
        self.index.insert_unique(spread(hash), (hash, slot), |&(h, _)| spread(h));
    }

    pub(super) fn remove(&mut self, path: &[u8]) -> Option<Znode> {
        let found = self.find(path)?;
        self.remove_found(found)
    }

    /// Removes the entry [`NodeTable::find`] found (the table unchanged since).
    pub(super) fn remove_found(&mut self, found: Found) -> Option<Znode> {
        let in_index = self.index.find_entry(spread(found.hash), |&(_, slot)| slot == found.slot);
        in_index.ok()?.remove();
        let entry = self.chunks.get_mut(found.slot as usize / CHUNK)?.get_mut(found.slot as usize % CHUNK)?.take()?;
        self.free.push(found.slot);
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
        let mut pair = |a: &str, b: &str| {
            let (a, b) = (table.find(a.as_bytes())?, table.find(b.as_bytes())?);
            table.pair_mut(a, b).map(|(a, b)| (a.czxid, b.czxid))
        };
        assert_eq!(pair("/n1", "/n1025"), Some((1, 1025)));
        assert_eq!(pair("/n3", "/n4"), Some((3, 4)));
        assert_eq!(pair("/n4", "/n4"), None);
        assert_eq!(pair("/missing", "/n4"), None);
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
