//! The data tree: znodes with data, ACLs and the persisted stat, keyed by full path.

use std::rc::Rc;

use rustc_hash::FxHashMap as HashMap;

use super::acl::Acl;
use super::children::ChildNames;
use super::node_table::NodeTable;
#[cfg(test)]
use super::node_table::{PathKey, INLINE_PATH};
use super::path;
use super::watch::{EventType, PathWatches, SessionId, Table, WatchMode};
use super::zxid::Zxid;

/// How a znode lives and dies.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NodeKind {
    Persistent,
    /// Deleted with its owner's session.
    Ephemeral,
    /// Deleted by the server once its last child is gone.
    Container,
    /// Persistent with a time to live in milliseconds (needs extended types on the server).
    Ttl(TtlMs),
}

/// A TTL in milliseconds, in the range the server accepts (1 ‥ 2⁴⁰ − 1): five bytes, so that a
/// [`NodeKind`] takes six and the znode leaves its table entry room for paths of up to
/// [`super::node_table::INLINE_PATH`] bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TtlMs([u8; 5]);

impl TtlMs {
    /// `None` out of range.
    pub fn new(ms: i64) -> Option<TtlMs> {
        let bytes = ms.to_le_bytes();
        let (low, high) = bytes.split_at(5);
        (ms > 0 && high.iter().all(|&b| b == 0)).then(|| TtlMs(low.try_into().unwrap_or_default()))
    }

    pub fn get(self) -> i64 {
        let mut bytes = [0u8; 8];
        bytes[..5].copy_from_slice(&self.0);
        i64::from_le_bytes(bytes)
    }
}

impl std::fmt::Display for TtlMs {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.get().fmt(f)
    }
}

/// A node's ACL. Lists are shared between nodes (a child usually has its parent's), as the
/// server's `ReferenceCountedACLCache` shares them, so a create allocates no ACL.
pub type AclList = Rc<[Acl]>;

/// Bytes kept where the value itself is (in a znode, in its table entry) when there are at
/// most `N` of them, else on the heap: small values cost no allocation and no other cache line.
#[derive(Clone, Debug)]
pub(super) enum SmallBytes<const N: usize> {
    /// Length, then the bytes (zero after the length).
    Inline(u8, [u8; N]),
    Heap(Box<[u8]>),
}

impl<const N: usize> SmallBytes<N> {
    /// The length fits the `u8` beside the inline bytes.
    const FITS: () = assert!(N < 256);

    /// Keeps `bytes`, reusing their allocation when they do not fit inline.
    fn new(bytes: Vec<u8>) -> Self {
        if bytes.len() <= N {
            Self::copy(&bytes)
        } else {
            SmallBytes::Heap(bytes.into_boxed_slice())
        }
    }

    /// Copies `bytes` (no allocation when they fit inline).
    pub(super) fn copy(bytes: &[u8]) -> Self {
        let () = Self::FITS;
        let mut inline = [0; N];
        match inline.get_mut(..bytes.len()) {
            Some(room) => {
                room.copy_from_slice(bytes);
                SmallBytes::Inline(bytes.len() as u8, inline)
            }
            None => SmallBytes::Heap(bytes.into()),
        }
    }

    pub(super) fn as_bytes(&self) -> &[u8] {
        match self {
            SmallBytes::Inline(len, bytes) => bytes.get(..usize::from(*len)).unwrap_or_default(),
            SmallBytes::Heap(bytes) => bytes,
        }
    }
}

/// Bytes of data that [`NodeData`] keeps in the znode itself: as many as fit in the room a
/// `Vec` would take (10 in wasm, 22 natively).
const INLINE_DATA: usize = 3 * std::mem::size_of::<usize>() - 2;

/// A znode's data: none (created without data: zkCli's `get` prints `null`) or bytes. Small
/// values (a host name, a status, a counter) sit in the znode itself, so reading or replacing
/// them touches no other memory and allocates nothing.
#[derive(Clone, Debug)]
pub struct NodeData(Option<SmallBytes<INLINE_DATA>>);

