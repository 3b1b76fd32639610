//! The engine benchmark's workload, shared by the native runner (`zkplay-bench`) and the wasm
//! one (a browser test), so both measure the same operations. Timing is the caller's business:
//! this module reads no clock.

use crate::engine::acl::Acl;
use crate::engine::tree::AclList;
use crate::engine::watch::SessionId;
use crate::engine::{CreateMode, Engine, Op, Request, Response, ServerConfig};

/// Sessions that share the work, as in the issue: 10 clients.
pub const SESSIONS: usize = 10;

/// Node `k` (k ≥ 1) of the prepared tree: `/bench/1/2/3` for k = 123. Parents have up to 10
/// children (a balanced tree of depth log10 n), so the cost of an operation shows how it grows
/// with the tree, not with one wide parent.
fn node_path(k: usize) -> String {
    node_path_with(k, None)
}

/// The decimal digits of `n`, most significant first, at the end of a buffer: (buffer, start).
fn digits(n: u64) -> ([u8; 20], usize) {
    let mut digits = [b'0'; 20];
    let at = crate::engine::path::write_digits(n, &mut digits);
    (digits, at)
}

/// [`node_path`], or with `/new{n}-` appended for `child = Some(n)` (the name the mix gives its
/// `n`th create). The timed loop makes its paths with this: bytes written on the stack, then one
/// allocation, which becomes the request's own path (as a client's request owns its path).
fn node_path_with(k: usize, child: Option<u64>) -> String {
    let mut bytes = [0u8; 6 + 2 * 20 + 4 + 20 + 1];
    bytes[..6].copy_from_slice(b"/bench");
    let mut len = 6;
    let (k_digits, at) = digits(k as u64);
    for (pair, &d) in bytes[6..].chunks_exact_mut(2).zip(&k_digits[at..]) {
        pair.copy_from_slice(&[b'/', d]);
        len += 2;
    }
    if let Some(n) = child {
        let (n_digits, at) = digits(n);
        let name = &n_digits[at..];
        if let Some(tail) = bytes.get_mut(len..len + 4 + name.len() + 1) {
            tail[..4].copy_from_slice(b"/new");
            tail[4..4 + name.len()].copy_from_slice(name);
            tail[4 + name.len()] = b'-';
            len += tail.len();
        }
    }
    String::from_utf8(bytes[..len].to_vec()).unwrap_or_default()
}

/// One kind of request of the mix, timed alone with [`Bench::run_kind`]: how each kind's cost
/// grows with the tree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RequestKind {
    /// `get -w`: a read that registers a data watch.
    GetWatched,
    /// `set`, firing the data watches there.
    Set,
    /// `ls -w`: children, registering a child watch.
    LsWatched,
    /// `stat`: an exists without a watch.
    Exists,
    /// A create, then a delete of the oldest node created, in turn: the tree keeps its size.
    CreateThenDelete,
}

impl RequestKind {
    pub const ALL: [RequestKind; 5] = [
        RequestKind::GetWatched,
        RequestKind::Set,
        RequestKind::LsWatched,
        RequestKind::Exists,
        RequestKind::CreateThenDelete,
    ];

    /// The column heading.
    pub fn name(self) -> &'static str {
        match self {
            RequestKind::GetWatched => "get -w",
            RequestKind::Set => "set",
            RequestKind::LsWatched => "ls -w",
            RequestKind::Exists => "stat",
            RequestKind::CreateThenDelete => "create/delete",
        }
    }
}

/// An engine with `size` znodes under `/bench`, and the sessions that work on it.
pub struct Bench {
    pub engine: Engine,
    pub sessions: Vec<SessionId>,
    size: usize,
    step: u64,
    now: i64,
    next_name: u64,
    /// Nodes the mix created and has not deleted yet, oldest first: deletes take these, so the
    /// tree keeps its size and shape while the mix runs.
    created: std::collections::VecDeque<String>,
    /// The ACL of the mix's creates (`world:anyone`, all permissions).
    acl: AclList,
    /// The one kind of request [`Bench::run_kind`] is timing (`None`: the mix).
    only: Option<RequestKind>,
}

