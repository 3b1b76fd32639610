#![cfg(not(target_arch = "wasm32"))]
//! Property tests: no input makes the playground panic, and the engine's invariants hold after
//! every step, whether it is driven through zkCli consoles or directly with requests.
//!
//! - `console_fuzz_*`: 2–3 zkCli clients on one [`Playground`] type lines from a grammar of real
//!   zkCli commands (and garbage, unicode, control characters, long lines) while time passes,
//!   clients are killed and re-opened, and servers stop and start.
//! - `engine_fuzz`: random [`Request`]s (multi included) from several sessions, session closes,
//!   dead clients and expiry.
//! - `failed_multi_*`: a multi that fails leaves everything as it was, except the zxid.
//!
//! Invariants ([`check_engine`]): children counts and links, the reported cversion, zxids never
//! ahead of the last one, ephemerals and their sessions agree both ways, watches belong to live
//! sessions; across steps: the zxid never decreases, sequential names are never produced twice
//! for one parent (and their counter only goes up), and watch notifications need a registration
//! (a one-shot one is spent by its notification).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use proptest::collection::vec;
use proptest::prelude::*;
use proptest::sample::select;
use proptest::test_runner::Config as ProptestConfig;
use zkplay::cli::parse::tokenize;
use zkplay::engine::acl::{Acl, ALL};
use zkplay::engine::tree::{DataTree, NodeKind};
use zkplay::engine::watch::{AddWatchMode, EventType, SessionId, WatchEvent, WatchMode, WatcherType};
use zkplay::engine::zxid::Zxid;
use zkplay::engine::{CreateMode, Engine, Op, OpResult, Outcome, Request, Response, ServerConfig, TxnKind, ZkError};
use zkplay::playground::{CommandOutcome, Delivery, Playground};

const STANDALONE: &str = "127.0.0.1:2181";
const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

fn config(cases: u32) -> ProptestConfig {
    // No regression files: this suite only adds tests/properties.rs.
    ProptestConfig { cases, failure_persistence: None, ..ProptestConfig::default() }
}

// ---------------------------------------------------------------------------------------------
// Paths, independent of the crate's own helpers.

fn parent_of(path: &str) -> &str {
    match path.rfind('/') {
        Some(0) | None => "/",
        Some(i) => &path[..i],
    }
}

fn name_of(path: &str) -> &str {
    path.rfind('/').map_or(path, |i| &path[i + 1..])
}

fn child_of(parent: &str, name: &str) -> String {
    if parent == "/" {
        format!("/{name}")
    } else {
        format!("{parent}/{name}")
    }
}

/// Whether `path` is `root` or below it.
fn covers(root: &str, path: &str) -> bool {
    path == root || root == "/" || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'))
}