impl NodeData {
    pub fn as_deref(&self) -> Option<&[u8]> {
        self.0.as_ref().map(SmallBytes::as_bytes)
    }

    /// The data's length (0 for none).
    pub fn len(&self) -> usize {
        self.as_deref().map_or(0, <[u8]>::len)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A copy, as a reply carries it.
    pub fn to_vec(&self) -> Option<Vec<u8>> {
        self.as_deref().map(<[u8]>::to_vec)
    }
}

impl From<Option<Vec<u8>>> for NodeData {
    fn from(data: Option<Vec<u8>>) -> Self {
        NodeData(data.map(SmallBytes::new))
    }
}

impl PartialEq for NodeData {
    fn eq(&self, other: &Self) -> bool {
        self.as_deref() == other.as_deref()
    }
}

impl Eq for NodeData {}

/// One znode as the server stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Znode {
    pub data: NodeData,
    pub acl: AclList,
    pub czxid: Zxid,
    pub mzxid: Zxid,
    pub pzxid: Zxid,
    pub ctime: i64,
    pub mtime: i64,
    pub version: i32,
    /// The number of children ever created here (what the server stores; see [`Stat`]).
    pub cversion: i32,
    pub aversion: i32,
    pub ephemeral_owner: i64,
    pub kind: NodeKind,
    /// Names, sorted (what `ls` prints).
    pub children: ChildNames,
    /// Watch registrations on this path (see [`PathWatches`]); they outlive the node.
    pub(crate) watches: PathWatches,
}

impl Znode {
    pub fn new(
        data: Option<Vec<u8>>,
        acl: impl Into<AclList>,
        zxid: Zxid,
        time: i64,
        kind: NodeKind,
        owner: i64,
    ) -> Self {
        Znode {
            data: data.into(),
            acl: acl.into(),
            czxid: zxid,
            mzxid: zxid,
            pzxid: zxid,
            ctime: time,
            mtime: time,
            version: 0,
            cversion: 0,
            aversion: 0,
            ephemeral_owner: owner,
            kind,
            children: ChildNames::new(),
            watches: PathWatches::default(),
        }
    }

    fn system(children: &[&str]) -> Self {
        let mut node = Znode::new(Some(Vec::new()), Acl::open_unsafe(), 0, 0, NodeKind::Persistent, 0);
        node.children = children.iter().copied().collect();
        node
    }

    /// Registers `session` on this node in `table`; returns the mode it replaced (hand it to
    /// [`DataTree::count_replaced`]).
    pub(crate) fn watch(&mut self, table: Table, session: SessionId, mode: WatchMode) -> Option<WatchMode> {
        self.watches.table_mut(table).insert(session, mode)
    }

    /// Fires this node's registrations in `table` for an event of `kind` on it (see
    /// [`DataTree::fire_watches`]; the ancestors' recursive ones are [`DataTree::fire_recursive`]).
    pub(crate) fn fire(&mut self, table: Table, kind: EventType, fired: &mut Vec<SessionId>) {
        self.watches.table_mut(table).fire(kind, fired);
    }

    pub fn data_len(&self) -> usize {
        self.data.len()
    }

    /// The stat as clients see it.
    pub fn stat(&self) -> Stat {
        let num_children = self.children.len() as i32;
        Stat {
            czxid: self.czxid,
            ctime: self.ctime,
            mzxid: self.mzxid,
            mtime: self.mtime,
            pzxid: self.pzxid,
            // The server stores creations and reports changes: every child still present was
            // created and not yet deleted (`DataNode.copyStat`).
            cversion: self.cversion.wrapping_mul(2).wrapping_sub(num_children),
            version: self.version,
            aversion: self.aversion,
            ephemeral_owner: self.ephemeral_owner,
            data_length: self.data_len() as i32,
            num_children,
        }
    }
}

/// The 11 stat fields that zkCli prints.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stat {
    pub czxid: Zxid,
    pub ctime: i64,
    pub mzxid: Zxid,
    pub mtime: i64,
    pub pzxid: Zxid,
    pub cversion: i32,
    pub version: i32,
    pub aversion: i32,
    pub ephemeral_owner: i64,
    pub data_length: i32,
    pub num_children: i32,
}

