//! The znode tree's layout and the other pure view models of the tree, inspector and event log.
//!
//! The tree is drawn left to right (depth along x, siblings stacked along y), which keeps long
//! znode names such as `lock-0000000007` readable. The layout is a "leaf counter" tidy tree:
//! visible leaves take consecutive rows in `ls` order, a parent sits centred between its first
//! and last visible child, and each depth is a column as wide as its widest label. It never
//! overlaps, is deterministic, and costs O(visible nodes) plus the size of collapsed subtrees.
//!
//! Large trees stay usable: nodes with many children start collapsed (unless expanded), and at
//! most [`LayoutOptions::max_nodes`] nodes are laid out; the rest is summarised by "+N more"
//! entries.

use crate::vec_map::{VecMap, VecSet};

/// Sizes and limits of the layout (pixels, characters and node counts).
#[derive(Clone, Debug, PartialEq)]
pub struct LayoutOptions {
    /// Vertical distance between two rows (two visible leaves).
    pub row_height: f64,
    /// The width of one label character (the tree's font is monospace).
    pub char_width: f64,
    /// Labels longer than this are shortened with an ellipsis (the sequential suffix stays).
    pub label_max_chars: usize,
    /// Horizontal padding inside a node's pill (both sides together).
    pub node_padding: f64,
    /// Room right of the pill for the collapse toggle, the expiry countdown and the badges.
    pub tail: f64,
    /// Horizontal gap between two depth columns.
    pub column_gap: f64,
    /// Space around the whole drawing.
    pub margin: f64,
    /// A node with more children than this starts collapsed (the root never does).
    pub auto_collapse_over: usize,
    /// At most this many znodes are laid out; further ones become "+N more" entries.
    pub max_nodes: usize,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            row_height: 34.0,
            char_width: 7.2,
            label_max_chars: 20,
            node_padding: 16.0,
            tail: 40.0,
            column_gap: 20.0,
            margin: 16.0,
            auto_collapse_over: 40,
            max_nodes: 1500,
        }
    }
}

/// Which subtrees the user folded or unfolded (the tree component keeps one of these).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Folding {
    /// Collapsed explicitly.
    pub collapsed: VecSet<String>,
    /// Expanded explicitly although they have enough children to start collapsed.
    pub expanded: VecSet<String>,
}

impl Folding {
    /// Whether the node at `path` with `children` children hides its subtree.
    pub fn is_collapsed(&self, path: &str, children: usize, options: &LayoutOptions) -> bool {
        if children == 0 {
            return false;
        }
        if self.collapsed.contains(path) {
            return true;
        }
        path != "/" && children > options.auto_collapse_over && !self.expanded.contains(path)
    }

    /// Flips the node between collapsed and expanded.
    pub fn toggle(&mut self, path: &str, children: usize, options: &LayoutOptions) {
        if self.is_collapsed(path, children, options) {
            self.collapsed.remove(path);
            self.expanded.insert(path.to_string());
        } else {
            self.expanded.remove(path);
            self.collapsed.insert(path.to_string());
        }
    }
}

/// One laid-out entry: a znode, or a "+N more" summary of siblings beyond the node budget.
#[derive(Clone, Debug, PartialEq)]
pub struct Placed {
    /// The znode's path; for a "+N more" entry a key that no znode path can be
    /// (`<parent>\n+more`).
    pub path: String,
    /// The last path segment (`/` for the root); for "+N more" the text `+N more`.
    pub name: String,
    /// Index of the parent entry in [`Layout::nodes`] (`None` for the root).
    pub parent: Option<usize>,
    pub depth: usize,
    /// The left end of the node's pill.
    pub x: f64,
    /// The vertical centre of the node.
    pub y: f64,
    /// The pill's width.
    pub width: f64,
    /// How many children the znode has in the tree (shown or not).
    pub children: usize,
    pub collapsed: bool,
    /// Descendants hidden because this node is collapsed; for "+N more" the N.
    pub hidden: usize,
    /// A "+N more" entry rather than a znode.
    pub more: bool,
    /// Visible entries in this subtree, itself included.
    pub subtree: usize,
}