/// The 10-digit counter a sequential create appends, if the name ends with one.
fn seq_suffix(path: &str) -> Option<i64> {
    let name = name_of(path).as_bytes();
    if name.len() < 10 || !name[name.len() - 10..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    std::str::from_utf8(&name[name.len() - 10..]).ok()?.parse().ok()
}

// ---------------------------------------------------------------------------------------------
// Invariants of one engine state.

fn check_engine(engine: &Engine) -> Result<(), TestCaseError> {
    let tree = engine.tree();
    let last = engine.last_zxid();
    let sessions = engine.sessions();
    prop_assert!(tree.contains("/"), "the root is gone");
    let containers = tree.iter().any(|(_, n)| n.kind == NodeKind::Container);
    prop_assert_eq!(tree.has_containers(), containers, "the tree's container count is off");
    for (path, node) in tree.iter() {
        let stat = node.stat();
        prop_assert_eq!(stat.num_children as usize, node.children.len(), "numChildren of {}", path);
        for child in node.children.iter() {
            prop_assert!(
                tree.contains(&child_of(path, child)),
                "{} lists a child {:?} that does not exist",
                path,
                child
            );
        }
        if path != "/" {
            let linked = tree.get(parent_of(path)).is_some_and(|p| p.children.contains(name_of(path)));
            prop_assert!(linked, "{} has no parent that lists it", path);
        }
        let reported = node.cversion.wrapping_mul(2).wrapping_sub(node.children.len() as i32);
        prop_assert_eq!(stat.cversion, reported, "reported cversion of {} (stored {})", path, node.cversion);
        prop_assert!(
            node.czxid <= last && node.mzxid <= last && node.pzxid <= last,
            "{} has a zxid after the last one 0x{:x}: {:?}",
            path,
            last,
            node
        );
        prop_assert!(
            node.czxid <= node.mzxid && node.czxid <= node.pzxid,
            "{} was changed before it was created",
            path
        );
        if node.kind == NodeKind::Ephemeral {
            let owner = sessions.get(&node.ephemeral_owner);
            prop_assert!(owner.is_some(), "ephemeral {} outlives its session 0x{:x}", path, node.ephemeral_owner);
            prop_assert!(
                owner.is_some_and(|s| s.ephemerals.contains(path)),
                "ephemeral {} is missing from its session's set",
                path
            );
            prop_assert!(node.children.is_empty(), "ephemeral {} has children", path);
        } else {
            prop_assert_eq!(node.ephemeral_owner, 0, "non-ephemeral {} has an owner", path);
        }
    }
    for (id, session) in sessions {
        prop_assert_eq!(session.id, *id);
        let ephemerals = session.ephemerals.iteration_order();
        let unique: BTreeSet<&String> = ephemerals.iter().collect();
        prop_assert_eq!(unique.len(), ephemerals.len(), "duplicate ephemerals in session 0x{:x}", id);
        prop_assert_eq!(ephemerals.len(), session.ephemerals.len());
        for path in &ephemerals {
            let node = tree.get(path);
            prop_assert!(node.is_some(), "session 0x{:x} lists ephemeral {} which does not exist", id, path);
            prop_assert!(
                node.is_some_and(|n| n.kind == NodeKind::Ephemeral && n.ephemeral_owner == *id),
                "session 0x{:x} lists {} which is not its ephemeral",
                id,
                path
            );
        }
    }
    let (data, child) = engine.watches();
    for (path, session, _) in data.iter().chain(child.iter()) {
        prop_assert!(sessions.contains_key(&session), "a watch on {} belongs to dead session 0x{:x}", path, session);
    }
    Ok(())
}

/// What a failed write must leave untouched besides the tree: ephemeral sets and auth.
fn session_view(engine: &Engine) -> BTreeMap<SessionId, (BTreeSet<String>, Vec<String>)> {
    engine
        .sessions()
        .iter()
        .map(|(id, s)| {
            let set = s.ephemerals.iteration_order().into_iter().collect();
            (*id, (set, s.auth.iter().map(|a| format!("{}:{}", a.scheme, a.id)).collect()))
        })
        .collect()
}

/// The tree's znodes without their watch registrations (reads register watches), sorted.
type NodeView = (String, Option<Vec<u8>>, Vec<Acl>, zkplay::engine::tree::Stat, NodeKind, Vec<String>);
fn tree_view(engine: &Engine) -> Vec<NodeView> {
    let mut nodes: Vec<NodeView> = engine
        .tree()
        .iter()
        .map(|(p, n)| {
            (
                p.to_string(),
                n.data.to_vec(),
                n.acl.to_vec(),
                n.stat(),
                n.kind,
                n.children.iter().map(str::to_string).collect(),
            )
        })
        .collect();
    nodes.sort_by(|a, b| a.0.cmp(&b.0));
    nodes
}

/// Every registration of both tables, sorted: (table, path, session, mode).
fn watch_view(engine: &Engine) -> Vec<(usize, String, SessionId, WatchMode)> {
    let (data, child) = engine.watches();
    let mut all: Vec<_> = [data, child]
        .iter()
        .enumerate()
        .flat_map(|(table, t)| t.iter().map(move |(p, s, m)| (table, p.to_string(), s, m)))
        .collect();
    all.sort_by(|a, b| (a.0, &a.1, a.2).cmp(&(b.0, &b.1, b.2)));
    all
}

/// Sequential names per parent instance: every name once, and the counter only goes up.
#[derive(Default)]
struct SeqTracker {
    seen: BTreeMap<(String, Zxid), (BTreeSet<String>, Option<i64>)>,
}

impl SeqTracker {
    fn produced(&mut self, path: &str, parent_czxid: Zxid) -> Result<(), TestCaseError> {
        let suffix = seq_suffix(path);
        prop_assert!(suffix.is_some(), "{} does not end with a sequence number", path);
        let suffix = suffix.unwrap_or_default();
        let entry = self.seen.entry((parent_of(path).to_string(), parent_czxid)).or_default();
        prop_assert!(entry.0.insert(path.to_string()), "sequential name {} was produced twice", path);
        prop_assert!(
            entry.1.is_none_or(|max| suffix > max),
            "sequence number of {} is not above the parent's previous {:?}",
            path,
            entry.1
        );
        entry.1 = Some(suffix);
        Ok(())
    }

    /// The parent was deleted: a new node there counts from 0 again.
    fn parent_deleted(&mut self, parent: &str) {
        self.seen.retain(|(p, _), _| p != parent);
    }
}

// ---------------------------------------------------------------------------------------------
// 1. zkCli consoles on a playground.

/// Replaced, when typed, by a path some `create` printed earlier.
const CREATED: &str = "{created}";

const PATHS: &[&str] = &[
    "/",
    "/a",
    "/a/b",
    "/a/b/c",
    "/x-",
    "/a/x-",
    "/e",
    "/e/f",
    "/c",
    "/c/d",
    "/zookeeper",
    "/zookeeper/config",
    "/zookeeper/quota",
];

const ODD_PATHS: &[&str] = &[
    "a",
    "a/b",
    "/a/",
    "//",
    "/./",
    "/a//b",
    "/a/./b",
    "/a/../b",
    "/zookeeper/quota/a",
    "/zookeeper/quota/zookeeper_stats",
    "/zookeeper/quotax",
    "/é",
    "'/sp ace'",
    "\"/quoted\"",
    "/\u{7f}",
    "/x\u{0}y",
    "/😀",
    "-",
    "''",
];

const DATA: &[&str] =
    &["x", "hello", "\"hello world\"", "'single quoted'", "\"\"", "12345", "{\"k\":1}", "é😀", "\"multi word data\""];

const ACLS: &[&str] = &[
    "world:anyone:cdrwa",
    "world:anyone:r",
    "world:anyone:",
    "world:anyone:xyz",
    "digest:u:h:rw",
    "digest:alice:5zOBdjKthUAYpzhllIFNH+ic3yA=:cdrwa",
    "digest:u:cdrwa",
    "ip:127.0.0.1:r",
    "ip:127.0.0.1:cdrwa",
    "ip:10.0.0.0/8:cdrwa",
    "auth::cdrwa",
    "auth::r",
    "garbage",
    "world:anyone:r,ip:127.0.0.1:cdrwa",
    "a:b:c",
    ":",
    "::",
    "world:nobody:r",
    "foo:bar:cdrwa",
];

/// Tokens for lines of a real command name followed by anything.
const TOKENS: &[&str] = &[
    "/",
    "/a",
    "/a/b",
    "/x-",
    "/e",
    "-s",
    "-e",
    "-c",
    "-w",
    "-R",
    "-v",
    "-t",
    "-b",
    "-m",
    "-n",
    "-N",
    "-l",
    "-a",
    "-d",
    "-?",
    "--",
    "-",
    "-1",
    "0",
    "1",
    "99999999999",
    "true",
    "x",
    "\"",
    "'",
    "\"a b\"",
    "world:anyone:cdrwa",
    "auth::cdrwa",
    "digest",
    "u:p",
    "PERSISTENT",
    "on",
    "off",
    "-file",
    "-members",
    "-add",
    "-remove",
];

const COMMAND_NAMES: &[&str] = &[
    "addWatch",
    "addauth",
    "close",
    "config",
    "connect",
    "create",
    "delete",
    "deleteall",
    "delquota",
    "get",
    "getAcl",
    "getAllChildrenNumber",
    "getEphemerals",
    "history",
    "listquota",
    "ls",
    "printwatches",
    "quit",
    "reconfig",
    "redo",
    "removewatches",
    "set",
    "setAcl",
    "setquota",
    "stat",
    "sync",
    "version",
    "whoami",
    "foo",
    "LS",
    "",
];

fn pick(values: &'static [&'static str]) -> BoxedStrategy<String> {
    select(values).prop_map(str::to_string).boxed()
}

/// Empty a third of the time.
fn maybe(strategy: BoxedStrategy<String>) -> BoxedStrategy<String> {
    prop_oneof![1 => Just(String::new()), 2 => strategy].boxed()
}

/// Up to `max` flags from `pool`, space separated.
fn flags(pool: &'static [&'static str], max: usize) -> BoxedStrategy<String> {
    vec(select(pool), 0..=max).prop_map(|v| v.join(" ")).boxed()
}

fn words<const N: usize>(parts: [String; N]) -> String {
    parts.into_iter().filter(|p| !p.is_empty()).collect::<Vec<_>>().join(" ")
}

/// Mostly a few paths, so that commands meet each other's nodes.
fn path() -> BoxedStrategy<String> {
    prop_oneof![
        8 => pick(&["/a", "/a/b", "/e", "/c", "/x-"]),
        6 => pick(PATHS),
        3 => pick(ODD_PATHS),
        3 => Just(CREATED.to_string()),
    ]
    .boxed()
}

/// Where watches and data changes meet.
fn hot_path() -> BoxedStrategy<String> {
    prop_oneof![3 => pick(&["/a", "/a/b", "/c", "/e"]), 1 => path()].boxed()
}

/// 1 KB to 100 KB of one repeated piece.
fn long_text() -> BoxedStrategy<String> {
    (select(&["a", "\"", "é", "/", "x y", "'", "\t", "-w"][..]), 1_000usize..=100_000)
        .prop_map(|(piece, bytes)| piece.repeat(bytes / piece.len()))
        .boxed()
}