pub const ZOOKEEPER: &str = "/zookeeper";
pub const QUOTA: &str = "/zookeeper/quota";
pub const CONFIG: &str = "/zookeeper/config";

/// Paths that can never be deleted (`ZKDatabase.isSpecialPath`).
pub fn is_special(path: &str) -> bool {
    matches!(path, "/" | ZOOKEEPER | QUOTA | CONFIG)
}

/// The sessions a delete fires, gathered while the node and its parent are in hand.
#[derive(Default)]
pub(crate) struct DeleteFired {
    /// On the node itself (data and child tables, NodeDeleted).
    pub at_node: Vec<SessionId>,
    /// On its parent (child table, NodeChildrenChanged).
    pub at_parent: Vec<SessionId>,
}

/// All znodes by path.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataTree {
    nodes: NodeTable,
    /// Whether `/zookeeper/quota` has children, kept up to date by every change of its children:
    /// writes skip the quota bookkeeping without a lookup when there is no quota (the usual case).
    has_quotas: bool,
    /// Watch registrations on paths without a znode: `exists -w` on a missing node, persistent
    /// watches whose node was deleted. A node created there takes them over.
    unborn: HashMap<String, PathWatches>,
    /// Persistent-recursive registrations per table: while there are none, an event looks at
    /// no ancestor.
    recursive: [usize; 2],
    /// Container nodes in the tree: while there are none, the periodic container check looks
    /// at no node.
    containers: usize,
}

impl Default for DataTree {
    fn default() -> Self {
        Self::new()
    }
}

impl DataTree {
    /// A fresh tree: `/`, `/zookeeper`, `/zookeeper/quota` and `/zookeeper/config` (`world:anyone:r`,
    /// aclVersion -1 as the server sets it up).
    pub fn new() -> Self {
        let mut nodes = NodeTable::default();
        nodes.insert("/", Znode::system(&["zookeeper"]));
        nodes.insert(ZOOKEEPER, Znode::system(&["config", "quota"]));
        nodes.insert(QUOTA, Znode::system(&[]));
        let mut config = Znode::system(&[]);
        config.acl = Acl::read_unsafe().into();
        config.aversion = -1;
        nodes.insert(CONFIG, config);
        DataTree { nodes, has_quotas: false, unborn: HashMap::default(), recursive: [0; 2], containers: 0 }
    }

    /// A fresh tree whose `/zookeeper/config` holds an ensemble's membership as the leader writes
    /// it (`QuorumMaj.toString()`: one `server.N=…` line each, then the config version, with
    /// mZxid the new leader's first zxid). A standalone server leaves it empty.
    pub fn with_ensemble_config(servers: u8) -> Self {
        let mut tree = DataTree::new();
        if servers > 1 {
            let mut text = String::new();
            for id in 1..=u32::from(servers) {
                text.push_str(&format!(
                    "server.{id}=127.0.0.1:{}:{}:participant;0.0.0.0:{}\n",
                    2887 + id,
                    3887 + id,
                    2181 + id
                ));
            }
            text.push_str("version=100000000");
            if let Some(config) = tree.nodes.get_mut(CONFIG.as_bytes()) {
                config.data = Some(text.into_bytes()).into();
                config.mzxid = 0x1_0000_0000;
                config.version = 1;
            }
        }
        tree
    }

    pub fn get(&self, path: &str) -> Option<&Znode> {
        self.nodes.get(path.as_bytes())
    }

    pub fn get_mut(&mut self, path: &str) -> Option<&mut Znode> {
        self.nodes.get_mut(path.as_bytes())
    }