/// The whole laid-out tree, in preorder (a parent before its children, children in `ls` order).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub nodes: Vec<Placed>,
    pub width: f64,
    pub height: f64,
    /// Znodes left out because of the node budget (the "+N more" entries and their subtrees).
    pub omitted: usize,
}

impl Layout {
    /// The index of the entry for `path`, if it is laid out.
    pub fn find(&self, path: &str) -> Option<usize> {
        self.nodes.iter().position(|n| n.path == path)
    }
}

/// Joins a parent path and a child name (`/` + `a` → `/a`, `/a` + `b` → `/a/b`).
pub fn join(parent: &str, name: &str) -> String {
    if parent == "/" {
        format!("/{name}")
    } else {
        format!("{parent}/{name}")
    }
}

/// The last segment of a path (`/` for the root).
pub fn name_of(path: &str) -> &str {
    if path == "/" {
        return "/";
    }
    path.rsplit('/').next().unwrap_or(path)
}

/// Splits a sequential node's name into its prefix and its 10-digit counter suffix.
pub fn split_sequential(name: &str) -> (&str, Option<&str>) {
    let bytes = name.as_bytes();
    if bytes.len() >= 10 && bytes[bytes.len() - 10..].iter().all(u8::is_ascii_digit) {
        let cut = bytes.len() - 10;
        // The last 10 bytes are ASCII digits, so `cut` is a char boundary.
        (&name[..cut], Some(&name[cut..]))
    } else {
        (name, None)
    }
}

/// A label of at most `max` characters: a long prefix is shortened with `…`, the sequential
/// suffix is always kept whole. Returns (prefix, suffix).
pub fn short_label(name: &str, max: usize) -> (String, Option<String>) {
    let (prefix, suffix) = split_sequential(name);
    let budget = max.saturating_sub(suffix.map_or(0, |_| 10)).max(4);
    let count = prefix.chars().count();
    let prefix = if count > budget {
        let kept: String = prefix.chars().take(budget.saturating_sub(1)).collect();
        format!("{kept}…")
    } else {
        prefix.to_string()
    };
    (prefix, suffix.map(str::to_string))
}

fn label_width(name: &str, options: &LayoutOptions) -> f64 {
    let (prefix, suffix) = short_label(name, options.label_max_chars);
    let chars = prefix.chars().count() + suffix.map_or(0, |_| 10);
    chars.max(1) as f64 * options.char_width + options.node_padding
}

/// Every descendant of `path` (not `path` itself), without recursion.
fn descendants<'a, F, I>(path: &str, children: &F) -> usize
where
    F: Fn(&str) -> I,
    I: IntoIterator<Item = &'a str>,
{
    let mut count = 0;
    let mut stack = vec![path.to_string()];
    while let Some(p) = stack.pop() {
        for child in children(&p) {
            count += 1;
            stack.push(join(&p, child));
        }
    }
    count
}

