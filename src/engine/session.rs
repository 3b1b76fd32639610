//! Sessions: ids, negotiated timeouts, expiry on the virtual clock, and each session's
//! ephemerals in the order the server's `HashSet` yields them.

use serde::{Deserialize, Serialize};

use super::acl::Id;
use super::watch::SessionId;

/// A client session as the server sees it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub id: SessionId,
    pub timeout_ms: i64,
    /// When the server last heard from the client (a request or a ping).
    pub last_heard_ms: i64,
    /// A live client pings, so its session never expires; a dead one's does.
    pub client_alive: bool,
    /// Authenticated ids: `ip:127.0.0.1`, then whatever `addauth` added.
    pub auth: Vec<Id>,
    pub ephemerals: JavaHashSet,
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
/// close show that order.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JavaHashSet {
    /// Members in insertion order.
    items: Vec<String>,
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
        if self.items.iter().any(|v| v == value) {
            return;
        }
        if self.capacity == 0 {
            self.capacity = 16;
        }
        self.items.push(value.to_string());
        while self.items.len() * 4 > self.capacity * 3 {
            self.capacity *= 2;
        }
    }

    /// Where a member sits in insertion order.
    pub fn position(&self, value: &str) -> Option<usize> {
        self.items.iter().position(|v| v == value)
    }

    /// Puts a member back where it was (undoing a removal).
    pub fn insert_at(&mut self, index: usize, value: &str) {
        if !self.contains(value) {
            let index = index.min(self.items.len());
            self.items.insert(index, value.to_string());
        }
    }

    pub fn remove(&mut self, value: &str) -> bool {
        let before = self.items.len();
        self.items.retain(|v| v != value);
        before != self.items.len()
    }

    pub fn contains(&self, value: &str) -> bool {
        self.items.iter().any(|v| v == value)
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn ordered(items: &[String], capacity: usize) -> Vec<String> {
        let mask = capacity.max(1) as u32 - 1;
        let mut out: Vec<String> = items.to_vec();
        out.sort_by_key(|s| java_hash(s) & mask);
        out
    }

    /// Iteration order of the set itself.
    pub fn iteration_order(&self) -> Vec<String> {
        Self::ordered(&self.items, self.capacity)
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
        Self::ordered(&own, capacity.max(1))
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
            auth: vec![],
            ephemerals: JavaHashSet::default(),
        };
        assert_eq!(s.expiry_at(0, 2000), 32_000);
        let s = Session { last_heard_ms: 0, ..s };
        assert_eq!(s.expiry_at(0, 2000), 32_000);
    }
}