    pub fn contains(&self, path: &str) -> bool {
        self.nodes.contains_key(path.as_bytes())
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    /// Whether any quota is set (`/zookeeper/quota` has children).
    pub fn has_quotas(&self) -> bool {
        self.has_quotas
    }

    /// Notes a change of `parent`'s children: keeps [`DataTree::has_quotas`] current.
    fn children_changed(&mut self, parent: &str) {
        if parent == QUOTA {
            self.has_quotas = self.nodes.get(QUOTA.as_bytes()).is_some_and(|q| !q.children.is_empty());
        }
    }

    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.nodes.iter().map(|(p, _)| p)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Znode)> {
        self.nodes.iter()
    }

    /// Inserts a node and links it into its parent (which must exist); the parent's pzxid and
    /// creation counter move.
    pub fn insert(&mut self, node_path: &str, mut node: Znode) {
        self.adopt_watches(node_path, &mut node);
        let zxid = node.czxid;
        if let Some(p) = self.nodes.get_mut(path::parent(node_path).as_bytes()) {
            p.children.insert(path::name(node_path));
            p.cversion = p.cversion.wrapping_add(1);
            p.pzxid = zxid;
        }
        self.insert_node(node_path, node);
        self.children_changed(path::parent(node_path));
    }

    /// Adds a node whose parent the caller has already linked it into (with the parent's
    /// `children`, `cversion` and `pzxid` updated): one table insert. A consistent tree lists
    /// every node in its parent's children, so a name that is not there is not in the table.
    /// `parent` is `node_path`'s parent. Returns whether registrations were waiting on the path
    /// (the node now holds them).
    pub fn insert_linked(&mut self, node_path: &str, parent: &str, mut node: Znode) -> bool {
        let adopted = self.adopt_watches(node_path, &mut node);
        self.count_new(&node);
        self.nodes.insert_absent(node_path, node);
        if parent == QUOTA {
            self.has_quotas = true;
        }
        adopted
    }

    /// Removes a leaf node and unlinks it from its parent.
    pub fn remove(&mut self, node_path: &str, zxid: Zxid) -> Option<Znode> {
        let mut node = self.nodes.remove(node_path.as_bytes())?;
        self.count_gone(&node);
        self.orphan_watches(node_path, &mut node);
        let parent = path::parent(node_path);
        if let Some(p) = self.nodes.get_mut(parent.as_bytes()) {
            p.children.remove(path::name(node_path));
            if zxid > p.pzxid {
                p.pzxid = zxid;
            }
        }
        self.children_changed(parent);
        Some(node)
    }

    /// [`DataTree::remove`] if `check(parent, node)` allows it. `check` sees `None` for a
    /// missing parent or node; when it passes although either is missing, nothing happens and
    /// the result is `Ok(None)`. On success, returns the node and its parent's pzxid before the
    /// removal.
    ///
    /// With `fire`, the watches of a successful removal fire on the node and its parent while
    /// they are in hand (registrations that outlive the node stay on its path).
    pub(crate) fn remove_checked<E>(
        &mut self,
        node_path: &str,
        zxid: Zxid,
        mut fire: Option<&mut DeleteFired>,
        check: impl FnOnce(Option<&Znode>, Option<&Znode>) -> Result<(), E>,
    ) -> Result<Option<(Znode, Zxid)>, E> {
        let (parent_path, name) = path::split(node_path);
        let found = (self.nodes.find(parent_path.as_bytes()), self.nodes.find(node_path.as_bytes()));
        let (Some(parent_at), Some(node_at)) = found else {
            let (parent_at, node_at) = found;
            check(parent_at.and_then(|f| self.nodes.at(f)), node_at.and_then(|f| self.nodes.at(f)))?;
            return Ok(None);
        };
        let Some((p, node)) = self.nodes.pair_mut(parent_at, node_at) else {
            return Ok(None);
        };
        check(Some(p), Some(node))?;
        let old_pzxid = p.pzxid;
        p.children.remove(name);
        if let Some(fired) = fire.as_deref_mut() {
            p.fire(Table::Child, EventType::NodeChildrenChanged, &mut fired.at_parent);
        }
        if zxid > p.pzxid {
            p.pzxid = zxid;
        }
        let Some(mut node) = self.nodes.remove_found(node_at) else {
            return Ok(None);
        };
        self.count_gone(&node);
        self.children_changed(parent_path);
        if let Some(fired) = fire {
            node.fire(Table::Data, EventType::NodeDeleted, &mut fired.at_node);
            node.fire(Table::Child, EventType::NodeDeleted, &mut fired.at_node);
        }
        self.orphan_watches(node_path, &mut node);
        Ok(Some((node, old_pzxid)))
    }