/// Lays out the tree under `root`. `children(path)` yields a znode's child names (in any order;
/// they are sorted as `ls` shows them); a path with no entry has no children. `extra(path)` is
/// room the caller needs inside a node's pill besides its label (a marker icon).
pub fn layout<'a, F, I, E>(root: &str, children: F, extra: E, folding: &Folding, options: &LayoutOptions) -> Layout
where
    F: Fn(&str) -> I,
    I: IntoIterator<Item = &'a str>,
    E: Fn(&str) -> f64,
{
    struct Visit {
        path: String,
        depth: usize,
        parent: Option<usize>,
    }
    let mut nodes: Vec<Placed> = Vec::new();
    // Visible children of each entry, in order.
    let mut kids: Vec<Vec<usize>> = Vec::new();
    // The "+N more" entry of a parent, once its children overflow the budget.
    let mut more_of: VecMap<usize, usize> = VecMap::new();
    let mut omitted = 0;
    let mut stack = vec![Visit { path: root.to_string(), depth: 0, parent: None }];
    let budget = options.max_nodes.max(1);
    let mut znodes = 0;
    while let Some(visit) = stack.pop() {
        if znodes >= budget {
            // Over budget: count it in its parent's "+N more" entry.
            let Some(parent) = visit.parent else { continue };
            omitted += 1 + descendants(&visit.path, &children);
            if let Some(&m) = more_of.get(&parent) {
                nodes[m].hidden += 1;
                nodes[m].name = format!("+{} more", nodes[m].hidden);
                continue;
            }
            let idx = nodes.len();
            nodes.push(Placed {
                path: format!("{}\n+more", nodes[parent].path),
                name: "+1 more".to_string(),
                parent: Some(parent),
                depth: visit.depth,
                x: 0.0,
                y: 0.0,
                width: 0.0,
                children: 0,
                collapsed: false,
                hidden: 1,
                more: true,
                subtree: 1,
            });
            kids.push(Vec::new());
            kids[parent].push(idx);
            more_of.insert(parent, idx);
            continue;
        }
        znodes += 1;
        let mut names: Vec<&str> = children(&visit.path).into_iter().collect();
        crate::sorting::sort(&mut names);
        names.dedup();
        let collapsed = folding.is_collapsed(&visit.path, names.len(), options);
        let hidden = if collapsed { descendants(&visit.path, &children) } else { 0 };
        let idx = nodes.len();
        nodes.push(Placed {
            name: name_of(&visit.path).to_string(),
            path: visit.path.clone(),
            parent: visit.parent,
            depth: visit.depth,
            x: 0.0,
            y: 0.0,
            width: 0.0,
            children: names.len(),
            collapsed,
            hidden,
            more: false,
            subtree: 1,
        });
        kids.push(Vec::new());
        if let Some(parent) = visit.parent {
            kids[parent].push(idx);
        }
        if !collapsed {
            for name in names.iter().rev() {
                stack.push(Visit { path: join(&visit.path, name), depth: visit.depth + 1, parent: Some(idx) });
            }
        }
    }
    place(&mut nodes, &kids, options);
    for n in nodes.iter_mut().filter(|n| !n.more) {
        let more = extra(&n.path);
        if more.is_finite() && more > 0.0 {
            n.width += more;
        }
    }
    let rows = nodes.iter().zip(&kids).filter(|(_, k)| k.is_empty()).count();
    let mut columns: Vec<f64> = Vec::new();
    for n in &nodes {
        if columns.len() <= n.depth {
            columns.resize(n.depth + 1, 0.0);
        }
        columns[n.depth] = columns[n.depth].max(n.width + options.tail);
    }
    let mut starts = Vec::with_capacity(columns.len());
    let mut x = options.margin;
    for w in &columns {
        starts.push(x);
        x += w + options.column_gap;
    }
    for n in &mut nodes {
        n.x = starts.get(n.depth).copied().unwrap_or(options.margin);
    }
    let width = x - options.column_gap + options.margin;
    let height = rows as f64 * options.row_height + 2.0 * options.margin;
    Layout { nodes, width: width.max(2.0 * options.margin), height, omitted }
}

/// Rows for leaves in preorder, parents centred on their children, widths and subtree sizes.
fn place(nodes: &mut [Placed], kids: &[Vec<usize>], options: &LayoutOptions) {
    let mut row = 0usize;
    for (i, n) in nodes.iter_mut().enumerate() {
        n.width = label_width(&n.name, options);
        if kids[i].is_empty() {
            n.y = options.margin + (row as f64 + 0.5) * options.row_height;
            row += 1;
        }
    }
    for i in (0..nodes.len()).rev() {
        if let (Some(&first), Some(&last)) = (kids[i].first(), kids[i].last()) {
            nodes[i].y = (nodes[first].y + nodes[last].y) / 2.0;
            nodes[i].subtree = 1 + kids[i].iter().map(|&k| nodes[k].subtree).sum::<usize>();
        }
    }
}