/// Requests built ahead of each timed stretch of [`Bench::run_mix`]: enough that the clock is
/// read rarely (a browser's `performance.now()` may be coarsened to 0.1 ms), few enough that
/// the batch stays small beside the tree (about 0.2 MB).
pub const BATCH: usize = 2048;

/// A small deterministic generator (xorshift), so every run does the same operations.
fn next_random(state: &mut u64) -> u64 {
    let mut x = *state;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    *state = x;
    x
}

impl Bench {
    /// Builds the tree: `/bench`, then nodes 1 ‥ size-1 as a balanced tree (see [`node_path`]).
    pub fn prepare(size: usize) -> Bench {
        let mut engine = Engine::new(ServerConfig::standalone(), 0);
        let sessions: Vec<SessionId> = (0..SESSIONS).map(|i| engine.create_session(30_000, i, 0).0).collect();
        let s = sessions[0];
        let create = |engine: &mut Engine, path: String| {
            let op = Op::Create {
                path,
                data: Some(b"v".to_vec()),
                acl: Acl::open_unsafe().into(),
                mode: CreateMode::default(),
            };
            engine.apply(s, Request::Write(op), 0);
        };
        create(&mut engine, "/bench".to_string());
        for k in 1..size.max(2) {
            create(&mut engine, node_path(k));
        }
        Bench {
            engine,
            sessions,
            size,
            step: 0x9e37_79b9_7f4a_7c15,
            now: 0,
            next_name: 0,
            created: std::collections::VecDeque::new(),
            acl: Acl::open_unsafe().into(),
            only: None,
        }
    }

    /// Nodes in the tree (besides `/zookeeper`'s).
    pub fn size(&self) -> usize {
        self.size
    }

    /// Runs `count` operations of the mix: creates (persistent, ephemeral, sequential), get
    /// with a data watch, set (firing those watches), ls with a child watch, exists, delete.
    /// Returns the time `clock` measured while the engine applied them.
    ///
    /// The requests are built in batches of [`BATCH`] before the clock starts, as criterion's
    /// `iter_batched` does: the figure is the engine's (taking a request, answering it, dropping
    /// both), not the time this harness spends formatting paths. Outcomes are dropped inside the
    /// timed part: freeing what a request and its reply hold is the engine's cost.
    pub fn run_mix(&mut self, count: usize, mut clock: impl FnMut() -> f64) -> f64 {
        let mut batch = Vec::with_capacity(BATCH.min(count));
        let mut elapsed = 0.0;
        let mut left = count;
        while left > 0 {
            let n = left.min(BATCH);
            left -= n;
            batch.extend((0..n).map(|_| self.next_request()));
            let start = clock();
            for (session, request, now) in batch.drain(..) {
                let outcome = self.engine.apply(session, request, now);
                if let Ok(Response::Created(path)) = outcome.result {
                    self.created.push_back(path);
                }
            }
            elapsed += clock() - start;
        }
        elapsed
    }

    /// Runs `count` requests of one kind (see [`RequestKind`]) as [`Bench::run_mix`] runs the
    /// mix; returns the time `clock` measured.
    pub fn run_kind(&mut self, kind: RequestKind, count: usize, clock: impl FnMut() -> f64) -> f64 {
        self.only = Some(kind);
        let elapsed = self.run_mix(count, clock);
        self.only = None;
        elapsed
    }