fn command() -> BoxedStrategy<String> {
    let create = (
        flags(
            &["-s", "-s", "-e", "-e", "-c", "-t 1000", "-t 0", "-t abc", "-t", "-se", "-es", "-sc", "-x", "-t -5"],
            2,
        ),
        path(),
        maybe((pick(DATA), maybe(pick(ACLS))).prop_map(|(d, a)| words([d, a])).boxed()),
    )
        .prop_map(|(f, p, rest)| words(["create".into(), f, p, rest]));
    let create_simple = (select(&["", "-s", "-e", "-s -e", "-c"][..]), path(), pick(DATA))
        .prop_map(|(f, p, d)| words(["create".into(), f.into(), p, d]));
    let delete =
        (flags(&["-v 0", "-v -1", "-v 1", "-v abc", "-v 99999999999", "-v"], 1), path(), maybe(pick(&["1", "-1"])))
            .prop_map(|(f, p, legacy)| words(["delete".into(), f, p, legacy]));
    let deleteall = (path(), maybe(pick(&["-b 1", "-b 0", "-b -1", "-b 2", "-b x", "-b"])))
        .prop_map(|(p, b)| words(["deleteall".into(), p, b]));
    let set = (flags(&["-s", "-v 0", "-v 1", "-v -1", "-v -1", "-v x"], 1), hot_path(), pick(DATA))
        .prop_map(|(f, p, d)| words(["set".into(), f, p, d]));
    let get = (flags(&["-s", "-w", "-w", "-sw", "-ws", "-x"], 2), hot_path(), maybe(pick(&["true", "watch", "1"])))
        .prop_map(|(f, p, legacy)| words(["get".into(), f, p, legacy]));
    let ls = (flags(&["-s", "-w", "-R", "-Rw", "-sR", "-?", "-z"], 2), path(), maybe(pick(&["true", "1"])))
        .prop_map(|(f, p, legacy)| words(["ls".into(), f, p, legacy]));
    let stat = (flags(&["-w", "-w", "-s"], 1), hot_path(), maybe(pick(&["true", "1"])))
        .prop_map(|(f, p, legacy)| words(["stat".into(), f, p, legacy]));
    let get_acl = (flags(&["-s"], 1), path()).prop_map(|(f, p)| words(["getAcl".into(), f, p]));
    let set_acl = (flags(&["-s", "-v 0", "-v -1", "-R", "-v z"], 2), path(), pick(ACLS))
        .prop_map(|(f, p, a)| words(["setAcl".into(), f, p, a]));
    let add_watch = (maybe(pick(&["-m PERSISTENT", "-m PERSISTENT_RECURSIVE", "-m persistent", "-m bogus"])), path())
        .prop_map(|(m, p)| words(["addWatch".into(), m, p]));
    let remove_watches = (path(), maybe(pick(&["-c", "-d", "-a"])), maybe(pick(&["-l"])))
        .prop_map(|(p, w, l)| words(["removewatches".into(), p, w, l]));
    let by_path =
        (
            select(
                &[
                    "sync",
                    "getEphemerals",
                    "getAllChildrenNumber",
                    "listquota",
                    "delquota",
                    "delquota -n",
                    "delquota -b",
                ][..],
            ),
            path(),
        )
            .prop_map(|(c, p)| words([c.into(), p]));
    let setquota = (select(&["-n 2", "-n 0", "-b 10", "-N 5", "-B 100", "-n x", ""][..]), path())
        .prop_map(|(q, p)| words(["setquota".into(), q.into(), p]));
    let redo = prop_oneof![
        (-1i32..12).prop_map(|n| format!("redo {n}")),
        pick(&["redo abc", "redo 0x1", "redo 010", "redo", "redo 99999999999"]),
    ];
    let simple = pick(&[
        "addauth digest u:p",
        "addauth digest alice:pass",
        "addauth digest",
        "addauth ip x",
        "addauth foo bar",
        "whoami",
        "getEphemerals",
        "history",
        "printwatches on",
        "printwatches off",
        "printwatches",
        "printwatches maybe",
        "close",
        "connect 127.0.0.1:2181",
        "connect 127.0.0.1:2183",
        "connect",
        "connect a,b,c",
        "quit",
        "listquota",
        "version",
        "version x",
        "config",
        "config -c",
        "config -w",
        "config -s",
        "reconfig",
        "reconfig -add 1=x",
        "reconfig -file f -add x",
        "reconfig -file f -members x",
        "reconfig -remove 3",
        "ls",
        "create",
        "set /a",
        "get",
    ]);
    let any_tokens = (pick(COMMAND_NAMES), vec(pick(TOKENS), 0..5))
        .prop_map(|(c, rest)| std::iter::once(c).chain(rest).collect::<Vec<_>>().join(" "));
    // Plain watch-and-change traffic on a few nodes, so notifications really happen.
    let watched = prop_oneof![
        (select(&["get -w", "stat -w", "get -s -w", "ls -w", "ls -s -w"][..]), pick(&["/a", "/a/b", "/c"]))
            .prop_map(|(c, p)| format!("{c} {p}")),
        pick(&["get /a true", "stat /a/b 1", "ls -R -w /a"]),
        (pick(&["/a", "/a/b", "/c"]), pick(DATA)).prop_map(|(p, d)| format!("set {p} {d}")),
        pick(&["create /a/n x", "delete /a/n", "create -e /a/b/m", "delete /a/b/m"]),
    ];
    let long = prop_oneof![
        (pick(&["create /a", "create /long", "set /a", "set /long", "create -e /e"]), long_text())
            .prop_map(|(c, d)| format!("{c} {d}")),
        long_text(),
    ];
    prop_oneof![
        5 => create,
        9 => create_simple,
        4 => delete,
        2 => deleteall,
        9 => set,
        7 => get,
        4 => ls,
        5 => stat,
        1 => get_acl,
        2 => set_acl,
        2 => add_watch,
        2 => remove_watches,
        3 => by_path,
        1 => setquota,
        2 => redo,
        6 => simple,
        4 => any_tokens,
        16 => watched,
        1 => long,
    ]
    .boxed()
}

/// Pieces of hostile input: quotes, control characters, odd unicode.
fn soup(with_newlines: bool) -> BoxedStrategy<String> {
    let mut pieces = vec![
        "\0", "\t", "\r", "\u{7f}", "\u{1b}[A", "\u{85}", "\u{2028}", "\u{feff}", "😀", "é", "\"", "'", " ", "-", "/",
        "a", "ls", "create", "-w", "\u{fff0}", "\u{d7ff}",
    ];
    if with_newlines {
        pieces.extend(["\n", "\r\n", "\n\n"]);
    }
    vec(select(pieces), 0..24).prop_map(|v| v.concat()).boxed()
}

/// Lines without a newline (what a terminal or an `<input>` can send).
fn line() -> BoxedStrategy<String> {
    prop_oneof![
        24 => command(),
        2 => "[^\n]{0,60}",
        2 => soup(false),
        1 => " {0,10}",
        1 => Just(String::new()),
    ]
    .boxed()
}

/// Anything at all, newlines included.
fn raw_line() -> BoxedStrategy<String> {
    prop_oneof![
        6 => command(),
        4 => "(?s).{0,80}",
        4 => soup(true),
        2 => (command(), soup(true)).prop_map(|(c, s)| format!("{c}{s}")),
        1 => " {0,10}",
        1 => long_text(),
    ]
    .boxed()
}

#[derive(Clone, Debug)]
enum Step {
    Type { slot: usize, line: String, dt: u64, pick: usize },
    Advance(u64),
    Kill(usize),
    Reopen { slot: usize, same_name: bool },
    StopServer(usize),
    StartServer(usize),
}