/// Watches as the tree and the inspector show them.
pub mod watchers {
    use crate::engine::watch::{SessionId, WatchMode, WatchTable};
    use crate::vec_map::VecMap;

    /// Which server table a watch is in.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
    pub enum WatchKind {
        /// `get -w`, `stat -w`, `addWatch` (the data/exists table).
        Data,
        /// `ls -w` (the child table).
        Child,
    }

    impl WatchKind {
        pub fn name(self) -> &'static str {
            match self {
                WatchKind::Data => "data",
                WatchKind::Child => "child",
            }
        }

        /// The badge letter.
        pub fn letter(self) -> &'static str {
            match self {
                WatchKind::Data => "d",
                WatchKind::Child => "c",
            }
        }
    }

    /// A CSS-friendly and human name of a mode.
    pub fn mode_name(mode: WatchMode) -> &'static str {
        match mode {
            WatchMode::Standard => "one-shot",
            WatchMode::Persistent => "persistent",
            WatchMode::PersistentRecursive => "persistent recursive",
        }
    }

    pub fn mode_class(mode: WatchMode) -> &'static str {
        match mode {
            WatchMode::Standard => "watch-oneshot",
            WatchMode::Persistent => "watch-persistent",
            WatchMode::PersistentRecursive => "watch-recursive",
        }
    }

    /// One registration that reaches a node.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Watcher {
        /// Where the watch is registered (an ancestor for a recursive watch that covers the node).
        pub on: String,
        pub session: SessionId,
        pub kind: WatchKind,
        pub mode: WatchMode,
    }

    /// The badges to draw: every registration, grouped by the path it is set on, sorted.
    pub fn by_path(data: WatchTable, child: WatchTable) -> VecMap<String, Vec<Watcher>> {
        let mut out: VecMap<String, Vec<Watcher>> = VecMap::new();
        for (table, kind) in [(data, WatchKind::Data), (child, WatchKind::Child)] {
            for (path, session, mode) in table.iter() {
                if kind == WatchKind::Child && duplicate_recursive(data, path, session, mode) {
                    continue;
                }
                out.get_or_insert_with(path.to_string(), Vec::new).push(Watcher {
                    on: path.to_string(),
                    session,
                    kind,
                    mode,
                });
            }
        }
        for list in out.values_mut() {
            crate::sorting::sort_by(list, order);
        }
        out
    }

    /// `addWatch -m PERSISTENT_RECURSIVE` lands in both server tables, but only the data side
    /// ever fires (recursive watches never see NodeChildrenChanged): it is shown once.
    fn duplicate_recursive(data: WatchTable, path: &str, session: SessionId, mode: WatchMode) -> bool {
        mode == WatchMode::PersistentRecursive && data.mode(path, session) == Some(WatchMode::PersistentRecursive)
    }

    /// The badge's letter: `d` data/exists, `c` child, `∞` recursive.
    pub fn letter(w: &Watcher) -> &'static str {
        if w.mode == WatchMode::PersistentRecursive {
            "∞"
        } else {
            w.kind.letter()
        }
    }

    /// Badges in a row: by session, kind, then mode. One comparator for every sort of badges
    /// (each distinct closure would be another copy of the sort in the wasm build).
    fn order(a: &Watcher, b: &Watcher) -> std::cmp::Ordering {
        (a.session, a.kind, rank(a.mode)).cmp(&(b.session, b.kind, rank(b.mode)))
    }

    fn rank(mode: WatchMode) -> u8 {
        match mode {
            WatchMode::Standard => 0,
            WatchMode::Persistent => 1,
            WatchMode::PersistentRecursive => 2,
        }
    }

    /// Every registration that reaches `path`: those on the path itself, then recursive ones on
    /// its ancestors (nearest first).
    pub fn reaching(data: WatchTable, child: WatchTable, path: &str) -> Vec<Watcher> {
        let mut out = Vec::new();
        for (table, kind) in [(data, WatchKind::Data), (child, WatchKind::Child)] {
            for (session, mode) in table.watchers(path) {
                if kind == WatchKind::Child && duplicate_recursive(data, path, session, mode) {
                    continue;
                }
                out.push(Watcher { on: path.to_string(), session, kind, mode });
            }
        }
        crate::sorting::sort_by(&mut out, order);
        let mut ancestor = path.to_string();
        while ancestor != "/" {
            ancestor = crate::engine::path::parent(&ancestor).to_string();
            let mut found: Vec<Watcher> = data
                .watchers(&ancestor)
                .filter(|(_, mode)| *mode == WatchMode::PersistentRecursive)
                .map(|(session, mode)| Watcher { on: ancestor.clone(), session, kind: WatchKind::Data, mode })
                .collect();
            // All recursive data watches: `order` sorts them by session.
            crate::sorting::sort_by(&mut found, order);
            out.extend(found);
        }
        out
    }
}

