//! Watches, on both ends. The server keeps two tables (data and child watches) with one mode per
//! (session, path), as `WatchManager` does; the client library keeps five tables (data, exist,
//! child, persistent, persistent-recursive), as `ZKWatchManager` does, and a notification is
//! printed only where the client still holds a matching registration.

use super::path;
use super::tree::DataTree;
use crate::vec_map::VecSet;

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

/// The server's two watch tables (`dataWatches`, `childWatches`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// `getData`/`exists` watches and the data side of `addWatch`.
    Data,
    /// `getChildren` watches and the child side of `addWatch`.
    Child,
}

/// The registrations of both tables on one path. The data tree keeps them on the znode itself
/// (and those on paths without a znode beside it), so registering or firing a watch costs no
/// lookup besides the one the request makes anyway.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PathWatches {
    data: Watchers,
    child: Watchers,
}

impl PathWatches {
    pub fn is_empty(&self) -> bool {
        self.data.is_empty() && self.child.is_empty()
    }

    pub(crate) fn table(&self, table: Table) -> &Watchers {
        match table {
            Table::Data => &self.data,
            Table::Child => &self.child,
        }
    }

    pub(crate) fn table_mut(&mut self, table: Table) -> &mut Watchers {
        match table {
            Table::Data => &mut self.data,
            Table::Child => &mut self.child,
        }
    }
}

/// The registrations on one path in one table, by session: a short sorted list. The usual single registration is kept inline (no allocation).
/// Canonical: exactly one registration is always `One`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Watchers {
    One((SessionId, WatchMode)),
    Many(Vec<(SessionId, WatchMode)>),
}

impl Default for Watchers {
    fn default() -> Self {
        Watchers::Many(Vec::new())
    }
}

impl Watchers {
    fn as_slice(&self) -> &[(SessionId, WatchMode)] {
        match self {
            Watchers::One(single) => std::slice::from_ref(single),
            Watchers::Many(list) => list,
        }
    }

    pub(crate) fn get(&self, session: SessionId) -> Option<WatchMode> {
        let list = self.as_slice();
        list.binary_search_by_key(&session, |&(s, _)| s).ok().and_then(|i| list.get(i)).map(|&(_, m)| m)
    }