fn steps(line: BoxedStrategy<String>, max: usize) -> impl Strategy<Value = Vec<Step>> {
    let step = prop_oneof![
        40 => (0..3usize, line, 0..1_500u64, any::<usize>())
            .prop_map(|(slot, line, dt, pick)| Step::Type { slot, line, dt, pick }),
        5 => (0..=60_000u64).prop_map(Step::Advance),
        2 => (0..3usize).prop_map(Step::Kill),
        2 => (0..3usize, any::<bool>()).prop_map(|(slot, same_name)| Step::Reopen { slot, same_name }),
        1 => (0..3usize).prop_map(Step::StopServer),
        1 => (0..3usize).prop_map(Step::StartServer),
    ];
    vec(step, 1..=max)
}

fn start_time() -> BoxedStrategy<u64> {
    prop_oneof![Just(0u64), Just(zkplay::scenario::REPLAY_EPOCH_MS), 0u64..4_102_444_800_000].boxed()
}

/// What the test knows about one zkCli process.
#[derive(Default)]
struct ClientModel {
    /// zkCli repeats the last command for a line without tokens.
    last_tokens: Vec<String>,
    /// Every command it ran (what `redo` may run again).
    typed: Vec<Vec<String>>,
    /// Paths with a one-shot data registration not yet spent by a NodeDataChanged.
    once: BTreeSet<String>,
    /// `addWatch` roots (either mode; kept for good, which only makes the check weaker).
    persistent: BTreeSet<String>,
}

impl ClientModel {
    /// Registrations a command may have made (a superset: never too few).
    fn arm(&mut self, tokens: &[String], tree: &DataTree) {
        let Some(cmd) = tokens.first() else { return };
        let rest = &tokens[1..];
        let paths: Vec<&String> = rest.iter().filter(|t| t.starts_with('/')).collect();
        match cmd.as_str() {
            "get" | "stat" | "ls" => {
                let dashed: Vec<&String> = rest.iter().filter(|t| t.starts_with('-') && t.len() > 1).collect();
                let positional = rest.iter().filter(|t| !t.starts_with('-') || t.as_str() == "-").count();
                let watch = dashed.iter().any(|t| t.contains('w') || t.as_str() == "--") || positional >= 2;
                if !watch {
                    return;
                }
                let recursive = cmd == "ls" && dashed.iter().any(|t| t.contains('R'));
                for p in paths {
                    self.once.insert(p.clone());
                    if recursive {
                        self.once.extend(tree.paths().filter(|q| covers(p, q)).map(str::to_string));
                    }
                }
            }
            "addWatch" => self.persistent.extend(paths.into_iter().cloned()),
            "config" => {
                self.once.insert("/zookeeper/config".to_string());
            }
            _ => {}
        }
    }
}

struct Slot {
    name: String,
    exited: bool,
}

struct World {
    pg: Playground,
    connect: String,
    now: u64,
    slots: Vec<Slot>,
    opened: u32,
    last_zxid: Zxid,
    last_now: i64,
    seq: SeqTracker,
    created: Vec<String>,
    models: HashMap<String, ClientModel>,
    /// Once a line with a newline was typed, output lines may echo it.
    newline_typed: bool,
}

const NODE_DATA_CHANGED: &str = "WatchedEvent state:SyncConnected type:NodeDataChanged path:";

impl World {
    fn new(ensemble: bool, clients: usize, start: u64) -> Result<Self, TestCaseError> {
        let connect = if ensemble { ENSEMBLE } else { STANDALONE }.to_string();
        let pg = Playground::new(&connect, start);
        let mut world = World {
            last_zxid: pg.engine().last_zxid(),
            last_now: pg.engine().now(),
            pg,
            connect,
            now: start,
            slots: Vec::new(),
            opened: 0,
            seq: SeqTracker::default(),
            created: Vec::new(),
            models: HashMap::new(),
            newline_typed: false,
        };
        for slot in 0..clients {
            world.slots.push(Slot { name: String::new(), exited: true });
            world.open(slot, false)?;
        }
        world.check()?;
        // Something to work on (the first client's /e goes when it does).
        for line in ["create /a x", "create /a/b y", "create -c /c", "create /c/d", "create -e /e z"] {
            world.step(&Step::Type { slot: 0, line: line.to_string(), dt: 10, pick: 0 })?;
        }
        Ok(world)
    }

    fn open(&mut self, slot: usize, same_name: bool) -> Result<(), TestCaseError> {
        self.opened += 1;
        let name = if same_name { self.slots[slot].name.clone() } else { format!("c{slot}-{}", self.opened) };
        let extra: Vec<String> =
            if self.opened.is_multiple_of(4) { vec!["-timeout".into(), "4000".into()] } else { Vec::new() };
        let banner = self.pg.open_client(&name, &self.connect, &extra, self.now);
        self.check_lines(&banner, "banner")?;
        self.models.insert(name.clone(), ClientModel::default());
        self.slots[slot] = Slot { name, exited: false };
        Ok(())
    }

    fn check_lines(&self, lines: &[String], what: &str) -> Result<(), TestCaseError> {
        if !self.newline_typed {
            for line in lines {
                prop_assert!(!line.contains('\n'), "{} line contains a newline: {:?}", what, line);
            }
        }
        Ok(())
    }

    fn step(&mut self, step: &Step) -> Result<(), TestCaseError> {
        let slots = self.slots.len();
        match step {
            Step::Type { slot, line, dt, pick } => {
                let slot = slot % slots;
                if self.slots[slot].exited {
                    self.open(slot, false)?;
                }
                let line = if line.contains(CREATED) {
                    let target = match self.created.len() {
                        0 => "/a".to_string(),
                        n => self.created[pick % n].clone(),
                    };
                    line.replace(CREATED, &target)
                } else {
                    line.clone()
                };
                self.newline_typed |= line.contains('\n');
                self.now += dt;
                let name = self.slots[slot].name.clone();
                let outcome = self.pg.type_line(&name, &line, self.now);
                self.check_lines(std::slice::from_ref(&outcome.prompt), "prompt")?;
                self.check_lines(&outcome.output, "output")?;
                self.observe(&outcome.deliveries)?;
                for l in &outcome.output {
                    if let Some(path) = l.strip_prefix(NODE_DATA_CHANGED) {
                        self.notified(&name, path)?;
                    }
                }
                let commands = self.commands_run(&name, &line);
                self.track_created(&outcome, &commands)?;
                let tree = self.pg.engine().tree();
                let model = self.models.entry(name.clone()).or_default();
                for tokens in &commands {
                    model.arm(tokens, tree);
                }
                if outcome.exited {
                    self.slots[slot].exited = true;
                } else {
                    self.check_lines(&[self.pg.prompt(&name)], "next prompt")?;
                }
            }
            Step::Advance(dt) => {
                self.now += dt;
                let deliveries = self.pg.advance(self.now);
                self.observe(&deliveries)?;
            }
            Step::Kill(slot) => {
                let slot = slot % slots;
                self.pg.kill(&self.slots[slot].name, self.now);
                self.slots[slot].exited = true;
            }
            Step::Reopen { slot, same_name } => self.open(slot % slots, *same_name)?,
            Step::StopServer(index) => {
                let deliveries = self.pg.stop_server(*index, self.now);
                self.observe(&deliveries)?;
            }
            Step::StartServer(index) => {
                let deliveries = self.pg.start_server(*index, self.now);
                self.observe(&deliveries)?;
            }
        }
        self.check()
    }

