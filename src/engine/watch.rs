//! Watches, on both ends. The server keeps two tables (data and child watches) with one mode per
//! (session, path), as `WatchManager` does; the client library keeps five tables (data, exist,
//! child, persistent, persistent-recursive), as `ZKWatchManager` does, and a notification is
//! printed only where the client still holds a matching registration.

use std::collections::BTreeSet;

use rustc_hash::FxHashMap as HashMap;

use super::path;

pub type SessionId = i64;

/// The `type:` of a `WatchedEvent`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EventType {
    None,
    NodeCreated,
    NodeDeleted,
    NodeDataChanged,
    NodeChildrenChanged,
    DataWatchRemoved,
    ChildWatchRemoved,
    PersistentWatchRemoved,
}

impl EventType {
    pub fn name(self) -> &'static str {
        match self {
            EventType::None => "None",
            EventType::NodeCreated => "NodeCreated",
            EventType::NodeDeleted => "NodeDeleted",
            EventType::NodeDataChanged => "NodeDataChanged",
            EventType::NodeChildrenChanged => "NodeChildrenChanged",
            EventType::DataWatchRemoved => "DataWatchRemoved",
            EventType::ChildWatchRemoved => "ChildWatchRemoved",
            EventType::PersistentWatchRemoved => "PersistentWatchRemoved",
        }
    }
}

/// A notification the server sends to one session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WatchEvent {
    pub session: SessionId,
    pub kind: EventType,
    pub path: String,
}

/// How a registration behaves when it fires.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatchMode {
    /// One-shot: removed when it fires.
    Standard,
    Persistent,
    PersistentRecursive,
}

/// `addWatch -m` modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddWatchMode {
    Persistent,
    PersistentRecursive,
}

/// One of the server's two watch tables.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct WatchTable {
    by_path: HashMap<String, Watchers>,
    recursive: usize,
}

/// The registrations on one path, by session: a short sorted list, saved as a map from session to
/// mode. The usual single registration is kept inline, so registering a watch on a new path
/// allocates only the path. Canonical: exactly one registration is always `One`.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Watchers {
    One((SessionId, WatchMode)),
    Many(Vec<(SessionId, WatchMode)>),
}

impl Watchers {
    fn one(session: SessionId, mode: WatchMode) -> Self {
        Watchers::One((session, mode))
    }

    fn as_slice(&self) -> &[(SessionId, WatchMode)] {
        match self {
            Watchers::One(single) => std::slice::from_ref(single),
            Watchers::Many(list) => list,
        }
    }

    fn find(&self, session: SessionId) -> Result<usize, usize> {
        self.as_slice().binary_search_by_key(&session, |&(s, _)| s)
    }

    fn get(&self, session: SessionId) -> Option<WatchMode> {
        self.find(session).ok().and_then(|i| self.as_slice().get(i)).map(|&(_, m)| m)
    }

    fn insert(&mut self, session: SessionId, mode: WatchMode) -> Option<WatchMode> {
        match self {
            Watchers::One(single) if single.0 == session => Some(std::mem::replace(&mut single.1, mode)),
            Watchers::One(single) => {
                let (first, second) =
                    if single.0 < session { (*single, (session, mode)) } else { ((session, mode), *single) };
                *self = Watchers::Many(vec![first, second]);
                None
            }
            Watchers::Many(list) if list.is_empty() => {
                *self = Watchers::one(session, mode);
                None
            }
            Watchers::Many(list) => match list.binary_search_by_key(&session, |&(s, _)| s) {
                Ok(i) => list.get_mut(i).map(|slot| std::mem::replace(&mut slot.1, mode)),
                Err(i) => {
                    list.insert(i, (session, mode));
                    None
                }
            },
        }
    }

    fn remove(&mut self, session: SessionId) -> Option<WatchMode> {
        let mut removed = None;
        self.retain(|&(s, m)| {
            if s == session {
                removed = Some(m);
            }
            s != session
        });
        removed
    }

    /// Keeps the registrations `keep` accepts (called once each, in session order).
    fn retain(&mut self, mut keep: impl FnMut(&(SessionId, WatchMode)) -> bool) {
        match self {
            Watchers::One(single) => {
                if !keep(single) {
                    *self = Watchers::Many(Vec::new());
                }
            }
            Watchers::Many(list) => {
                list.retain(|entry| keep(entry));
                if let &[single] = list.as_slice() {
                    *self = Watchers::One(single);
                }
            }
        }
    }