    /// Registers `session` (its last registration wins); returns the mode it replaced.
    pub(crate) fn insert(&mut self, session: SessionId, mode: WatchMode) -> Option<WatchMode> {
        match self {
            Watchers::One(single) if single.0 == session => Some(std::mem::replace(&mut single.1, mode)),
            Watchers::One(single) => {
                let (first, second) =
                    if single.0 < session { (*single, (session, mode)) } else { ((session, mode), *single) };
                *self = Watchers::Many(vec![first, second]);
                None
            }
            Watchers::Many(list) if list.is_empty() => {
                *self = Watchers::One((session, mode));
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

    pub(crate) fn remove(&mut self, session: SessionId) -> Option<WatchMode> {
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

    /// Fires the registrations on the path an event of `kind` happened on: every mode fires
    /// there, but recursive watches never on NodeChildrenChanged; one-shot registrations are
    /// spent. Appends the sessions fired to `fired`.
    pub(crate) fn fire(&mut self, kind: EventType, fired: &mut Vec<SessionId>) {
        self.retain(|&(session, mode)| match mode {
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
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = (SessionId, WatchMode)> + '_ {
        self.as_slice().iter().copied()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.as_slice().is_empty()
    }
}

/// One of the server's watch tables as the UI reads it: registrations by path. (They are kept
/// in the data tree; see [`PathWatches`].)
#[derive(Clone, Copy)]
pub struct WatchTable<'a> {
    tree: &'a DataTree,
    table: Table,
}

impl<'a> WatchTable<'a> {
    pub(crate) fn new(tree: &'a DataTree, table: Table) -> Self {
        WatchTable { tree, table }
    }

    pub fn mode(&self, path: &str, session: SessionId) -> Option<WatchMode> {
        self.tree.watches_at(path).and_then(|w| w.table(self.table).get(session))
    }

    /// All registrations on a path.
    pub fn watchers(&self, path: &str) -> impl Iterator<Item = (SessionId, WatchMode)> + 'a {
        let table = self.table;
        self.tree.watches_at(path).into_iter().flat_map(move |w| w.table(table).iter())
    }

    /// Every registration, by path (in no particular order).
    pub fn iter(&self) -> impl Iterator<Item = (&'a str, SessionId, WatchMode)> + 'a {
        let table = self.table;
        self.tree.all_watches().flat_map(move |(p, w)| w.table(table).iter().map(move |(s, m)| (p, s, m)))
    }
}

/// The client library's own record of its registrations (one per zkCli process: zkCli uses a
/// single default watcher, so a set of watchers is just "is there one").
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ClientWatches {
    pub data: VecSet<String>,
    pub exist: VecSet<String>,
    pub child: VecSet<String>,
    pub persistent: VecSet<String>,
    pub persistent_recursive: VecSet<String>,
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
    use std::collections::BTreeSet;

    /// Fires `kind` on `path` in the data table of a tree holding `/a/b/c`.
    fn fire(tree: &mut DataTree, path: &str, kind: EventType) -> BTreeSet<SessionId> {
        let mut fired = Vec::new();
        tree.fire_watches(path, Table::Data, kind, &mut fired);
        fired.into_iter().collect()
    }

    fn tree() -> DataTree {
        use super::super::acl::Acl;
        use super::super::tree::{NodeKind, Znode};
        let mut tree = DataTree::new();
        for p in ["/a", "/a/b", "/a/b/c"] {
            tree.insert(p, Znode::new(None, Acl::open_unsafe(), 1, 0, NodeKind::Persistent, 0));
        }
        tree
    }

    #[test]
    fn one_shot_fires_once_and_persistent_stays() {
        let mut tree = tree();
        tree.add_watch("/a", Table::Data, 1, WatchMode::Standard);
        tree.add_watch("/a", Table::Data, 2, WatchMode::Persistent);
        assert_eq!(fire(&mut tree, "/a", EventType::NodeDataChanged), BTreeSet::from([1, 2]));
        assert_eq!(fire(&mut tree, "/a", EventType::NodeDataChanged), BTreeSet::from([2]));
    }

    #[test]
    fn recursive_reaches_descendants_but_never_children_changed() {
        let mut tree = tree();
        tree.add_watch("/a", Table::Data, 1, WatchMode::PersistentRecursive);
        assert_eq!(fire(&mut tree, "/a/b/c", EventType::NodeCreated), BTreeSet::from([1]));
        assert!(fire(&mut tree, "/a", EventType::NodeChildrenChanged).is_empty());
    }

    #[test]
    fn last_registration_wins() {
        let mut tree = tree();
        tree.add_watch("/a", Table::Data, 1, WatchMode::PersistentRecursive);
        tree.add_watch("/a", Table::Data, 1, WatchMode::Standard);
        assert!(fire(&mut tree, "/a/b", EventType::NodeCreated).is_empty());
        assert_eq!(fire(&mut tree, "/a", EventType::NodeDataChanged).len(), 1);
        assert!(fire(&mut tree, "/a", EventType::NodeDataChanged).is_empty());
    }

    #[test]
    fn registrations_stay_with_the_path_when_its_node_goes_and_comes_back() {
        use super::super::acl::Acl;
        use super::super::tree::{NodeKind, Znode};
        let mut tree = tree();
        tree.add_watch("/a/b/c", Table::Data, 1, WatchMode::Persistent);
        tree.add_watch("/a/b/c", Table::Data, 2, WatchMode::Standard);
        tree.add_watch("/x", Table::Data, 3, WatchMode::Standard);
        assert!(tree.remove("/a/b/c", 2).is_some());
        assert_eq!(WatchTable::new(&tree, Table::Data).iter().count(), 3);
        assert_eq!(fire(&mut tree, "/a/b/c", EventType::NodeDeleted), BTreeSet::from([1, 2]));
        tree.insert("/a/b/c", Znode::new(None, Acl::open_unsafe(), 3, 0, NodeKind::Persistent, 0));
        tree.insert("/x", Znode::new(None, Acl::open_unsafe(), 4, 0, NodeKind::Persistent, 0));
        assert_eq!(fire(&mut tree, "/a/b/c", EventType::NodeCreated), BTreeSet::from([1]));
        assert_eq!(fire(&mut tree, "/x", EventType::NodeCreated), BTreeSet::from([3]));
        tree.remove_session_watches(1);
        assert_eq!(WatchTable::new(&tree, Table::Data).iter().count(), 0);
    }
}