    /// Undoes [`DataTree::insert`] (rolling back a failed multi): the node goes and the parent
    /// gets its counters back.
    pub fn unlink(&mut self, node_path: &str, parent: &str, cversion: i32, pzxid: Zxid) {
        if let Some(mut node) = self.nodes.remove(node_path.as_bytes()) {
            self.count_gone(&node);
            self.orphan_watches(node_path, &mut node);
        }
        if let Some(p) = self.nodes.get_mut(parent.as_bytes()) {
            p.children.remove(path::name(node_path));
            p.cversion = cversion;
            p.pzxid = pzxid;
        }
        self.children_changed(parent);
    }

    /// Undoes [`DataTree::remove`]: the node comes back as it was.
    pub fn relink(&mut self, node_path: &str, mut node: Znode, parent: &str, pzxid: Zxid) {
        self.adopt_watches(node_path, &mut node);
        if let Some(p) = self.nodes.get_mut(parent.as_bytes()) {
            p.children.insert(path::name(node_path));
            p.pzxid = pzxid;
        }
        self.insert_node(node_path, node);
        self.children_changed(parent);
    }

    /// Puts a node into the table under its path.
    fn insert_node(&mut self, node_path: &str, node: Znode) {
        self.count_new(&node);
        self.nodes.insert(node_path, node);
    }

    /// Keeps the counts of [`DataTree`] right when `node` enters the table.
    fn count_new(&mut self, node: &Znode) {
        if node.kind == NodeKind::Container {
            self.containers += 1;
        }
    }

    /// Keeps the counts of [`DataTree`] right when `node` leaves the table.
    fn count_gone(&mut self, node: &Znode) {
        if node.kind == NodeKind::Container {
            self.containers = self.containers.saturating_sub(1);
        }
    }

    /// Whether any container node exists (the periodic check has nothing to do without one).
    pub fn has_containers(&self) -> bool {
        self.containers > 0
    }

    /// A node created at `node_path` takes over the registrations waiting there (returns
    /// whether there were any).
    fn adopt_watches(&mut self, node_path: &str, node: &mut Znode) -> bool {
        if self.unborn.is_empty() {
            return false;
        }
        match self.unborn.remove(node_path) {
            Some(watches) => {
                node.watches = watches;
                true
            }
            None => false,
        }
    }

    /// A node leaving the tree leaves its registrations on the path.
    fn orphan_watches(&mut self, node_path: &str, node: &mut Znode) {
        if !node.watches.is_empty() {
            self.unborn.insert(node_path.to_string(), std::mem::take(&mut node.watches));
        }
    }

    /// The registrations on a path, with or without a node.
    pub(crate) fn watches_at(&self, path: &str) -> Option<&PathWatches> {
        match self.nodes.get(path.as_bytes()) {
            Some(node) => Some(&node.watches),
            None => self.unborn.get(path),
        }
    }

    /// Every path with registrations.
    pub(crate) fn all_watches(&self) -> impl Iterator<Item = (&str, &PathWatches)> {
        let on_nodes = self.nodes.iter().map(|(p, n)| (p, &n.watches));
        on_nodes.chain(self.unborn.iter().map(|(p, w)| (p.as_str(), w))).filter(|(_, w)| !w.is_empty())
    }

    /// Registers `session` on `path` in `table` (its last registration there wins).
    pub(crate) fn add_watch(&mut self, path: &str, table: Table, session: SessionId, mode: WatchMode) {
        let watches = match self.nodes.get_mut(path.as_bytes()) {
            Some(node) => &mut node.watches,
            None => self.unborn.entry(path.to_string()).or_default(),
        };
        let replaced = watches.table_mut(table).insert(session, mode);
        self.count_replaced(table, replaced, mode);
    }

