//! Sessions: ids, negotiated timeouts, expiry on the virtual clock, and each session's
//! ephemerals in the order the server's `HashSet` yields them.

use std::rc::Rc;

use rustc_hash::FxHashMap as HashMap;

use super::acl::Id;
use super::watch::SessionId;

/// A client session as the server sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Session {
    pub id: SessionId,
    pub timeout_ms: i64,
    /// When the server last heard from the client (a request or a ping).
    pub last_heard_ms: i64,
    /// A live client pings, so its session never expires; a dead one's does.
    pub client_alive: bool,
    /// Authenticated ids: `ip:127.0.0.1`, then whatever `addauth` added. Shared, so that a
    /// request holds its caller's ids without copying them or looking the session up again.
    pub auth: Rc<[Id]>,
    pub ephemerals: JavaHashSet,
    /// Whether the session ever registered a watch: ending one that did not needs no search
    /// of the tree for its registrations.
    pub watched: bool,
}

impl Session {
    /// When the server expires this session if nothing is heard: the session tracker's buckets
    /// are one tick wide, so expiry comes at the first tick boundary after last-heard + timeout
    /// (`ExpiryQueue.roundToNextInterval`), counted from the server's start.
    pub fn expiry_at(&self, server_start_ms: i64, tick_ms: i64) -> i64 {
        let tick = tick_ms.max(1);
        let elapsed = self.last_heard_ms.saturating_sub(server_start_ms).saturating_add(self.timeout_ms);
        server_start_ms.saturating_add(elapsed.div_euclid(tick).saturating_add(1).saturating_mul(tick))
    }
}

/// A set of strings that iterates in the order of Java's `HashSet<String>` (bucket order of
/// `String.hashCode`, insertion order within a bucket), because `getEphemerals` and session
/// close show that order. Membership is a hash lookup; the order is computed when asked for
/// (from each member's insertion number: one map, no second ordered one to keep up).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JavaHashSet {
    /// Member → its insertion sequence number.
    seq_of: HashMap<Box<str>, u64>,
    next_seq: u64,
    /// The table size; it only grows, like `HashMap`'s.
    capacity: usize,
}

/// `String.hashCode` spread as `HashMap.hash` does.
fn java_hash(s: &str) -> u32 {
    let mut h: i32 = 0;
    for unit in s.encode_utf16() {
        h = h.wrapping_mul(31).wrapping_add(unit as i32);
    }
    let h = h as u32;
    h ^ (h >> 16)
}

impl JavaHashSet {
    pub fn insert(&mut self, value: &str) {
        if self.seq_of.contains_key(value) {
            return;
        }
        let seq = self.next_seq;
        self.next_seq += 1;
        self.put(seq, value);
    }

    fn put(&mut self, seq: u64, value: &str) {
        if self.capacity == 0 {
            self.capacity = 16;
        }
        self.seq_of.insert(value.into(), seq);
        while self.seq_of.len() * 4 > self.capacity * 3 {
            self.capacity *= 2;
        }
    }

    /// A member's place in insertion order (to put it back after an undone removal).
    pub fn position(&self, value: &str) -> Option<u64> {
        self.seq_of.get(value).copied()
    }

    /// Puts a member back at the place [`JavaHashSet::position`] gave (undoing a removal).
    pub fn insert_at(&mut self, seq: u64, value: &str) {
        if !self.seq_of.contains_key(value) {
            self.put(seq, value);
        }
    }

    pub fn remove(&mut self, value: &str) -> bool {
        self.take(value).is_some()
    }

    /// Removes a member; returns its place in insertion order (see [`JavaHashSet::insert_at`]).
    pub fn take(&mut self, value: &str) -> Option<u64> {
        self.seq_of.remove(value)
    }

    pub fn contains(&self, value: &str) -> bool {
        self.seq_of.contains_key(value)
    }

    pub fn len(&self) -> usize {
        self.seq_of.len()
    }

    pub fn is_empty(&self) -> bool {
        self.seq_of.is_empty()
    }

    /// The members in insertion order.
    fn by_insertion(&self) -> Vec<&str> {
        let mut members: Vec<(u64, &str)> = self.seq_of.iter().map(|(m, &seq)| (seq, &**m)).collect();
        crate::sorting::sort_by_key(&mut members, |&(seq, _)| seq);
        members.into_iter().map(|(_, m)| m).collect()
    }

    /// `items` (in insertion order) in the order of a Java `HashSet` with `capacity` buckets.
    fn ordered<'a>(items: impl Iterator<Item = &'a str>, capacity: usize) -> Vec<String> {
        let mask = capacity.max(1) as u32 - 1;
        let mut out: Vec<String> = items.map(str::to_string).collect();
        // Stable: insertion order within a bucket.
        crate::sorting::sort_by_key(&mut out, |s| java_hash(s) & mask);
        out
    }

    /// Iteration order of the set itself.
    pub fn iteration_order(&self) -> Vec<String> {
        Self::ordered(self.by_insertion().into_iter(), self.capacity)
    }

    /// Iteration order of a `clone()` of the set, which is what the server hands out
    /// (`DataTree.getEphemerals`): the copy is sized for its contents, so it may have fewer buckets.
    pub fn clone_order(&self) -> Vec<String> {
        let own = self.iteration_order();
        let wanted = (own.len() as f64 / 0.75 + 1.0) as usize;
        let mut capacity = 1;
        while capacity < wanted {
            capacity *= 2;
        }
        Self::ordered(own.iter().map(String::as_str), capacity.max(1))
    }
}

/// Negotiated timeout: the request clamped to 2..20 ticks.
pub fn negotiate_timeout(requested_ms: i64, tick_ms: i64) -> i64 {
    requested_ms.clamp(2 * tick_ms, 20 * tick_ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn java_string_hash_matches() {
        // "a".hashCode() == 97; "/eph".hashCode() == 1500814 in Java.
        assert_eq!(java_hash("a"), 97);
        assert_eq!(java_hash("/eph"), 1_500_814 ^ (1_500_814 >> 16));
    }

    #[test]
    fn iterates_in_bucket_order() {
        let mut set = JavaHashSet::default();
        set.insert("b"); // 98 → bucket 2
        set.insert("a"); // 97 → bucket 1
        assert_eq!(set.iteration_order(), vec!["a", "b"]);
    }

    #[test]
    fn timeouts_clamp_to_ticks() {
        assert_eq!(negotiate_timeout(1000, 2000), 4000);
        assert_eq!(negotiate_timeout(100_000, 2000), 40_000);
        assert_eq!(negotiate_timeout(30_000, 2000), 30_000);
    }

    #[test]
    fn expiry_rounds_up_to_the_next_tick() {
        let s = Session {
            id: 1,
            timeout_ms: 30_000,
            last_heard_ms: 1_000,
            client_alive: false,
            auth: Rc::from([]),
            ephemerals: JavaHashSet::default(),
            watched: false,
        };
        assert_eq!(s.expiry_at(0, 2000), 32_000);
        let s = Session { last_heard_ms: 0, ..s };
        assert_eq!(s.expiry_at(0, 2000), 32_000);
    }
}