    fn observe(&mut self, deliveries: &[Delivery]) -> Result<(), TestCaseError> {
        for d in deliveries {
            self.check_lines(&d.lines, "delivered")?;
            prop_assert!(self.pg.client(&d.client).is_some(), "delivery to unknown client {}", d.client);
            if let Some(event) = &d.event {
                if event.kind == EventType::NodeDataChanged {
                    self.notified(&d.client, &event.path)?;
                }
            }
        }
        Ok(())
    }

    /// A client printed NodeDataChanged for `path`: it must have registered since the last one.
    fn notified(&mut self, client: &str, path: &str) -> Result<(), TestCaseError> {
        let model = self.models.entry(client.to_string()).or_default();
        if model.persistent.iter().any(|root| covers(root, path)) {
            return Ok(());
        }
        prop_assert!(
            model.once.remove(path),
            "{} was told NodeDataChanged {} without a watch registered since the last notification",
            client,
            path
        );
        Ok(())
    }

    /// The token lists the line may have run: its own (or the last command's, for a line
    /// without tokens), or for `redo` any earlier one.
    fn commands_run(&mut self, client: &str, line: &str) -> Vec<Vec<String>> {
        if line.is_empty() {
            return Vec::new();
        }
        let model = self.models.entry(client.to_string()).or_default();
        let tokens = tokenize(line);
        if !tokens.is_empty() {
            model.last_tokens = tokens;
        }
        let effective = model.last_tokens.clone();
        model.typed.push(effective.clone());
        if effective.first().map(String::as_str) == Some("redo") {
            model.typed.clone()
        } else {
            vec![effective]
        }
    }

    /// `Created …` lines: each is a committed create; a sequential one (its path is none of the
    /// tokens typed) is checked against the parent's earlier sequential names.
    fn track_created(&mut self, outcome: &CommandOutcome, commands: &[Vec<String>]) -> Result<(), TestCaseError> {
        for line in &outcome.output {
            let Some(path) = line.strip_prefix("Created ") else { continue };
            let committed =
                outcome.txns.iter().any(|t| t.kind == TxnKind::Create && t.error.is_none() && t.path == path);
            prop_assert!(committed, "printed {:?} without a committed create", line);
            let tree = self.pg.engine().tree();
            prop_assert!(tree.contains(path), "printed {:?} but the node is not there", line);
            let typed = commands.iter().flatten().any(|t| t == path);
            if !typed && seq_suffix(path).is_some() {
                let czxid = tree.get(parent_of(path)).map(|p| p.czxid);
                prop_assert!(czxid.is_some(), "the parent of {} is gone", path);
                self.seq.produced(path, czxid.unwrap_or_default())?;
            }
            self.created.push(path.to_string());
            if self.created.len() > 32 {
                self.created.remove(0);
            }
        }
        Ok(())
    }

    fn check(&mut self) -> Result<(), TestCaseError> {
        let engine = self.pg.engine();
        check_engine(engine)?;
        let zxid = engine.last_zxid();
        prop_assert!(zxid >= self.last_zxid, "zxid went back from 0x{:x} to 0x{:x}", self.last_zxid, zxid);
        self.last_zxid = zxid;
        prop_assert!(engine.now() >= self.last_now, "the engine's clock went back");
        self.last_now = engine.now();
        for slot in &self.slots {
            let client = self.pg.client(&slot.name);
            prop_assert!(client.is_some(), "client {} vanished", slot.name);
            prop_assert_eq!(client.map(|c| c.console.exited), Some(slot.exited), "exited flag of {}", slot.name);
        }
        for client in self.pg.clients() {
            let console = &client.console;
            if !console.exited && console.state.is_alive() {
                let session = console.session.and_then(|s| engine.session(s));
                prop_assert!(
                    session.is_some_and(|s| s.client_alive),
                    "{} is {:?} but its session is gone or dead",
                    client.name,
                    console.state
                );
            }
        }
        Ok(())
    }
}

fn run_console(ensemble: bool, clients: usize, start: u64, steps: &[Step]) -> Result<(), TestCaseError> {
    let mut world = World::new(ensemble, clients, start)?;
    for step in steps {
        world.step(step)?;
    }
    Ok(())
}

proptest! {
    #![proptest_config(config(256))]

    /// Commands from zkCli's grammar (and garbage) without newlines: no panic, single-line output,
    /// invariants after every step.
    #[test]
    fn console_fuzz_commands(
        ensemble in any::<bool>(),
        clients in 2usize..=3,
        start in start_time(),
        steps in steps(line(), 60),
    ) {
        run_console(ensemble, clients, start, &steps)?;
    }
}

proptest! {
    #![proptest_config(config(96))]

    /// Arbitrary input, newlines and 100 KB lines included: no panic, invariants hold.
    #[test]
    fn console_fuzz_raw_input(
        ensemble in any::<bool>(),
        clients in 2usize..=3,
        start in start_time(),
        steps in steps(raw_line(), 30),
    ) {
        run_console(ensemble, clients, start, &steps)?;
    }
}

#[test]
fn oversized_requests_are_refused_without_a_panic() {
    let mut pg = Playground::new(STANDALONE, 0);
    pg.open_client("A", STANDALONE, &[], 0);
    let big = "a".repeat(1_100_000);
    for (i, line) in
        [format!("create /big {big}"), "create /a x".into(), format!("set /a {big}"), big.clone()].iter().enumerate()
    {
        let outcome = pg.type_line("A", line, i as u64);
        assert!(outcome.output.iter().all(|l| !l.contains('\n')));
    }
    assert!(!pg.engine().tree().contains("/big"));
    assert_eq!(pg.engine().tree().get("/a").and_then(|n| n.data.to_vec()), Some(b"x".to_vec()));
    check_engine(pg.engine()).unwrap();
}

/// Rolling back a failed multi must put the ephemerals it had deleted back where they were in
/// their session's set: `getEphemerals` (and the order in which a closing session's ephemerals
/// are deleted and notified) must not change, since ZooKeeper never applied the multi.
#[test]
fn failed_multi_keeps_the_order_of_ephemerals() {
    let mut pg = Playground::new(STANDALONE, 0);
    pg.open_client("A", STANDALONE, &[], 0);
    // /p/q/e and /x5 share a bucket of Java's HashSet, where the order is insertion order.
    for line in ["create /p", "create /p/q", "create -e /p/q/e", "create -e /x5", "setAcl /p world:anyone:cra"] {
        pg.type_line("A", line, 1);
    }
    assert_eq!(pg.type_line("A", "getEphemerals", 2).output, ["[/p/q/e, /x5]"]);
    // One multi: delete /p/q/e (fine), delete /p/q (NoAuth: /p has no DELETE permission).
    assert_eq!(pg.type_line("A", "deleteall /p", 3).output, ["Failed to delete some node(s) in the subtree!"]);
    assert_eq!(pg.type_line("A", "getEphemerals", 4).output, ["[/p/q/e, /x5]"]);
}

// ---------------------------------------------------------------------------------------------
// 2. The engine, driven directly.

const E_PATHS: &[&str] = &[
    "/",
    "/a",
    "/a/b",
    "/a/b/c",
    "/a/x-",
    "/x-",
    "/a/",
    "/e",
    "/e/f",
    "/c",
    "/c/d",
    "/c/x-",
    "/zookeeper",
    "/zookeeper/config",
    "/zookeeper/quota",
    "/zookeeper/quota/zookeeper_stats",
];