    /// Keeps the recursive counts right after `mode` replaced `replaced` in `table` (for callers
    /// that registered on a node they hold: [`Znode::watch`]).
    pub(crate) fn count_replaced(&mut self, table: Table, replaced: Option<WatchMode>, mode: WatchMode) {
        let count = &mut self.recursive[table as usize];
        if replaced == Some(WatchMode::PersistentRecursive) {
            *count = count.saturating_sub(1);
        }
        if mode == WatchMode::PersistentRecursive {
            *count += 1;
        }
    }

    /// Removes one session's registration on a path; returns whether there was one.
    pub(crate) fn remove_watch(&mut self, path: &str, table: Table, session: SessionId) -> bool {
        let removed = match self.nodes.get_mut(path.as_bytes()) {
            Some(node) => node.watches.table_mut(table).remove(session),
            None => {
                let Some(watches) = self.unborn.get_mut(path) else { return false };
                let removed = watches.table_mut(table).remove(session);
                if watches.is_empty() {
                    self.unborn.remove(path);
                }
                removed
            }
        };
        if removed == Some(WatchMode::PersistentRecursive) {
            let count = &mut self.recursive[table as usize];
            *count = count.saturating_sub(1);
        }
        removed.is_some()
    }

    /// Drops everything a session registered (session closed or expired).
    pub(crate) fn remove_session_watches(&mut self, session: SessionId) {
        let mut recursive = [0; 2];
        let mut forget = |watches: &mut PathWatches| {
            for table in [Table::Data, Table::Child] {
                if watches.table_mut(table).remove(session) == Some(WatchMode::PersistentRecursive) {
                    recursive[table as usize] += 1;
                }
            }
            !watches.is_empty()
        };
        for node in self.nodes.values_mut() {
            if !node.watches.is_empty() {
                forget(&mut node.watches);
            }
        }
        self.unborn.retain(|_, watches| forget(watches));
        for (count, removed) in self.recursive.iter_mut().zip(recursive) {
            *count = count.saturating_sub(removed);
        }
    }

    /// Fires the watches in `table` that an event on `path` reaches (`WatchManager.triggerWatch`):
    /// registrations on the path itself, and recursive ones on its ancestors (never for
    /// NodeChildrenChanged). One-shot registrations are spent. Appends the sessions fired
    /// (unsorted, possibly repeated) to `fired`.
    pub(crate) fn fire_watches(&mut self, path: &str, table: Table, kind: EventType, fired: &mut Vec<SessionId>) {
        match self.nodes.get_mut(path.as_bytes()) {
            Some(node) => node.watches.table_mut(table).fire(kind, fired),
            None if self.unborn.is_empty() => {}
            None => {
                if let Some(watches) = self.unborn.get_mut(path) {
                    watches.table_mut(table).fire(kind, fired);
                    if watches.is_empty() {
                        self.unborn.remove(path);
                    }
                }
            }
        }
        self.fire_recursive(path, table, kind, fired);
    }

    /// The part of [`DataTree::fire_watches`] above `path`: persistent-recursive registrations
    /// on its ancestors (none for NodeChildrenChanged).
    pub(crate) fn fire_recursive(&self, path: &str, table: Table, kind: EventType, fired: &mut Vec<SessionId>) {
        if self.recursive[table as usize] == 0 || kind == EventType::NodeChildrenChanged {
            return;
        }
        let mut local = path;
        while local != "/" {
            local = path::parent(local);
            if let Some(watches) = self.watches_at(local) {
                let recursive = watches.table(table).iter().filter(|&(_, m)| m == WatchMode::PersistentRecursive);
                fired.extend(recursive.map(|(s, _)| s));
            }
        }
    }