    fn iter(&self) -> impl Iterator<Item = (SessionId, WatchMode)> + '_ {
        self.as_slice().iter().copied()
    }

    fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

impl WatchTable {
    pub fn add(&mut self, path: &str, session: SessionId, mode: WatchMode) {
        // The path is copied only for its first registration.
        let entry = match self.by_path.get_mut(path) {
            Some(entry) => entry,
            None => {
                if mode == WatchMode::PersistentRecursive {
                    self.recursive += 1;
                }
                self.by_path.insert(path.to_string(), Watchers::one(session, mode));
                return;
            }
        };
        if let Some(old) = entry.insert(session, mode) {
            if old == WatchMode::PersistentRecursive {
                self.recursive -= 1;
            }
        }
        if mode == WatchMode::PersistentRecursive {
            self.recursive += 1;
        }
    }

    /// Removes one session's registration on a path; returns whether there was one.
    pub fn remove(&mut self, path: &str, session: SessionId) -> bool {
        let Some(entry) = self.by_path.get_mut(path) else {
            return false;
        };
        let removed = entry.remove(session);
        if entry.is_empty() {
            self.by_path.remove(path);
        }
        if removed == Some(WatchMode::PersistentRecursive) {
            self.recursive -= 1;
        }
        removed.is_some()
    }

    pub fn mode(&self, path: &str, session: SessionId) -> Option<WatchMode> {
        self.by_path.get(path).and_then(|m| m.get(session))
    }

    /// All registrations on a path.
    pub fn watchers(&self, path: &str) -> impl Iterator<Item = (SessionId, WatchMode)> + '_ {
        self.by_path.get(path).into_iter().flat_map(Watchers::iter)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&String, SessionId, WatchMode)> {
        self.by_path.iter().flat_map(|(p, m)| m.iter().map(move |(s, w)| (p, s, w)))
    }

    /// Drops everything a session registered (session closed or expired).
    pub fn remove_session(&mut self, session: SessionId) {
        let mut recursive = 0;
        self.by_path.retain(|_, m| {
            if m.remove(session) == Some(WatchMode::PersistentRecursive) {
                recursive += 1;
            }
            !m.is_empty()
        });
        self.recursive -= recursive;
    }

    /// Fires the watches an event on `path` reaches (`WatchManager.triggerWatch`): registrations
    /// on the path itself, and recursive ones on its ancestors (never for NodeChildrenChanged).
    /// One-shot registrations are removed. Sessions in `suppress` are not returned.
    pub fn trigger(&mut self, path: &str, kind: EventType, suppress: &BTreeSet<SessionId>) -> BTreeSet<SessionId> {
        let mut fired = Vec::new();
        self.fire(path, kind, &mut fired);
        fired.into_iter().filter(|s| !suppress.contains(s)).collect()
    }

    /// [`WatchTable::trigger`] without sets: appends the sessions fired (unsorted, possibly
    /// repeated when recursive watches on ancestors also reach `path`) to `fired`.
    pub(crate) fn fire(&mut self, path: &str, kind: EventType, fired: &mut Vec<SessionId>) {
        if self.by_path.is_empty() {
            return;
        }
        // The path itself: every mode fires there, but recursive watches never on
        // NodeChildrenChanged; one-shot registrations are spent.
        if let Some(entry) = self.by_path.get_mut(path) {
            entry.retain(|&(session, mode)| match mode {
                WatchMode::PersistentRecursive => {
                    if kind != EventType::NodeChildrenChanged {
                        fired.push(session);
                    }
                    true
                }
                WatchMode::Persistent => {
                    fired.push(session);
                    true
                }
                WatchMode::Standard => {
                    fired.push(session);
                    false
                }
            });
            if entry.is_empty() {
                self.by_path.remove(path);
            }
        }
        if self.recursive == 0 || kind == EventType::NodeChildrenChanged {
            return;
        }
        // Recursive watches on the ancestors.
        let mut local = path;
        while local != "/" {
            local = path::parent(local);
            if let Some(entry) = self.by_path.get(local) {
                fired.extend(entry.iter().filter(|&(_, m)| m == WatchMode::PersistentRecursive).map(|(s, _)| s));
            }
        }
    }
}