/// Not valid client paths; the engine gets them from zkCli's quota commands, so it must cope.
const E_ODD_PATHS: &[&str] = &["a", "", "//a", "/a/./b", "/a\u{0}", "/zookeeper/quota/"];

const DIGEST_ALICE: &str = "alice:5zOBdjKthUAYpzhllIFNH+ic3yA=";

fn e_path() -> BoxedStrategy<String> {
    prop_oneof![
        10 => pick(&["/", "/a", "/a/b", "/a/x-", "/e", "/c", "/c/d"]),
        6 => pick(E_PATHS),
        1 => pick(E_ODD_PATHS),
    ]
    .boxed()
}

fn e_watch() -> BoxedStrategy<bool> {
    prop::bool::weighted(0.75).boxed()
}

/// Ops that mostly succeed, so that whole multis commit too.
fn e_safe_op() -> BoxedStrategy<Op> {
    let seq = CreateMode { sequential: true, ..CreateMode::default() };
    prop_oneof![
        3 => (pick(&["/x-", "/a/x-", "/c/x-", "/a/"]), any::<bool>()).prop_map(move |(path, ephemeral)| Op::Create {
            path,
            data: None,
            acl: Acl::open_unsafe().into(),
            mode: CreateMode { ephemeral, ..seq },
        }),
        2 => (pick(&["/", "/a", "/c"]), e_data()).prop_map(|(path, data)| Op::SetData { path, data, version: -1 }),
        1 => pick(&["/", "/a", "/zookeeper"]).prop_map(|path| Op::Check { path, version: -1 }),
        1 => e_op(),
    ]
    .boxed()
}

fn e_data() -> BoxedStrategy<Vec<u8>> {
    select(&["", "x", "data", "é", "count=1,bytes=2"][..]).prop_map(|d| d.as_bytes().to_vec()).boxed()
}

fn e_version() -> BoxedStrategy<i32> {
    prop_oneof![4 => Just(-1), 3 => 0..3i32, 1 => Just(i32::MAX)].boxed()
}

fn e_acl() -> BoxedStrategy<Vec<Acl>> {
    let perms = 0u8..32;
    let one = prop_oneof![
        4 => Just(Acl::new(ALL, "world", "anyone")),
        2 => perms.clone().prop_map(|p| Acl::new(p, "world", "anyone")),
        1 => perms.clone().prop_map(|p| Acl::new(p, "digest", DIGEST_ALICE)),
        1 => perms.clone().prop_map(|p| Acl::new(p, "ip", "127.0.0.1")),
        1 => perms.clone().prop_map(|p| Acl::new(p, "ip", "10.0.0.0/8")),
        1 => perms.prop_map(|p| Acl::new(p, "auth", "")),
        1 => Just(Acl::new(ALL, "foo", "bar")),
        1 => Just(Acl::new(ALL, "world", "nobody")),
        1 => Just(Acl::new(ALL, "digest", "nocolon")),
    ];
    prop_oneof![8 => Just(Acl::open_unsafe()), 3 => vec(one, 0..3)].boxed()
}

fn e_mode() -> BoxedStrategy<CreateMode> {
    let ttl = prop_oneof![16 => Just(None), 1 => Just(Some(1000)), 1 => select(vec![0i64, -5, 1 << 41]).prop_map(Some)];
    (prop::bool::weighted(0.25), prop::bool::weighted(0.35), prop::bool::weighted(0.15), ttl)
        .prop_map(|(ephemeral, sequential, container, ttl)| CreateMode { ephemeral, sequential, container, ttl })
        .boxed()
}

/// Create paths, mostly with a parent that may well exist.
fn e_create_path() -> BoxedStrategy<String> {
    prop_oneof![
        6 => pick(&["/a", "/a/b", "/a/b/c", "/c", "/c/d", "/e", "/x-", "/a/x-", "/c/x-", "/a/"]),
        1 => e_path(),
    ]
    .boxed()
}

fn e_op() -> BoxedStrategy<Op> {
    prop_oneof![
        7 => (e_create_path(), prop::option::weighted(0.8, e_data()), e_acl(), e_mode())
            .prop_map(|(path, data, acl, mode)| Op::Create { path, data, acl: acl.into(), mode }),
        3 => (e_path(), e_version()).prop_map(|(path, version)| Op::Delete { path, version }),
        3 => (e_path(), e_data(), e_version()).prop_map(|(path, data, version)| Op::SetData { path, data, version }),
        1 => (e_path(), e_version()).prop_map(|(path, version)| Op::Check { path, version }),
    ]
    .boxed()
}

fn e_request() -> BoxedStrategy<Request> {
    prop_oneof![
        12 => e_op().prop_map(Request::Write),
        3 => vec(e_op(), 0..6).prop_map(Request::Multi),
        3 => vec(e_safe_op(), 0..6).prop_map(Request::Multi),
        1 => (e_path(), e_acl(), e_version()).prop_map(|(path, acl, version)| Request::SetAcl { path, acl, version }),
        5 => (e_path(), e_watch()).prop_map(|(path, watch)| Request::GetData { path, watch }),
        5 => (e_path(), e_watch()).prop_map(|(path, watch)| Request::Exists { path, watch }),
        5 => (e_path(), e_watch()).prop_map(|(path, watch)| Request::GetChildren { path, watch }),
        1 => e_path().prop_map(|path| Request::GetAcl { path }),
        1 => e_path().prop_map(|path| Request::GetAllChildrenNumber { path }),
        1 => pick(&["", "/", " / ", "/e", "/a", "x"]).prop_map(|prefix| Request::GetEphemerals { prefix }),
        1 => e_path().prop_map(|path| Request::Sync { path }),
        2 => (e_path(), select(vec![AddWatchMode::Persistent, AddWatchMode::PersistentRecursive]))
            .prop_map(|(path, mode)| Request::AddWatch { path, mode }),
        1 => (e_path(), select(vec![WatcherType::Children, WatcherType::Data, WatcherType::Any]))
            .prop_map(|(path, which)| Request::RemoveWatches { path, which }),
        1 => (pick(&["digest", "digest", "digest", "ip", "ip", "foo"]), pick(&["alice:pass", "u:p", "", "x"]))
            .prop_map(|(scheme, auth)| Request::AddAuth { scheme, auth }),
        1 => Just(Request::WhoAmI),
        1 => any::<bool>().prop_map(|watch| Request::GetConfig { watch }),
        1 => Just(Request::Reconfig),
    ]
    .boxed()
}

#[derive(Clone, Debug)]
enum EStep {
    Open { timeout: i64, server: usize },
    Apply { session: usize, request: Request, dt: i64 },
    Close(usize),
    Gone { session: usize, ago: i64 },
    Advance(i64),
    Stop(usize),
    Start(usize),
}

fn e_steps(max: usize) -> impl Strategy<Value = Vec<EStep>> {
    let step = prop_oneof![
        2 => (0i64..100_000, 0..3usize).prop_map(|(timeout, server)| EStep::Open { timeout, server }),
        30 => (0..64usize, e_request(), 0..2_000i64).prop_map(|(session, request, dt)| EStep::Apply { session, request, dt }),
        2 => (0..64usize).prop_map(EStep::Close),
        2 => (0..64usize, 0..20_000i64).prop_map(|(session, ago)| EStep::Gone { session, ago }),
        3 => (0..=60_000i64).prop_map(EStep::Advance),
        1 => (0..3usize).prop_map(EStep::Stop),
        1 => (0..3usize).prop_map(EStep::Start),
    ];
    vec(step, 1..=max)
}