    /// The mix's next request: its session, the request and the time it arrives. Never inlined,
    /// so that a profiler can leave it out of [`Bench::run_mix`]'s timed work by its name.
    #[inline(never)]
    fn next_request(&mut self) -> (SessionId, Request, i64) {
        let existing = self.size.max(2) - 1;
        let r = next_random(&mut self.step);
        let session = self.sessions[(r % SESSIONS as u64) as usize];
        let k = 1 + (r >> 8) as usize % existing;
        self.now += 1;
        let pick = match self.only {
            None => (r >> 40) % 10,
            Some(RequestKind::GetWatched) => 2,
            Some(RequestKind::Set) => 5,
            Some(RequestKind::LsWatched) => 7,
            Some(RequestKind::Exists) => 8,
            // Deletes take nodes an earlier batch created: until there are some, only creates.
            Some(RequestKind::CreateThenDelete) if self.now % 2 == 1 && !self.created.is_empty() => 9,
            Some(RequestKind::CreateThenDelete) => 0,
        };
        let request = match pick {
            0 | 1 => {
                self.next_name += 1;
                let mode = match self.next_name % 3 {
                    0 => CreateMode::default(),
                    1 => CreateMode { ephemeral: true, ..CreateMode::default() },
                    _ => CreateMode { sequential: true, ..CreateMode::default() },
                };
                let path = node_path_with(k, Some(self.next_name));
                Request::Write(Op::Create { path, data: Some(b"x".to_vec()), acl: self.acl.clone(), mode })
            }
            2..=4 => Request::GetData { path: node_path(k), watch: true },
            5 | 6 => Request::Write(Op::SetData { path: node_path(k), data: b"y".to_vec(), version: -1 }),
            7 => Request::GetChildren { path: node_path(k), watch: true },
            8 => Request::Exists { path: node_path(k), watch: false },
            // A node an earlier batch created (or, before any, one that has children: NotEmpty).
            _ => {
                let path = self.created.pop_front().unwrap_or_else(|| node_path(k));
                Request::Write(Op::Delete { path, version: -1 })
            }
        };
        (session, request, self.now)
    }

    /// A session with `count` ephemerals whose client dies: the returned closure-free step
    /// is the expiry itself (call [`Bench::expire`] to run it).
    pub fn prepare_expiry(&mut self, count: usize) -> SessionId {
        let (session, _, _) = self.engine.create_session(4_000, 0, self.now);
        for i in 0..count {
            let path = format!("{}/eph{i}", node_path(1 + i % 100));
            let op = Op::Create {
                path,
                data: None,
                acl: Acl::open_unsafe().into(),
                mode: CreateMode { ephemeral: true, ..CreateMode::default() },
            };
            self.engine.apply(session, Request::Write(op), self.now);
        }
        self.engine.client_gone(session, self.now);
        session
    }

    /// Lets the session from [`Bench::prepare_expiry`] expire; returns the nodes deleted.
    pub fn expire(&mut self, session: SessionId) -> usize {
        let before = self.engine.tree().len();
        let deadline = self.engine.expiry_of(session).unwrap_or(self.now);
        self.now = self.now.max(deadline);
        self.engine.advance(self.now);
        before.saturating_sub(self.engine.tree().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_workload_builds_its_tree_and_runs() {
        let mut bench = Bench::prepare(1_000);
        assert_eq!(bench.engine.tree().len(), 1_000 + 4);
        let mut ticks = 0.0;
        let elapsed = bench.run_mix(5_000, || {
            ticks += 1.0;
            ticks
        });
        // The clock is read around each batch: 3 batches, 1 tick each.
        assert_eq!(elapsed, 3.0);
        // Creates are a fifth of the mix and deletes a tenth: the tree grew.
        assert!(bench.engine.tree().len() > 1_004 + 300, "{}", bench.engine.tree().len());
        let session = bench.prepare_expiry(100);
        assert_eq!(bench.expire(session), 100);
    }

    #[test]
    fn each_kind_runs_alone() {
        let mut bench = Bench::prepare(1_000);
        let size = bench.engine.tree().len();
        let zxid = bench.engine.last_zxid();
        for kind in [RequestKind::GetWatched, RequestKind::LsWatched, RequestKind::Exists] {
            bench.run_kind(kind, 3_000, || 0.0);
        }
        // Reads only: no transaction, the same tree, and watches registered.
        assert_eq!((bench.engine.tree().len(), bench.engine.last_zxid()), (size, zxid));
        let (data, child) = bench.engine.watches();
        let registrations = data.iter().count() + child.iter().count();
        assert!(registrations > 1_000, "{registrations} registrations");
        bench.run_kind(RequestKind::Set, 1_000, || 0.0);
        assert_eq!(bench.engine.last_zxid(), zxid + 1_000);
        // Creates and deletes in turn: the tree grows by one batch of creates, then keeps its size.
        bench.run_kind(RequestKind::CreateThenDelete, 10_000, || 0.0);
        let grown = bench.engine.tree().len().abs_diff(size);
        assert!(grown <= BATCH + 1, "{grown} more nodes");
        assert_eq!(bench.engine.last_zxid(), zxid + 11_000);
    }
}