    /// Every descendant of `path` (not `path` itself).
    pub fn descendant_count(&self, node_path: &str) -> usize {
        let mut count = 0;
        let mut stack = vec![node_path.to_string()];
        while let Some(p) = stack.pop() {
            if let Some(node) = self.nodes.get(p.as_bytes()) {
                for child in node.children.iter() {
                    count += 1;
                    stack.push(path::join(&p, child));
                }
            }
        }
        count
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fresh_tree_reports_the_real_root_stat() {
        let tree = DataTree::new();
        let root = tree.get("/").unwrap().stat();
        assert_eq!(root.cversion, -1);
        assert_eq!(root.num_children, 1);
        assert_eq!(tree.get(ZOOKEEPER).unwrap().stat().cversion, -2);
        assert_eq!(tree.get(CONFIG).unwrap().stat().aversion, -1);
        assert_eq!(tree.descendant_count("/"), 3);
    }

    #[test]
    fn cversion_counts_creations_and_deletions() {
        let mut tree = DataTree::new();
        tree.insert("/a", Znode::new(None, Acl::open_unsafe(), 5, 0, NodeKind::Persistent, 0));
        tree.insert("/a/b", Znode::new(None, Acl::open_unsafe(), 6, 0, NodeKind::Persistent, 0));
        tree.insert("/a/c", Znode::new(None, Acl::open_unsafe(), 7, 0, NodeKind::Persistent, 0));
        tree.remove("/a/b", 8);
        let stat = tree.get("/a").unwrap().stat();
        assert_eq!((stat.cversion, stat.num_children, stat.pzxid), (3, 1, 8));
    }

    #[test]
    fn short_and_long_paths_are_found_alike() {
        let mut tree = DataTree::new();
        let short = "/a23456789012345678901234567890123456789"[..INLINE_PATH].to_string();
        let long = format!("{short}/x");
        tree.insert(&short, Znode::new(None, Acl::open_unsafe(), 5, 0, NodeKind::Persistent, 0));
        tree.insert(&long, Znode::new(None, Acl::open_unsafe(), 6, 0, NodeKind::Persistent, 0));
        assert!(matches!(PathKey::new(&short).0, SmallBytes::Inline(..)));
        assert!(matches!(PathKey::new(&long).0, SmallBytes::Heap(_)));
        assert_eq!(tree.get(&long).map(|n| n.czxid), Some(6));
        assert_eq!(tree.get(&short).map(|n| n.children.iter().collect::<Vec<_>>()), Some(vec!["x"]));
        let mut paths: Vec<&str> = tree.paths().collect();
        paths.sort();
        assert_eq!(paths, ["/", &short, &long, ZOOKEEPER, CONFIG, QUOTA]);
        assert!(tree.remove(&long, 7).is_some() && !tree.contains(&long));
    }

    #[test]
    fn ttls_keep_the_range_the_server_accepts() {
        for ms in [1, 5_000, 0x00ff_ffff_ffff] {
            assert_eq!(TtlMs::new(ms).map(TtlMs::get), Some(ms));
        }
        assert_eq!(TtlMs::new(5_000).map(|t| t.to_string()).as_deref(), Some("5000"));
        for ms in [0, -1, 0x0100_0000_0000, i64::MAX, i64::MIN] {
            assert_eq!(TtlMs::new(ms), None, "{ms}");
        }
    }

    #[test]
    fn data_keeps_null_empty_small_and_large_apart() {
        let small = vec![7u8; INLINE_DATA];
        let large = vec![8u8; INLINE_DATA + 1];
        assert_eq!(NodeData::from(None).as_deref(), None);
        assert_eq!(NodeData::from(Some(Vec::new())).as_deref(), Some(&[][..]));
        assert_ne!(NodeData::from(None), NodeData::from(Some(Vec::new())));
        assert!(matches!(NodeData::from(Some(small.clone())).0, Some(SmallBytes::Inline(..))));
        assert!(matches!(NodeData::from(Some(large.clone())).0, Some(SmallBytes::Heap(_))));
        assert_eq!(NodeData::from(Some(small.clone())).to_vec(), Some(small));
        assert_eq!(NodeData::from(Some(large.clone())).len(), large.len());
        assert!(NodeData::from(None).is_empty());
    }
}