fn is_write(request: &Request) -> bool {
    matches!(request, Request::Write(_) | Request::Multi(_) | Request::SetAcl { .. } | Request::Reconfig)
}

/// Checks a multi's reply; returns whether it failed.
fn check_multi_shape(ops: &[Op], outcome: &Outcome) -> Result<bool, TestCaseError> {
    let Ok(Response::Multi(results)) = &outcome.result else {
        return Err(TestCaseError::fail(format!("a multi answered {:?}", outcome.result)));
    };
    prop_assert_eq!(results.len(), ops.len(), "one result per op");
    let failed_at = results.iter().position(|r| matches!(r, OpResult::Error(_)));
    match failed_at {
        None => {
            for (op, result) in ops.iter().zip(results) {
                let fits = matches!(
                    (op, result),
                    (Op::Create { .. }, OpResult::Created(_))
                        | (Op::Delete { .. }, OpResult::Deleted)
                        | (Op::SetData { .. }, OpResult::SetData(_))
                        | (Op::Check { .. }, OpResult::Checked)
                );
                prop_assert!(fits, "{:?} answered {:?}", op, result);
            }
            prop_assert!(outcome.txn.as_ref().is_some_and(|t| t.error.is_none()));
            Ok(false)
        }
        Some(i) => {
            prop_assert!(results[..i].iter().all(|r| *r == OpResult::RolledBack), "{:?}", results);
            prop_assert!(
                results[i + 1..].iter().all(|r| *r == OpResult::Error(ZkError::RuntimeInconsistency)),
                "{:?}",
                results
            );
            let OpResult::Error(e) = results[i] else { unreachable!() };
            prop_assert_eq!(outcome.txn.as_ref().and_then(|t| t.error), Some(e));
            prop_assert!(outcome.events.is_empty(), "a failed multi fired {:?}", outcome.events);
            Ok(true)
        }
    }
}

/// The test's record of watch registrations, per session.
#[derive(Default)]
struct WatchModel {
    data: BTreeSet<(SessionId, String)>,
    child: BTreeSet<(SessionId, String)>,
    persistent: BTreeSet<(SessionId, String)>,
}

impl WatchModel {
    fn register(&mut self, session: SessionId, request: &Request, ok: bool) {
        match request {
            Request::GetData { path, watch: true } if ok => {
                self.data.insert((session, path.clone()));
            }
            // An exists watch is set also when the node is missing.
            Request::Exists { path, watch: true } => {
                self.data.insert((session, path.clone()));
            }
            Request::GetChildren { path, watch: true } if ok => {
                self.child.insert((session, path.clone()));
            }
            Request::GetConfig { watch: true } if ok => {
                self.data.insert((session, "/zookeeper/config".to_string()));
            }
            Request::AddWatch { path, .. } => {
                self.persistent.insert((session, path.clone()));
            }
            _ => {}
        }
    }

    /// Every notification needs a registration; a one-shot one is spent by it.
    fn notified(&mut self, event: &WatchEvent) -> Result<(), TestCaseError> {
        if self.persistent.iter().any(|(s, root)| *s == event.session && covers(root, &event.path)) {
            return Ok(());
        }
        let key = (event.session, event.path.clone());
        let registered = match event.kind {
            EventType::NodeCreated | EventType::NodeDataChanged => self.data.remove(&key),
            EventType::NodeChildrenChanged => self.child.remove(&key),
            EventType::NodeDeleted => {
                let data = self.data.remove(&key);
                let child = self.child.remove(&key);
                data || child
            }
            _ => false,
        };
        prop_assert!(registered, "{:?} without a registration (or a one-shot watch fired twice)", event);
        Ok(())
    }
}

struct EngineWorld {
    engine: Engine,
    now: i64,
    sessions: Vec<SessionId>,
    last_zxid: Zxid,
    seq: SeqTracker,
    watches: WatchModel,
}

impl EngineWorld {
    fn new(config: ServerConfig) -> Self {
        let now = 1_000_000;
        let mut world = EngineWorld {
            last_zxid: 0,
            engine: Engine::new(config, now),
            now,
            sessions: Vec::new(),
            seq: SeqTracker::default(),
            watches: WatchModel::default(),
        };
        for server in 0..2 {
            world.step(&EStep::Open { timeout: 30_000, server }).expect("opening sessions");
        }
        // Something to work on: /a/b, a container /c with a child, an ephemeral /e.
        for (path, container, ephemeral) in [
            ("/a", false, false),
            ("/a/b", false, false),
            ("/c", true, false),
            ("/c/d", false, false),
            ("/e", false, true),
        ] {
            let mode = CreateMode { container, ephemeral, ..CreateMode::default() };
            let op = Op::Create { path: path.to_string(), data: None, acl: Acl::open_unsafe().into(), mode };
            world.step(&EStep::Apply { session: 0, request: Request::Write(op), dt: 0 }).expect("setting up");
        }
        world
    }

    /// Mostly a live session; index 7 is any session ever opened, or one that never existed.
    fn session(&self, index: usize) -> SessionId {
        let live: Vec<SessionId> = self.engine.sessions().keys().copied().collect();
        if index % 8 == 7 || live.is_empty() {
            self.sessions.get(index / 8 % (self.sessions.len() + 1)).copied().unwrap_or(0x0bad)
        } else {
            live[index % live.len()]
        }
    }

    fn step(&mut self, step: &EStep) -> Result<(), TestCaseError> {
        let zxid_before = self.engine.last_zxid();
        match step {
            EStep::Open { timeout, server } => {
                let (id, negotiated, txn) = self.engine.create_session(*timeout, *server, self.now);
                prop_assert!(!self.sessions.contains(&id), "session id 0x{:x} reused", id);
                prop_assert!((4_000..=40_000).contains(&negotiated), "negotiated {}", negotiated);
                prop_assert_eq!(txn.zxid, self.engine.last_zxid());
                prop_assert_eq!(txn.zxid, zxid_before + 1);
                self.sessions.push(id);
            }
            EStep::Apply { session, request, dt } => {
                self.now += dt;
                let id = self.session(*session);
                self.apply(id, request)?;
            }
            EStep::Close(index) => {
                let id = self.session(*index);
                let existed = self.engine.session(id).is_some();
                let closed = self.engine.close_session(id, self.now);
                prop_assert_eq!(closed.is_some(), existed);
                if let Some(timed) = closed {
                    prop_assert_eq!(timed.txn.zxid, zxid_before + 1);
                    for event in &timed.events {
                        self.watches.notified(event)?;
                    }
                }
                prop_assert!(self.engine.session(id).is_none());
            }
            EStep::Gone { session, ago } => {
                let id = self.session(*session);
                self.engine.client_gone(id, self.now - ago);
            }
            EStep::Advance(dt) => {
                self.now += dt;
                let mut previous = zxid_before;
                for timed in self.engine.advance(self.now) {
                    prop_assert!(timed.txn.zxid > previous, "timed txns out of order");
                    previous = timed.txn.zxid;
                    if timed.txn.kind == TxnKind::DeleteContainer {
                        self.seq.parent_deleted(&timed.txn.path);
                    }
                    for event in &timed.events {
                        self.watches.notified(event)?;
                    }
                }
                prop_assert_eq!(previous, self.engine.last_zxid());
            }
            EStep::Stop(index) => {
                self.engine.stop_server(*index, self.now);
            }
            EStep::Start(index) => {
                self.engine.start_server(*index, self.now);
            }
        }
        check_engine(&self.engine)?;
        let zxid = self.engine.last_zxid();
        prop_assert!(zxid >= self.last_zxid, "zxid went back from 0x{:x} to 0x{:x}", self.last_zxid, zxid);
        self.last_zxid = zxid;
        Ok(())
    }