/// The event log's rows as text.
pub mod log {
    use crate::engine::watch::EventType;
    use crate::engine::zxid::hex;
    use crate::engine::TxnKind;
    use crate::playground::{LogEntry, Logged};

    /// The operation's name as ZooKeeper's request types and zkCli call it.
    pub fn op_name(kind: TxnKind) -> &'static str {
        match kind {
            TxnKind::CreateSession => "createSession",
            TxnKind::CloseSession => "closeSession",
            TxnKind::ExpireSession => "expireSession",
            TxnKind::Create => "create",
            TxnKind::Delete => "delete",
            TxnKind::SetData => "setData",
            TxnKind::SetAcl => "setACL",
            TxnKind::Check => "check",
            TxnKind::Multi => "multi",
            TxnKind::DeleteContainer => "deleteContainer",
            TxnKind::Reconfig => "reconfig",
        }
    }

    /// What sort of row it is (a CSS class suffix).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum RowKind {
        Txn,
        Failed,
        Session,
        Notification,
        Crash,
    }

    impl RowKind {
        pub fn class(self) -> &'static str {
            match self {
                RowKind::Txn => "log-txn",
                RowKind::Failed => "log-failed",
                RowKind::Session => "log-session",
                RowKind::Notification => "log-notification",
                RowKind::Crash => "log-crash",
            }
        }
    }

    /// One row of the event log, ready to show.
    #[derive(Clone, Debug, PartialEq, Eq)]
    pub struct Row {
        /// The entry's position in the playground's log (a stable key while it is kept).
        pub index: usize,
        pub time: i64,
        /// `0x…` for transactions, empty for notifications.
        pub zxid: String,
        /// The client's name (`server` for the server's own transactions).
        pub client: String,
        pub op: String,
        pub path: String,
        /// The error code's text for a failed transaction (`NodeExists`).
        pub error: Option<String>,
        pub kind: RowKind,
    }

    /// A log entry as a row. `index` is its position in the log.
    pub fn row(index: usize, entry: &LogEntry) -> Row {
        let client = entry.client.clone().unwrap_or_else(|| "server".to_string());
        match &entry.what {
            Logged::Txn(txn) => {
                let session =
                    matches!(txn.kind, TxnKind::CreateSession | TxnKind::CloseSession | TxnKind::ExpireSession);
                let kind = if txn.error.is_some() {
                    RowKind::Failed
                } else if session {
                    RowKind::Session
                } else {
                    RowKind::Txn
                };
                let path = if session && txn.path.is_empty() { hex(txn.session) } else { txn.path.clone() };
                Row {
                    index,
                    time: entry.time,
                    zxid: hex(txn.zxid),
                    client,
                    op: op_name(txn.kind).to_string(),
                    path,
                    // As the server logs it: `KeeperErrorCode = NodeExists`.
                    error: txn.error.map(|e| e.code_message().to_string()),
                    kind,
                }
            }
            Logged::Notification { kind, path } => Row {
                index,
                time: entry.time,
                zxid: String::new(),
                client,
                op: event_name(*kind).to_string(),
                path: path.clone(),
                error: None,
                kind: RowKind::Notification,
            },
            Logged::Crashed => Row {
                index,
                time: entry.time,
                zxid: String::new(),
                client,
                op: "crashed".to_string(),
                path: String::new(),
                error: None,
                kind: RowKind::Crash,
            },
        }
    }

    /// A notification's `type:` as zkCli prints it.
    pub fn event_name(kind: EventType) -> &'static str {
        kind.name()
    }

    /// `HH:MM:SS.mmm` (UTC) of a virtual time.
    pub fn clock(epoch_ms: i64) -> String {
        let ms = epoch_ms.rem_euclid(86_400_000);
        format!("{:02}:{:02}:{:02}.{:03}", ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60, ms % 1000)
    }

    /// The last `limit` rows, oldest first, of the entries `client` took part in (all when
    /// `None`).
    pub fn rows<'a>(
        entries: impl DoubleEndedIterator<Item = &'a LogEntry> + ExactSizeIterator,
        client: Option<&str>,
        limit: usize,
    ) -> Vec<Row> {
        let total = entries.len();
        let mut out: Vec<Row> = entries
            .enumerate()
            .rev()
            .filter(|(_, e)| client.is_none_or(|c| e.client.as_deref() == Some(c)))
            .take(limit)
            .map(|(i, e)| row(i, e))
            .collect();
        out.reverse();
        debug_assert!(out.iter().all(|r| r.index < total));
        out
    }

    /// The clients that appear in the log or the playground, in first-seen order.
    pub fn clients<'a>(
        entries: impl Iterator<Item = &'a LogEntry>,
        current: impl Iterator<Item = &'a str>,
    ) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for name in entries.filter_map(|e| e.client.as_deref()).chain(current) {
            if !out.iter().any(|n| n == name) {
                out.push(name.to_string());
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    type Tree = BTreeMap<String, BTreeSet<String>>;

    fn tree(paths: &[&str]) -> Tree {
        let mut t: Tree = BTreeMap::new();
        t.insert("/".to_string(), BTreeSet::new());
        for p in paths {
            let parent = crate::engine::path::parent(p).to_string();
            t.entry(parent).or_default().insert(name_of(p).to_string());
            t.entry(p.to_string()).or_default();
        }
        t
    }

    fn lay(t: &Tree, folding: &Folding, options: &LayoutOptions) -> Layout {
        layout("/", |p: &str| t.get(p).into_iter().flatten().map(String::as_str), |_: &str| 0.0, folding, options)
    }

    fn no_overlaps(l: &Layout, options: &LayoutOptions) {
        for (i, a) in l.nodes.iter().enumerate() {
            for b in l.nodes.iter().skip(i + 1) {
                let same_column = a.depth == b.depth;
                let apart = (a.y - b.y).abs() >= options.row_height - 1e-9;
                assert!(!same_column || apart, "{} and {} overlap", a.path, b.path);
                let a_end = a.x + a.width;
                let b_end = b.x + b.width;
                assert!(same_column || a_end <= b.x || b_end <= a.x, "columns of {} and {} overlap", a.path, b.path);
            }
        }
    }

    #[test]
    fn children_come_in_ls_order_and_parents_are_centred() {
        let t = tree(&["/b", "/a", "/a/y", "/a/x", "/a/z", "/zookeeper", "/zookeeper/quota"]);
        let options = LayoutOptions::default();
        let l = lay(&t, &Folding::default(), &options);
        let paths: Vec<&str> = l.nodes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["/", "/a", "/a/x", "/a/y", "/a/z", "/b", "/zookeeper", "/zookeeper/quota"]);
        for (i, n) in l.nodes.iter().enumerate() {
            let kids: Vec<&Placed> = l.nodes.iter().filter(|c| c.parent == Some(i)).collect();
            if let (Some(first), Some(last)) = (kids.first(), kids.last()) {
                assert!((n.y - (first.y + last.y) / 2.0).abs() < 1e-9, "{} is not centred", n.path);
                assert!(kids.iter().all(|k| k.x > n.x + n.width), "children of {} are not right of it", n.path);
            }
        }
        assert_eq!(l.nodes[0].subtree, 8);
        assert_eq!(l.nodes[1].subtree, 4);
        no_overlaps(&l, &options);
        assert!(l.nodes.iter().all(|n| n.x + n.width <= l.width && n.y <= l.height));
    }

    #[test]
    fn a_collapsed_subtree_hides_its_descendants() {
        let t = tree(&["/a", "/a/x", "/a/x/deep", "/a/y", "/b"]);
        let options = LayoutOptions::default();
        let mut folding = Folding::default();
        folding.toggle("/a", 2, &options);
        let l = lay(&t, &folding, &options);
        let paths: Vec<&str> = l.nodes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(paths, ["/", "/a", "/b"]);
        let a = &l.nodes[1];
        assert!(a.collapsed);
        assert_eq!((a.children, a.hidden), (2, 3));
        folding.toggle("/a", 2, &options);
        assert_eq!(lay(&t, &folding, &options).nodes.len(), 6);
    }

    #[test]
    fn many_children_start_collapsed_until_expanded() {
        let kids: Vec<String> = (0..50).map(|i| format!("/big/n{i}")).collect();
        let mut paths: Vec<&str> = kids.iter().map(String::as_str).collect();
        paths.push("/big");
        let t = tree(&paths);
        let options = LayoutOptions::default();
        let mut folding = Folding::default();
        let l = lay(&t, &folding, &options);
        assert_eq!(l.nodes.len(), 2);
        assert!(l.nodes[1].collapsed);
        assert_eq!(l.nodes[1].hidden, 50);
        folding.toggle("/big", 50, &options);
        let l = lay(&t, &folding, &options);
        assert_eq!(l.nodes.len(), 52);
        no_overlaps(&l, &options);
    }

    #[test]
    fn a_huge_tree_is_bounded_by_more_entries() {
        let mut t: Tree = BTreeMap::new();
        let mut root = BTreeSet::new();
        for i in 0..100 {
            let dir = format!("d{i:03}");
            root.insert(dir.clone());
            let kids: BTreeSet<String> = (0..40).map(|j| format!("n{j:02}")).collect();
            for k in &kids {
                t.insert(format!("/{dir}/{k}"), BTreeSet::new());
            }
            t.insert(format!("/{dir}"), kids);
        }
        t.insert("/".to_string(), root);
        let options = LayoutOptions::default();
        let l = lay(&t, &Folding::default(), &options);
        let znodes = l.nodes.iter().filter(|n| !n.more).count();
        assert_eq!(znodes, options.max_nodes);
        assert!(l.nodes.len() <= options.max_nodes + 3);
        let more: Vec<&Placed> = l.nodes.iter().filter(|n| n.more).collect();
        assert!(!more.is_empty());
        assert!(l.omitted >= more.iter().map(|m| m.hidden).sum::<usize>());
        // Every znode is either laid out or counted (1 root + 100 dirs + 4000 leaves).
        assert_eq!(znodes + l.omitted, 4101);
        assert!(more.iter().all(|m| m.name == format!("+{} more", m.hidden)));
        no_overlaps(&l, &options);
        // Keys are unique.
        let keys: BTreeSet<&str> = l.nodes.iter().map(|n| n.path.as_str()).collect();
        assert_eq!(keys.len(), l.nodes.len());
    }

    #[test]
    fn layout_is_deterministic() {
        let t = tree(&["/q", "/q/lock-0000000002", "/q/lock-0000000001", "/p", "/p/a/b/c"]);
        let options = LayoutOptions::default();
        assert_eq!(lay(&t, &Folding::default(), &options), lay(&t, &Folding::default(), &options));
    }

    #[test]
    fn a_very_deep_path_does_not_overflow_the_stack() {
        let mut t: Tree = BTreeMap::new();
        let mut path = "/".to_string();
        for _ in 0..3_000 {
            t.entry(path.clone()).or_default().insert("d".to_string());
            path = join(&path, "d");
        }
        let l = lay(&t, &Folding::default(), &LayoutOptions::default());
        assert_eq!(l.nodes.len(), 1500 + 1);
    }

    #[test]
    fn sequential_suffixes_are_split_and_kept_when_shortened() {
        assert_eq!(split_sequential("lock-0000000001"), ("lock-", Some("0000000001")));
        assert_eq!(split_sequential("0000000001"), ("", Some("0000000001")));
        assert_eq!(split_sequential("lock-001"), ("lock-001", None));
        assert_eq!(split_sequential("é"), ("é", None));
        let (prefix, suffix) = short_label("a-very-long-name-for-a-lock-node-0000000042", 20);
        assert_eq!(suffix.as_deref(), Some("0000000042"));
        assert_eq!(prefix.chars().count(), 10);
        assert!(prefix.ends_with('…'));
        assert_eq!(short_label("ünïcødé", 4).0.chars().count(), 4);
    }

    #[test]
    fn watchers_include_recursive_ancestors() {
        use crate::engine::watch::{AddWatchMode, SessionId};
        use crate::engine::{Engine, Request, ServerConfig};
        let mut engine = Engine::new(ServerConfig::standalone(), 0);
        let mut sessions: Vec<SessionId> = (0..3).map(|_| engine.create_session(30_000, 0, 0).0).collect();
        sessions.sort();
        let [s1, s2, s3] = [sessions[0], sessions[1], sessions[2]];
        // `stat -w` on a missing node answers NoNode and registers the watch.
        let missing = engine.apply(s2, Request::Exists { path: "/a/b".into(), watch: true }, 0);
        assert!(missing.result.is_err());
        let recursive = Request::AddWatch { path: "/a".into(), mode: AddWatchMode::PersistentRecursive };
        assert!(engine.apply(s1, recursive, 0).result.is_ok());
        let persistent = Request::AddWatch { path: "/".into(), mode: AddWatchMode::Persistent };
        assert!(engine.apply(s3, persistent, 0).result.is_ok());
        let (data, child) = engine.watches();
        let w = watchers::reaching(data, child, "/a/b");
        let seen: Vec<(&str, i64, watchers::WatchKind)> =
            w.iter().map(|w| (w.on.as_str(), w.session, w.kind)).collect();
        assert_eq!(seen, [("/a/b", s2, watchers::WatchKind::Data), ("/a", s1, watchers::WatchKind::Data)]);
        let by = watchers::by_path(data, child);
        assert_eq!(by.get("/a/b").map(Vec::len), Some(1));
        // A recursive watch is in both tables but shown once; a persistent one twice (d and c).
        assert_eq!(by.get("/a").map(Vec::len), Some(1));
        assert_eq!(by.get("/").map(Vec::len), Some(2));
    }

    #[test]
    fn log_rows_name_failures_and_filter_by_client() {
        use crate::playground::Playground;
        let mut p = Playground::new("127.0.0.1:2181", 0);
        p.open_client("A", "127.0.0.1:2181", &[], 0);
        p.open_client("B", "127.0.0.1:2181", &[], 0);
        p.type_line("A", "create /x 1", 1000);
        p.type_line("B", "create /x 2", 2000);
        let all = log::rows(p.log().iter(), None, 500);
        assert!(all.iter().any(|r| r.op == "create" && r.client == "B" && r.error.as_deref() == Some("NodeExists")));
        assert!(all.iter().any(|r| r.op == "createSession"));
        let a = log::rows(p.log().iter(), Some("A"), 500);
        assert!(a.iter().all(|r| r.client == "A") && !a.is_empty());
        let last = log::rows(p.log().iter(), None, 1);
        assert_eq!(last.len(), 1);
        assert_eq!(last[0].index, p.log().len() - 1);
        assert_eq!(log::clock(3_723_004), "01:02:03.004");
        assert_eq!(log::clients(p.log().iter(), p.clients().iter().map(|c| c.name.as_str())), ["A", "B"]);
    }
}