/// The client library's own record of its registrations (one per zkCli process: zkCli uses a
/// single default watcher, so a set of watchers is just "is there one").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientWatches {
    pub data: BTreeSet<String>,
    pub exist: BTreeSet<String>,
    pub child: BTreeSet<String>,
    pub persistent: BTreeSet<String>,
    pub persistent_recursive: BTreeSet<String>,
}

/// What `removewatches` removes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WatcherType {
    Children,
    Data,
    Any,
}

impl ClientWatches {
    /// Whether the client delivers a server event to its watcher, consuming one-shot
    /// registrations as `ZKWatchManager.materialize` does.
    pub fn materialize(&mut self, kind: EventType, path: &str) -> bool {
        let mut hit = false;
        match kind {
            EventType::NodeCreated | EventType::NodeDataChanged => {
                hit |= self.data.remove(path);
                hit |= self.exist.remove(path);
            }
            EventType::NodeChildrenChanged => {
                hit |= self.child.remove(path);
            }
            EventType::NodeDeleted => {
                hit |= self.data.remove(path);
                hit |= self.exist.remove(path);
                hit |= self.child.remove(path);
            }
            _ => return true,
        }
        hit |= self.persistent.contains(path);
        if kind != EventType::NodeChildrenChanged {
            let mut p = path.to_string();
            loop {
                if self.persistent_recursive.contains(&p) {
                    hit = true;
                    break;
                }
                if p == "/" {
                    break;
                }
                p = path::parent(&p).to_string();
            }
        }
        hit
    }

    /// Removes registrations for `removewatches`; returns the local events to deliver, in the
    /// order zkCli prints them (children, data, persistent), or `None` when nothing matched.
    pub fn remove(&mut self, path: &str, which: WatcherType) -> Option<Vec<EventType>> {
        let mut events = Vec::new();
        if matches!(which, WatcherType::Children | WatcherType::Any) && self.child.remove(path) {
            events.push(EventType::ChildWatchRemoved);
        }
        if matches!(which, WatcherType::Data | WatcherType::Any) {
            let data = self.data.remove(path);
            let exist = self.exist.remove(path);
            if data || exist {
                events.push(EventType::DataWatchRemoved);
            }
        }
        if which == WatcherType::Any {
            let persistent = self.persistent.remove(path);
            let recursive = self.persistent_recursive.remove(path);
            if persistent || recursive {
                events.push(EventType::PersistentWatchRemoved);
            }
        }
        if events.is_empty() {
            None
        } else {
            Some(events)
        }
    }

    pub fn is_empty(&self) -> bool {
        self.data.is_empty()
            && self.exist.is_empty()
            && self.child.is_empty()
            && self.persistent.is_empty()
            && self.persistent_recursive.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_shot_fires_once_and_persistent_stays() {
        let mut table = WatchTable::default();
        table.add("/a", 1, WatchMode::Standard);
        table.add("/a", 2, WatchMode::Persistent);
        let none = BTreeSet::new();
        assert_eq!(table.trigger("/a", EventType::NodeDataChanged, &none), BTreeSet::from([1, 2]));
        assert_eq!(table.trigger("/a", EventType::NodeDataChanged, &none), BTreeSet::from([2]));
    }

    #[test]
    fn recursive_reaches_descendants_but_never_children_changed() {
        let mut table = WatchTable::default();
        table.add("/a", 1, WatchMode::PersistentRecursive);
        let none = BTreeSet::new();
        assert_eq!(table.trigger("/a/b/c", EventType::NodeCreated, &none), BTreeSet::from([1]));
        assert!(table.trigger("/a", EventType::NodeChildrenChanged, &none).is_empty());
    }

    #[test]
    fn last_registration_wins() {
        let mut table = WatchTable::default();
        table.add("/a", 1, WatchMode::PersistentRecursive);
        table.add("/a", 1, WatchMode::Standard);
        let none = BTreeSet::new();
        assert!(table.trigger("/a/b", EventType::NodeCreated, &none).is_empty());
        assert_eq!(table.trigger("/a", EventType::NodeDataChanged, &none).len(), 1);
        assert!(table.trigger("/a", EventType::NodeDataChanged, &none).is_empty());
    }
}