    fn apply(&mut self, id: SessionId, request: &Request) -> Result<(), TestCaseError> {
        let exists = self.engine.session(id).is_some();
        let zxid_before = self.engine.last_zxid();
        let tree_before = tree_view(&self.engine);
        let sessions_before = session_view(&self.engine);
        let watches_before = watch_view(&self.engine);
        let outcome = self.engine.apply(id, request.clone(), self.now);
        let unchanged = |engine: &Engine| -> Result<(), TestCaseError> {
            prop_assert!(tree_view(engine) == tree_before, "{:?} changed the tree", request);
            prop_assert_eq!(session_view(engine), sessions_before.clone(), "{:?} changed the sessions", request);
            Ok(())
        };
        if !exists {
            prop_assert_eq!(&outcome.result, &Err(ZkError::SessionExpired));
            prop_assert!(outcome.txn.is_none() && outcome.events.is_empty());
            prop_assert_eq!(self.engine.last_zxid(), zxid_before);
            unchanged(&self.engine)?;
            return Ok(());
        }
        if is_write(request) {
            prop_assert_eq!(self.engine.last_zxid(), zxid_before + 1, "a write uses exactly one zxid");
            prop_assert_eq!(outcome.txn.as_ref().map(|t| t.zxid), Some(zxid_before + 1));
        } else {
            prop_assert_eq!(self.engine.last_zxid(), zxid_before, "{:?} used a zxid", request);
            prop_assert!(outcome.txn.is_none() && outcome.events.is_empty());
            prop_assert!(tree_view(&self.engine) == tree_before, "{:?} changed the tree", request);
        }
        for event in &outcome.events {
            self.watches.notified(event)?;
        }
        self.watches.register(id, request, outcome.result.is_ok());
        match request {
            Request::Write(op) => {
                if outcome.result.is_err() {
                    unchanged(&self.engine)?;
                    prop_assert!(outcome.events.is_empty());
                    prop_assert_eq!(outcome.txn.as_ref().and_then(|t| t.error), outcome.result.clone().err());
                    prop_assert!(watch_view(&self.engine) == watches_before, "a failed write changed the watches");
                }
                self.track(
                    op,
                    outcome.result.as_ref().ok().map(|r| match r {
                        Response::Created(p) => OpResult::Created(p.clone()),
                        Response::Deleted => OpResult::Deleted,
                        _ => OpResult::Checked,
                    }),
                )?;
            }
            Request::Multi(ops) => {
                let failed = check_multi_shape(ops, &outcome)?;
                if failed {
                    unchanged(&self.engine)?;
                    prop_assert!(watch_view(&self.engine) == watches_before, "a failed multi changed the watches");
                } else if let Ok(Response::Multi(results)) = &outcome.result {
                    for (op, result) in ops.iter().zip(results) {
                        self.track(op, Some(result.clone()))?;
                    }
                }
            }
            Request::SetAcl { .. } | Request::Reconfig if outcome.result.is_err() => unchanged(&self.engine)?,
            _ => {}
        }
        Ok(())
    }

    /// Sequential names and parent deletions, in op order.
    fn track(&mut self, op: &Op, result: Option<OpResult>) -> Result<(), TestCaseError> {
        match (op, result) {
            (Op::Create { mode, .. }, Some(OpResult::Created(path))) if mode.sequential => {
                // Keyed by path alone: every deletion is seen here or in advance().
                self.seq.produced(&path, 0)?;
            }
            (Op::Delete { path, .. }, Some(OpResult::Deleted)) => self.seq.parent_deleted(path),
            _ => {}
        }
        Ok(())
    }
}

fn server_config() -> BoxedStrategy<ServerConfig> {
    (select(vec![1u8, 3]), select(vec![1_000i64, 60_000]), any::<bool>())
        .prop_map(|(servers, container_check_ms, extended_types)| ServerConfig {
            servers,
            tick_ms: 2_000,
            container_check_ms,
            extended_types,
        })
        .boxed()
}

proptest! {
    #![proptest_config(config(256))]

    /// Random requests from several sessions, closes, dead clients, expiry, server stops.
    #[test]
    fn engine_fuzz(config in server_config(), steps in e_steps(60)) {
        let mut world = EngineWorld::new(config);
        for step in &steps {
            world.step(step)?;
        }
    }

    /// A multi with an error leaves tree, sessions and watches exactly as they were; only the
    /// zxid moves, by one.
    #[test]
    fn failed_multi_changes_nothing_but_the_zxid(
        extended in any::<bool>(),
        setup in vec((0..2usize, e_op()), 0..30),
        watches in vec((0..2usize, e_path()), 0..4),
        ops in vec(e_op(), 1..8),
        fail_at_end in any::<bool>(),
    ) {
        let config = ServerConfig { extended_types: extended, ..ServerConfig::standalone() };
        let mut engine = Engine::new(config, 0);
        let sessions = [engine.create_session(30_000, 0, 0).0, engine.create_session(30_000, 0, 0).0];
        // Setup: mostly the creates succeed, so the multi has something to break.
        let creates = E_PATHS.iter().take(12).map(|p| Op::Create {
            path: p.to_string(),
            data: None,
            acl: Acl::open_unsafe().into(),
            mode: CreateMode { ephemeral: p.starts_with("/e"), ..CreateMode::default() },
        });
        for (i, op) in creates.enumerate() {
            engine.apply(sessions[i % 2], Request::Write(op), 1);
        }
        for (s, op) in setup {
            engine.apply(sessions[s], Request::Write(op), 2);
        }
        for (s, path) in watches {
            engine.apply(sessions[s], Request::Exists { path: path.clone(), watch: true }, 3);
            engine.apply(sessions[s], Request::GetChildren { path, watch: true }, 3);
        }
        let mut ops = ops;
        if fail_at_end {
            ops.push(Op::Check { path: "/nope".into(), version: -1 });
        }
        let tree = tree_view(&engine);
        let sessions_before = session_view(&engine);
        let watches_before = watch_view(&engine);
        let zxid = engine.last_zxid();
        let outcome = engine.apply(sessions[0], Request::Multi(ops.clone()), 4);
        prop_assert_eq!(engine.last_zxid(), zxid + 1);
        let failed = check_multi_shape(&ops, &outcome)?;
        prop_assert!(failed || !fail_at_end);
        if failed {
            prop_assert!(tree_view(&engine) == tree, "a failed multi changed the tree");
            prop_assert_eq!(session_view(&engine), sessions_before);
            prop_assert!(watch_view(&engine) == watches_before, "a failed multi changed the watches");
        }
        check_engine(&engine)?;
    }
}
