//! The coordination engine: a pure, deterministic model of a ZooKeeper 3.8 service.
//!
//! Sans-IO like quinn-proto and raft-rs: every call takes the virtual time `now` (milliseconds
//! since the Unix epoch) as an argument, and every effect comes back as a value — a result and
//! the watch notifications it caused ([`Outcome`]). Nothing here reads a clock or does I/O.
//!
//! The whole API in one place:
//! - [`Engine::new`] a fresh service (standalone or ensemble: [`ServerConfig`]);
//! - [`Engine::create_session`], [`Engine::close_session`], [`Engine::client_gone`] sessions;
//! - [`Engine::apply`] every client request ([`Request`]), writes, reads and `multi`;
//! - [`Engine::advance`] lets time pass: sessions of dead clients expire, containers are reaped;
//!   [`Engine::next_deadline`] tells when that will next happen;
//! - read-only views ([`Engine::tree`], [`Engine::sessions`], [`Engine::watches`]) for the UI.

pub mod acl;
mod bytes;
pub mod children;
mod node_table;
pub mod path;
pub mod session;
pub mod tree;
pub mod watch;
pub mod zxid;

use std::rc::Rc;

use crate::vec_map::VecMap;

use acl::{Acl, Id};
use children::ChildNames;
use session::{JavaHashSet, Session};
use tree::{AclList, DataTree, DeleteFired, NodeData, NodeKind, Stat, TtlMs, Znode};
use watch::{AddWatchMode, EventType, SessionId, Table, WatchEvent, WatchMode, WatchTable, WatcherType};
use zxid::{make_zxid, Zxid};

/// How the simulated service is set up.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ServerConfig {
    /// Number of servers: 1 is standalone (epoch 0), more is an ensemble (epoch 1).
    pub servers: u8,
    pub tick_ms: i64,
    /// `znode.container.checkIntervalMs`.
    pub container_check_ms: i64,
    /// `zookeeper.extendedTypesEnabled`: TTL nodes are refused without it.
    pub extended_types: bool,
}

impl ServerConfig {
    pub fn standalone() -> Self {
        ServerConfig { servers: 1, tick_ms: 2000, container_check_ms: 60_000, extended_types: false }
    }

    pub fn ensemble(servers: u8) -> Self {
        ServerConfig { servers: servers.max(2), ..Self::standalone() }
    }

    /// A connect string with several hosts is taken as an ensemble of that many servers.
    pub fn from_connect_string(connect: &str) -> Self {
        let hosts = connect.split(',').filter(|h| !h.trim().is_empty()).count();
        if hosts > 1 {
            Self::ensemble(hosts.min(255) as u8)
        } else {
            Self::standalone()
        }
    }

    pub fn epoch(&self) -> u32 {
        if self.servers > 1 {
            1
        } else {
            0
        }
    }
}

/// zkCli's `create` flags, as the server receives them.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CreateMode {
    pub ephemeral: bool,
    pub sequential: bool,
    pub container: bool,
    pub ttl: Option<i64>,
}

/// A write that can stand alone or inside `multi`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Op {
    Create {
        path: String,
        data: Option<Vec<u8>>,
        /// Shared: a client that creates many nodes with one ACL sends the same list each time.
        acl: AclList,
        mode: CreateMode,
    },
    Delete {
        path: String,
        version: i32,
    },
    SetData {
        path: String,
        data: Vec<u8>,
        version: i32,
    },
    Check {
        path: String,
        version: i32,
    },
}

/// A client request. Paths are already validated by the client (see [`path::validate_path`]).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Write(Op),
    SetAcl {
        path: String,
        acl: Vec<Acl>,
        version: i32,
    },
    Multi(Vec<Op>),
    GetData {
        path: String,
        watch: bool,
    },
    Exists {
        path: String,
        watch: bool,
    },
    GetChildren {
        path: String,
        watch: bool,
    },
    GetAcl {
        path: String,
    },
    GetAllChildrenNumber {
        path: String,
    },
    GetEphemerals {
        prefix: String,
    },
    Sync {
        path: String,
    },
    AddWatch {
        path: String,
        mode: AddWatchMode,
    },
    RemoveWatches {
        path: String,
        which: WatcherType,
    },
    AddAuth {
        scheme: String,
        auth: String,
    },
    WhoAmI,
    GetConfig {
        watch: bool,
    },
    /// Dynamic reconfiguration; these servers run with it disabled.
    Reconfig,
}

impl Request {
    /// Whether the request may leave a watch registration behind.
    fn registers_watch(&self) -> bool {
        match self {
            Request::GetData { watch, .. }
            | Request::Exists { watch, .. }
            | Request::GetChildren { watch, .. }
            | Request::GetConfig { watch } => *watch,
            Request::AddWatch { .. } => true,
            _ => false,
        }
    }
}

/// ZooKeeper's error codes, as far as this service produces them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ZkError {
    NoNode,
    NodeExists,
    NotEmpty,
    BadVersion,
    NoAuth,
    InvalidAcl,
    BadArguments,
    NoChildrenForEphemerals,
    Unimplemented,
    NoWatcher,
    SessionExpired,
    AuthFailed,
    RuntimeInconsistency,
    ConnectionLoss,
    ReconfigDisabled,
}

impl ZkError {
    /// `KeeperException.Code`'s message (`KeeperErrorCode = <this>`).
    pub fn code_message(self) -> &'static str {
        match self {
            ZkError::NoNode => "NoNode",
            ZkError::NodeExists => "NodeExists",
            ZkError::NotEmpty => "Directory not empty",
            ZkError::BadVersion => "BadVersion",
            ZkError::NoAuth => "NoAuth",
            ZkError::InvalidAcl => "InvalidACL",
            ZkError::BadArguments => "BadArguments",
            ZkError::NoChildrenForEphemerals => "NoChildrenForEphemerals",
            ZkError::Unimplemented => "Unimplemented",
            ZkError::NoWatcher => "No such watcher",
            ZkError::SessionExpired => "Session expired",
            ZkError::AuthFailed => "AuthFailed",
            ZkError::RuntimeInconsistency => "RuntimeInconsistency",
            ZkError::ConnectionLoss => "ConnectionLoss",
            ZkError::ReconfigDisabled => "Reconfig is disabled",
        }
    }
}

/// The result of one op inside `multi`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OpResult {
    Created(String),
    Deleted,
    SetData(Stat),
    Checked,
    /// Not applied because another op of the multi failed.
    RolledBack,
    Error(ZkError),
}

/// A successful reply.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Response {
    Created(String),
    Deleted,
    Stat(Stat),
    /// The node's data as it holds it (small data is copied without an allocation).
    Data {
        data: NodeData,
        stat: Stat,
    },
    /// The names in one piece (two allocations for any number of children).
    Children {
        children: ChildNames,
        stat: Stat,
    },
    Acl {
        acl: Vec<Acl>,
        stat: Stat,
    },
    Count(usize),
    Paths(Vec<String>),
    Multi(Vec<OpResult>),
    Auth(Vec<Id>),
    Done,
}

/// A committed or failed transaction, for the event log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Txn {
    pub zxid: Zxid,
    pub session: SessionId,
    pub time: i64,
    pub kind: TxnKind,
    pub path: String,
    pub error: Option<ZkError>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TxnKind {
    CreateSession,
    CloseSession,
    ExpireSession,
    Create,
    Delete,
    SetData,
    SetAcl,
    Check,
    Multi,
    DeleteContainer,
    Reconfig,
}

/// What a request produced.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub result: Result<Response, ZkError>,
    /// Notifications to sessions, in the order the server sends them.
    pub events: Vec<WatchEvent>,
    /// The transaction, for writes (also failed ones: each write uses a zxid).
    pub txn: Option<Txn>,
}

/// Something time did on its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Timed {
    pub txn: Txn,
    pub events: Vec<WatchEvent>,
}

/// A committed change to a path: which watches it fires.
#[derive(Clone, Copy)]
enum Change {
    Created,
    Deleted,
    DataChanged,
}

/// What a successful write op leaves besides its change. A single write fires its watches at
/// once, on the nodes it holds (no second lookup); an op of a multi records how to undo it, and
/// the multi fires its watches by path once all its ops are in.
enum Effects<'a> {
    Fire(&'a mut Vec<WatchEvent>),
    Undo(&'a mut Vec<Undo>),
}

/// What one write op did.
enum Applied {
    Created,
    Deleted,
    SetData(Stat),
    Checked,
}

impl Applied {
    fn trigger(&self) -> Option<Change> {
        match self {
            Applied::Created => Some(Change::Created),
            Applied::Deleted => Some(Change::Deleted),
            Applied::SetData(_) => Some(Change::DataChanged),
            Applied::Checked => None,
        }
    }
}

/// Undo records for a failed multi.
enum Undo {
    /// A node was created: remove it, and put back the parent's counters.
    Created {
        path: String,
        parent: String,
        parent_cversion: i32,
        parent_pzxid: Zxid,
    },
    /// A node was deleted: put it back, with the parent's pzxid.
    Deleted {
        path: String,
        node: Box<Znode>,
        parent: String,
        parent_pzxid: Zxid,
    },
    /// A node's data was set: put back what it was.
    DataSet {
        path: String,
        data: NodeData,
        version: i32,
        mzxid: Zxid,
        mtime: i64,
    },
    EphemeralAdded(SessionId, String),
    /// The session's ephemeral was removed from this place in its set.
    EphemeralRemoved(SessionId, String, u64),
}

/// The service: data tree, sessions, watches and the zxid counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Engine {
    config: ServerConfig,
    tree: DataTree,
    counter: u32,
    sessions: VecMap<SessionId, Session>,
    start_ms: i64,
    now_ms: i64,
    /// Next session id per server (index = myid - 1).
    next_session: Vec<i64>,
    next_container_check_ms: i64,
    /// The current epoch: 0 standalone, 1 for a fresh ensemble, +1 per leader election.
    epoch: u32,
    /// Which servers run (index = myid - 1).
    servers_up: Vec<bool>,
    /// The ensemble's leader (the highest server id that was up at the election).
    leader: usize,
}

/// What stopping or starting a server did to the service.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ServerChange {
    /// Every client lost its connection (the leader went away, or the quorum, or the only server).
    pub all_disconnected: bool,
}

impl Engine {
    pub fn new(config: ServerConfig, now_ms: i64) -> Self {
        // Session ids look like SessionTrackerImpl's: myid in the top byte, the server's uptime
        // in milliseconds shifted left 16 bits, then a counter.
        let next_session = (1..=config.servers as i64)
            .map(|myid| (myid << 56) | ((0x30_4920 + myid * 0x1733 + (now_ms & 0xffff)) << 16))
            .collect();
        Engine {
            next_container_check_ms: now_ms.saturating_add(config.container_check_ms),
            tree: DataTree::with_ensemble_config(config.servers),
            counter: 0,
            sessions: VecMap::new(),
            start_ms: now_ms,
            now_ms,
            next_session,
            epoch: config.epoch(),
            servers_up: vec![true; usize::from(config.servers.max(1))],
            leader: usize::from(config.servers.max(1)) - 1,
            config,
        }
    }

    pub fn config(&self) -> &ServerConfig {
        &self.config
    }

    pub fn tree(&self) -> &DataTree {
        &self.tree
    }

    pub fn sessions(&self) -> &VecMap<SessionId, Session> {
        &self.sessions
    }

    pub fn session(&self, id: SessionId) -> Option<&Session> {
        self.sessions.get(&id)
    }

    /// The server's two watch tables: (data/exists watches, child watches).
    pub fn watches(&self) -> (WatchTable<'_>, WatchTable<'_>) {
        (WatchTable::new(&self.tree, Table::Data), WatchTable::new(&self.tree, Table::Child))
    }

    /// The last zxid used.
    pub fn last_zxid(&self) -> Zxid {
        make_zxid(self.epoch, self.counter)
    }

    /// Whether a majority of the servers runs (a standalone server: whether it runs).
    pub fn has_quorum(&self) -> bool {
        let up = self.servers_up.iter().filter(|u| **u).count();
        up * 2 > self.servers_up.len()
    }

    /// Whether clients can talk to server `index` now.
    pub fn serving(&self, index: usize) -> bool {
        self.servers_up.get(index).copied().unwrap_or(false) && self.has_quorum()
    }

    pub fn server_count(&self) -> usize {
        self.servers_up.len()
    }

    pub fn leader(&self) -> usize {
        self.leader
    }

    /// A server process stops. Losing the leader starts an election (a new epoch, zxid counter
    /// from 0); losing the quorum stops the service until enough servers are back.
    pub fn stop_server(&mut self, index: usize, now_ms: i64) -> ServerChange {
        self.now_ms = self.now_ms.max(now_ms);
        let Some(up) = self.servers_up.get_mut(index) else {
            return ServerChange { all_disconnected: false };
        };
        if !*up {
            return ServerChange { all_disconnected: false };
        }
        *up = false;
        let lost_leader = index == self.leader || self.servers_up.len() == 1;
        if lost_leader && self.has_quorum() {
            self.elect();
        }
        ServerChange { all_disconnected: lost_leader || !self.has_quorum() }
    }

    /// A server process starts again; with the quorum back, an election happens.
    pub fn start_server(&mut self, index: usize, now_ms: i64) -> ServerChange {
        self.now_ms = self.now_ms.max(now_ms);
        let had_quorum = self.has_quorum();
        if let Some(up) = self.servers_up.get_mut(index) {
            *up = true;
        }
        if !had_quorum && self.has_quorum() {
            if self.servers_up.len() > 1 {
                self.elect();
            }
            // The restored service tracks every session afresh from now.
            for s in self.sessions.values_mut() {
                s.last_heard_ms = s.last_heard_ms.max(self.now_ms);
            }
        }
        ServerChange { all_disconnected: false }
    }

    fn elect(&mut self) {
        self.leader = self.servers_up.iter().rposition(|u| *u).unwrap_or(0);
        self.epoch = self.epoch.wrapping_add(1);
        self.counter = 0;
    }

    pub fn now(&self) -> i64 {
        self.now_ms
    }

    fn next_zxid(&mut self) -> Zxid {
        self.counter = self.counter.wrapping_add(1);
        self.last_zxid()
    }

    fn txn(&self, zxid: Zxid, session: SessionId, kind: TxnKind, path: &str, error: Option<ZkError>) -> Txn {
        self.txn_owned(zxid, session, kind, path.to_string(), error)
    }

    fn txn_owned(&self, zxid: Zxid, session: SessionId, kind: TxnKind, path: String, error: Option<ZkError>) -> Txn {
        Txn { zxid, session, time: self.now_ms, kind, path, error }
    }

    /// Opens a session on server `server` (0-based): one transaction. Returns the session id and
    /// the negotiated timeout.
    pub fn create_session(&mut self, requested_timeout_ms: i64, server: usize, now_ms: i64) -> (SessionId, i64, Txn) {
        self.now_ms = self.now_ms.max(now_ms);
        let slot = server % self.next_session.len().max(1);
        let id = self.next_session.get(slot).copied().unwrap_or(1 << 56);
        if let Some(next) = self.next_session.get_mut(slot) {
            *next += 1;
        }
        let timeout_ms = session::negotiate_timeout(requested_timeout_ms, self.config.tick_ms);
        self.sessions.insert(
            id,
            Session {
                id,
                timeout_ms,
                last_heard_ms: self.now_ms,
                client_alive: true,
                auth: Rc::from([Id::new("ip", "127.0.0.1")]),
                ephemerals: JavaHashSet::default(),
                watched: false,
            },
        );
        let zxid = self.next_zxid();
        (id, timeout_ms, self.txn(zxid, id, TxnKind::CreateSession, "", None))
    }

    /// The client closes its session (`quit`, `close`): one transaction that deletes its
    /// ephemerals and fires their watches.
    pub fn close_session(&mut self, session: SessionId, now_ms: i64) -> Option<Timed> {
        self.now_ms = self.now_ms.max(now_ms);
        self.end_session(session, TxnKind::CloseSession)
    }

    /// The client process died at `now_ms` without closing: the session lives on until it
    /// expires. `last_heard_ms` is the last request or ping the server got from it.
    pub fn client_gone(&mut self, session: SessionId, last_heard_ms: i64) {
        if let Some(s) = self.sessions.get_mut(&session) {
            s.client_alive = false;
            s.last_heard_ms = last_heard_ms;
        }
    }

    /// When the given session will expire, if its client is gone.
    pub fn expiry_of(&self, session: SessionId) -> Option<i64> {
        let s = self.sessions.get(&session)?;
        (!s.client_alive).then(|| s.expiry_at(self.start_ms, self.config.tick_ms))
    }

    /// The next moment at which [`Engine::advance`] has something to do.
    pub fn next_deadline(&self) -> i64 {
        if !self.has_quorum() {
            return i64::MAX;
        }
        let expiry = self.sessions.keys().filter_map(|id| self.expiry_of(*id)).min();
        expiry.map_or(self.next_container_check_ms, |e| e.min(self.next_container_check_ms))
    }

    /// Virtual time moves to `now_ms`; returns what happened on the way, in order.
    pub fn advance(&mut self, now_ms: i64) -> Vec<Timed> {
        let mut out = Vec::new();
        loop {
            let deadline = self.next_deadline();
            if deadline > now_ms {
                break;
            }
            self.now_ms = self.now_ms.max(deadline);
            let due: Vec<SessionId> =
                self.sessions.keys().copied().filter(|id| self.expiry_of(*id).is_some_and(|e| e <= deadline)).collect();
            if due.is_empty() {
                out.extend(self.reap_containers());
                self.next_container_check_ms =
                    self.next_container_check_ms.saturating_add(self.config.container_check_ms.max(1));
            } else {
                for id in due {
                    out.extend(self.end_session(id, TxnKind::ExpireSession));
                }
            }
        }
        self.now_ms = self.now_ms.max(now_ms);
        out
    }

    /// Deletes empty containers that once had children (`ContainerManager`), one txn each.
    fn reap_containers(&mut self) -> Vec<Timed> {
        if !self.tree.has_containers() {
            return Vec::new();
        }
        let mut candidates: Vec<String> = self
            .tree
            .iter()
            .filter(|(_, n)| n.kind == NodeKind::Container && n.children.is_empty() && n.cversion > 0)
            .map(|(p, _)| p.to_string())
            .collect();
        crate::sorting::sort(&mut candidates);
        let mut out = Vec::new();
        for path in candidates {
            let zxid = self.next_zxid();
            self.tree.remove(&path, zxid);
            let mut events = Vec::new();
            self.fire_one(Some(Change::Deleted), &path, &mut events);
            out.push(Timed { txn: self.txn_owned(zxid, 0, TxnKind::DeleteContainer, path, None), events });
        }
        out
    }

    fn end_session(&mut self, session: SessionId, kind: TxnKind) -> Option<Timed> {
        let s = self.sessions.get(&session)?;
        let paths = s.ephemerals.clone_order();
        let watched = s.watched;
        let zxid = self.next_zxid();
        let mut triggers = Vec::new();
        for path in paths {
            if self.tree.remove(&path, zxid).is_some() {
                triggers.push((Change::Deleted, path));
            }
        }
        self.refresh_quota_stats();
        let events = self.fire(triggers);
        self.sessions.remove(&session);
        if watched {
            self.tree.remove_session_watches(session);
        }
        Some(Timed { txn: self.txn(zxid, session, kind, "", None), events })
    }

    /// Runs a client request. The session must exist; a request from an unknown session gets
    /// `SessionExpired`.
    pub fn apply(&mut self, session: SessionId, request: Request, now_ms: i64) -> Outcome {
        self.now_ms = self.now_ms.max(now_ms);
        let Some(s) = self.sessions.get_mut(&session) else {
            return Outcome { result: Err(ZkError::SessionExpired), events: Vec::new(), txn: None };
        };
        s.last_heard_ms = self.now_ms;
        s.watched |= request.registers_watch();
        if matches!(request, Request::AddAuth { .. } | Request::WhoAmI) {
            // These work on the session's ids themselves.
            return Outcome { result: self.read(session, &[], request), events: Vec::new(), txn: None };
        }
        // The caller's ids, shared with the session (no copy, no second lookup).
        let auth = Rc::clone(&s.auth);
        match request {
            Request::Write(op) => self.write(session, &auth, op),
            Request::Multi(ops) => self.multi(session, &auth, ops),
            Request::SetAcl { path, acl, version } => self.set_acl(session, &auth, &path, &acl, version),
            Request::Reconfig => {
                // Refused in PrepRequestProcessor after the zxid was assigned.
                let zxid = self.next_zxid();
                let error = Some(ZkError::ReconfigDisabled);
                let txn = self.txn(zxid, session, TxnKind::Reconfig, "", error);
                Outcome { result: Err(ZkError::ReconfigDisabled), events: Vec::new(), txn: Some(txn) }
            }
            read => Outcome { result: self.read(session, &auth, read), events: Vec::new(), txn: None },
        }
    }

    fn write(&mut self, session: SessionId, auth: &[Id], op: Op) -> Outcome {
        let zxid = self.next_zxid();
        let kind = match &op {
            Op::Create { .. } => TxnKind::Create,
            Op::Delete { .. } => TxnKind::Delete,
            Op::SetData { .. } => TxnKind::SetData,
            Op::Check { .. } => TxnKind::Check,
        };
        // A single op fails only before it changes anything, so it keeps no undo records; it fires
        // its watches as it goes, on the nodes it holds.
        let mut events = Vec::new();
        match self.apply_op(session, auth, op, zxid, Effects::Fire(&mut events)) {
            Ok((applied, path)) => {
                self.refresh_quota_stats();
                let response = match applied {
                    Applied::Created => Response::Created(path.clone()),
                    Applied::SetData(stat) => Response::Stat(stat),
                    Applied::Deleted | Applied::Checked => Response::Deleted,
                };
                Outcome { result: Ok(response), events, txn: Some(self.txn_owned(zxid, session, kind, path, None)) }
            }
            Err((e, path)) => Outcome {
                result: Err(e),
                events: Vec::new(),
                txn: Some(self.txn_owned(zxid, session, kind, path, Some(e))),
            },
        }
    }

    fn multi(&mut self, session: SessionId, auth: &[Id], ops: Vec<Op>) -> Outcome {
        let zxid = self.next_zxid();
        let total = ops.len();
        let first_path = ops.first().map(op_path).unwrap_or_default();
        let mut undo = Vec::new();
        let mut triggers = Vec::new();
        let mut results = Vec::new();
        let mut failure = None;
        for op in ops {
            match self.apply_op(session, auth, op, zxid, Effects::Undo(&mut undo)) {
                Ok((applied, path)) => {
                    results.push(match applied {
                        Applied::Created => OpResult::Created(path.clone()),
                        Applied::Deleted => OpResult::Deleted,
                        Applied::SetData(stat) => OpResult::SetData(stat),
                        Applied::Checked => OpResult::Checked,
                    });
                    if let Some(kind) = applied.trigger() {
                        triggers.push((kind, path));
                    }
                }
                Err((e, _)) => {
                    failure = Some(e);
                    break;
                }
            }
        }
        match failure {
            None => {
                self.refresh_quota_stats();
                let events = self.fire(triggers);
                Outcome {
                    result: Ok(Response::Multi(results)),
                    events,
                    txn: Some(self.txn_owned(zxid, session, TxnKind::Multi, first_path, None)),
                }
            }
            Some(e) => {
                self.rollback(undo);
                let mut out: Vec<OpResult> = results.iter().map(|_| OpResult::RolledBack).collect();
                out.push(OpResult::Error(e));
                while out.len() < total {
                    out.push(OpResult::Error(ZkError::RuntimeInconsistency));
                }
                Outcome {
                    result: Ok(Response::Multi(out)),
                    events: Vec::new(),
                    txn: Some(self.txn_owned(zxid, session, TxnKind::Multi, first_path, Some(e))),
                }
            }
        }
    }

    fn rollback(&mut self, undo: Vec<Undo>) {
        for entry in undo.into_iter().rev() {
            match entry {
                Undo::Created { path, parent, parent_cversion, parent_pzxid } => {
                    self.tree.unlink(&path, &parent, parent_cversion, parent_pzxid);
                }
                Undo::Deleted { path, node, parent, parent_pzxid } => {
                    self.tree.relink(&path, *node, &parent, parent_pzxid);
                }
                Undo::DataSet { path, data, version, mzxid, mtime } => {
                    if let Some(node) = self.tree.get_mut(&path) {
                        node.data = data;
                        node.version = version;
                        node.mzxid = mzxid;
                        node.mtime = mtime;
                    }
                }
                Undo::EphemeralAdded(s, path) => {
                    if let Some(s) = self.sessions.get_mut(&s) {
                        s.ephemerals.remove(&path);
                    }
                }
                Undo::EphemeralRemoved(s, path, index) => {
                    if let Some(s) = self.sessions.get_mut(&s) {
                        s.ephemerals.insert_at(index, &path);
                    }
                }
            }
        }
    }

    /// One write, checked in the order PrepRequestProcessor checks it. Returns what it did and
    /// its path (the created one for a create), or the error and the requested path. Every check
    /// comes before the first change, so a failed op changed nothing; see [`Effects`] for what
    /// a successful one leaves besides its change.
    fn apply_op(
        &mut self,
        session: SessionId,
        auth: &[Id],
        op: Op,
        zxid: Zxid,
        effects: Effects,
    ) -> Result<(Applied, String), (ZkError, String)> {
        match op {
            Op::Create { path, data, acl, mode } => {
                match self.create(session, auth, &path, data, &acl, mode, zxid, effects) {
                    Ok(Some(created)) => Ok((Applied::Created, created)),
                    Ok(None) => Ok((Applied::Created, path)),
                    Err(e) => Err((e, path)),
                }
            }
            Op::Delete { path, version } => match self.delete(auth, &path, version, zxid, effects) {
                Ok(()) => Ok((Applied::Deleted, path)),
                Err(e) => Err((e, path)),
            },
            Op::SetData { path, data, version } => match self.set_data(auth, &path, data, version, zxid, effects) {
                Ok(stat) => Ok((Applied::SetData(stat), path)),
                Err(e) => Err((e, path)),
            },
            Op::Check { path, version } => {
                let checked = match self.tree.get(&path) {
                    None => Err(ZkError::NoNode),
                    Some(node) if !acl::allowed(&node.acl, acl::READ, auth) => Err(ZkError::NoAuth),
                    Some(node) if version != -1 && version != node.version => Err(ZkError::BadVersion),
                    Some(_) => Ok(()),
                };
                match checked {
                    Ok(()) => Ok((Applied::Checked, path)),
                    Err(e) => Err((e, path)),
                }
            }
        }
    }

    /// A create; returns the created path when it differs from `path` (sequential nodes).
    #[allow(clippy::too_many_arguments)]
    fn create(
        &mut self,
        session: SessionId,
        auth: &[Id],
        path: &str,
        data: Option<Vec<u8>>,
        acl: &AclList,
        mode: CreateMode,
        zxid: Zxid,
        effects: Effects,
    ) -> Result<Option<String>, ZkError> {
        if mode.ttl.is_some() && !self.config.extended_types {
            return Err(ZkError::Unimplemented);
        }
        if let Some(ttl) = mode.ttl {
            if ttl <= 0 || ttl > 0x00ff_ffff_ffff || mode.ephemeral || mode.container {
                return Err(ZkError::BadArguments);
            }
        }
        let Some(slash) = path::last_slash(path) else {
            return Err(ZkError::BadArguments);
        };
        let parent_path = if slash == 0 { "/" } else { &path[..slash] };
        // One lookup for the parent: every check but the path's own is about it, and the new name
        // is in its children exactly when the node exists.
        let parent = self.tree.get_mut(parent_path);
        // A NUL anywhere is refused first. An existing parent's path has none, so then only the
        // new name needs looking at.
        let nul = match parent {
            Some(_) => path.get(slash + 1..).unwrap_or_default().contains('\0'),
            None => path.contains('\0'),
        };
        if nul {
            return Err(ZkError::BadArguments);
        }
        // Most nodes get their parent's ACL: then they share its list.
        let acl = acl::fixup_shared(acl, auth, parent.as_ref().map(|p| &p.acl)).map_err(|_| ZkError::InvalidAcl)?;
        let parent = parent.ok_or(ZkError::NoNode)?;
        if !acl::allowed(&parent.acl, acl::CREATE, auth) {
            return Err(ZkError::NoAuth);
        }
        let sequential = mode.sequential.then(|| path::sequential(path, parent.cversion));
        let final_path = sequential.as_deref().unwrap_or(path);
        // A sequential suffix has no `/`: the name starts after the same slash.
        let name = final_path.get(slash + 1..).unwrap_or_default();
        // Every node's path is valid, so below an existing node other than the root a plainly
        // valid name makes a valid path (below the root, `//x` has a valid name too): the usual
        // create checks its name only.
        if slash == 1 || !path::plainly_valid_name(name) {
            path::validate_path(final_path).map_err(|_| ZkError::BadArguments)?;
        }
        let name_index = match parent.children.find(name) {
            Err(index) if final_path != "/" => index,
            _ => return Err(ZkError::NodeExists),
        };
        if parent.kind == NodeKind::Ephemeral {
            return Err(ZkError::NoChildrenForEphemerals);
        }
        let kind = if mode.ephemeral {
            NodeKind::Ephemeral
        } else if mode.container {
            NodeKind::Container
        } else if let Some(ttl) = mode.ttl {
            NodeKind::Ttl(TtlMs::new(ttl).ok_or(ZkError::BadArguments)?)
        } else {
            NodeKind::Persistent
        };
        let owner = if mode.ephemeral { session } else { 0 };
        let (parent_cversion, parent_pzxid) = (parent.cversion, parent.pzxid);
        // Link into the parent as `DataTree::insert` does, then one insert into the table.
        parent.children.insert_at(name_index, name);
        parent.cversion = parent.cversion.wrapping_add(1);
        parent.pzxid = zxid;
        let mut parent_fired = Vec::new();
        if let Effects::Fire(_) = effects {
            parent.fire(Table::Child, EventType::NodeChildrenChanged, &mut parent_fired);
        }
        let adopted =
            self.tree.insert_linked(final_path, parent_path, Znode::new(data, acl, zxid, self.now_ms, kind, owner));
        let mut ephemeral_added = false;
        if mode.ephemeral {
            if let Some(s) = self.sessions.get_mut(&session) {
                s.ephemerals.insert(final_path);
                ephemeral_added = true;
            }
        }
        match effects {
            Effects::Undo(undo) => {
                undo.push(Undo::Created {
                    path: final_path.to_string(),
                    parent: parent_path.to_string(),
                    parent_cversion,
                    parent_pzxid,
                });
                if ephemeral_added {
                    undo.push(Undo::EphemeralAdded(session, final_path.to_string()));
                }
            }
            Effects::Fire(events) => {
                // Registrations on the new path were waiting beside the tree; the node took them.
                let mut fired = Vec::new();
                if adopted {
                    self.tree.fire_watches(final_path, Table::Data, EventType::NodeCreated, &mut fired);
                } else {
                    self.tree.fire_recursive(final_path, Table::Data, EventType::NodeCreated, &mut fired);
                }
                push_events(&mut fired, EventType::NodeCreated, final_path, events);
                push_events(&mut parent_fired, EventType::NodeChildrenChanged, parent_path, events);
            }
        }
        Ok(sequential)
    }

    fn delete(
        &mut self,
        auth: &[Id],
        path: &str,
        version: i32,
        zxid: Zxid,
        mut effects: Effects,
    ) -> Result<(), ZkError> {
        if tree::is_special(path) || !path.contains('/') {
            return Err(ZkError::BadArguments);
        }
        let mut fired = DeleteFired::default();
        let fire = matches!(effects, Effects::Fire(_)).then_some(&mut fired);
        let removed = self.tree.remove_checked(path, zxid, fire, |parent, node| {
            let parent = parent.ok_or(ZkError::NoNode)?;
            if !acl::allowed(&parent.acl, acl::DELETE, auth) {
                return Err(ZkError::NoAuth);
            }
            let node = node.ok_or(ZkError::NoNode)?;
            if version != -1 && version != node.version {
                return Err(ZkError::BadVersion);
            }
            if !node.children.is_empty() {
                return Err(ZkError::NotEmpty);
            }
            Ok(())
        })?;
        let Some((node, parent_pzxid)) = removed else {
            return Err(ZkError::NoNode);
        };
        let owner = node.ephemeral_owner;
        let ephemeral = node.kind == NodeKind::Ephemeral;
        if let Effects::Undo(undo) = &mut effects {
            let parent = path::parent(path).to_string();
            undo.push(Undo::Deleted { path: path.to_string(), node: Box::new(node), parent, parent_pzxid });
        }
        if ephemeral {
            if let Some(s) = self.sessions.get_mut(&owner) {
                if let Some(index) = s.ephemerals.take(path) {
                    if let Effects::Undo(undo) = &mut effects {
                        undo.push(Undo::EphemeralRemoved(owner, path.to_string(), index));
                    }
                }
            }
        }
        if let Effects::Fire(events) = effects {
            for table in [Table::Data, Table::Child] {
                self.tree.fire_recursive(path, table, EventType::NodeDeleted, &mut fired.at_node);
            }
            push_events(&mut fired.at_node, EventType::NodeDeleted, path, events);
            push_events(&mut fired.at_parent, EventType::NodeChildrenChanged, path::parent(path), events);
        }
        Ok(())
    }

    fn set_data(
        &mut self,
        auth: &[Id],
        path: &str,
        data: Vec<u8>,
        version: i32,
        zxid: Zxid,
        mut effects: Effects,
    ) -> Result<Stat, ZkError> {
        let now = self.now_ms;
        let node = self.tree.get_mut(path).ok_or(ZkError::NoNode)?;
        if !acl::allowed(&node.acl, acl::WRITE, auth) {
            return Err(ZkError::NoAuth);
        }
        if version != -1 && version != node.version {
            return Err(ZkError::BadVersion);
        }
        let old_data = std::mem::replace(&mut node.data, Some(data).into());
        if let Effects::Undo(undo) = &mut effects {
            undo.push(Undo::DataSet {
                path: path.to_string(),
                data: old_data,
                version: node.version,
                mzxid: node.mzxid,
                mtime: node.mtime,
            });
        }
        node.version = node.version.wrapping_add(1);
        node.mzxid = zxid;
        node.mtime = now;
        let stat = node.stat();
        if let Effects::Fire(events) = effects {
            let mut fired = Vec::new();
            node.fire(Table::Data, EventType::NodeDataChanged, &mut fired);
            self.tree.fire_recursive(path, Table::Data, EventType::NodeDataChanged, &mut fired);
            push_events(&mut fired, EventType::NodeDataChanged, path, events);
        }
        Ok(stat)
    }

    fn set_acl(&mut self, session: SessionId, auth: &[Id], path: &str, acl: &[Acl], version: i32) -> Outcome {
        let zxid = self.next_zxid();
        let result = (|| {
            let acl = acl::fixup(acl, auth).map_err(|_| ZkError::InvalidAcl)?;
            let node = self.tree.get_mut(path).ok_or(ZkError::NoNode)?;
            if !acl::allowed(&node.acl, acl::ADMIN, auth) {
                return Err(ZkError::NoAuth);
            }
            if version != -1 && version != node.aversion {
                return Err(ZkError::BadVersion);
            }
            node.acl = acl.into();
            node.aversion = node.aversion.wrapping_add(1);
            Ok(Response::Stat(node.stat()))
        })();
        let error = result.as_ref().err().copied();
        Outcome { result, events: Vec::new(), txn: Some(self.txn(zxid, session, TxnKind::SetAcl, path, error)) }
    }

    fn read(&mut self, session: SessionId, auth: &[Id], request: Request) -> Result<Response, ZkError> {
        match request {
            Request::GetData { path, watch } => {
                // One lookup: the watch is registered on the node in hand.
                let node = self.tree.get_mut(&path).ok_or(ZkError::NoNode)?;
                if !acl::allowed(&node.acl, acl::READ, auth) {
                    return Err(ZkError::NoAuth);
                }
                let response = Response::Data { data: node.data.clone(), stat: node.stat() };
                if watch {
                    let replaced = node.watch(Table::Data, session, WatchMode::Standard);
                    self.tree.count_replaced(Table::Data, replaced, WatchMode::Standard);
                }
                Ok(response)
            }
            Request::Exists { path, watch } => {
                if watch {
                    self.tree.add_watch(&path, Table::Data, session, WatchMode::Standard);
                }
                self.tree.get(&path).map(|n| Response::Stat(n.stat())).ok_or(ZkError::NoNode)
            }
            Request::GetChildren { path, watch } => {
                let node = self.tree.get_mut(&path).ok_or(ZkError::NoNode)?;
                if !acl::allowed(&node.acl, acl::READ, auth) {
                    return Err(ZkError::NoAuth);
                }
                let response = Response::Children { children: node.children.clone(), stat: node.stat() };
                if watch {
                    let replaced = node.watch(Table::Child, session, WatchMode::Standard);
                    self.tree.count_replaced(Table::Child, replaced, WatchMode::Standard);
                }
                Ok(response)
            }
            Request::GetAcl { path } => {
                let node = self.tree.get(&path).ok_or(ZkError::NoNode)?;
                if !acl::allowed(&node.acl, acl::READ | acl::ADMIN, auth) {
                    return Err(ZkError::NoAuth);
                }
                let acl = if acl::allowed(&node.acl, acl::ADMIN, auth) {
                    node.acl.to_vec()
                } else {
                    // Without ADMIN, digest hashes are hidden (`alice:x`).
                    node.acl
                        .iter()
                        .map(|a| match (a.id.scheme.as_str(), a.id.id.split_once(':')) {
                            ("digest", Some((user, _))) => Acl::new(a.perms, "digest", &format!("{user}:x")),
                            _ => a.clone(),
                        })
                        .collect()
                };
                Ok(Response::Acl { acl, stat: node.stat() })
            }
            Request::GetAllChildrenNumber { path } => {
                let node = self.tree.get(&path).ok_or(ZkError::NoNode)?;
                if !acl::allowed(&node.acl, acl::READ, auth) {
                    return Err(ZkError::NoAuth);
                }
                Ok(Response::Count(self.tree.descendant_count(&path)))
            }
            Request::GetEphemerals { prefix } => {
                let all = self.sessions.get(&session).map(|s| s.ephemerals.clone_order()).unwrap_or_default();
                let trimmed = prefix.trim();
                Ok(Response::Paths(if trimmed.is_empty() || trimmed == "/" {
                    all
                } else {
                    all.into_iter().filter(|p| p.starts_with(&prefix)).collect()
                }))
            }
            Request::Sync { .. } => Ok(Response::Done),
            Request::AddWatch { path, mode } => {
                let mode = match mode {
                    AddWatchMode::Persistent => WatchMode::Persistent,
                    AddWatchMode::PersistentRecursive => WatchMode::PersistentRecursive,
                };
                self.tree.add_watch(&path, Table::Data, session, mode);
                self.tree.add_watch(&path, Table::Child, session, mode);
                Ok(Response::Done)
            }
            Request::RemoveWatches { path, which } => {
                let mut removed = false;
                if matches!(which, WatcherType::Children | WatcherType::Any) {
                    removed |= self.tree.remove_watch(&path, Table::Child, session);
                }
                if matches!(which, WatcherType::Data | WatcherType::Any) {
                    removed |= self.tree.remove_watch(&path, Table::Data, session);
                }
                if removed {
                    Ok(Response::Done)
                } else {
                    Err(ZkError::NoWatcher)
                }
            }
            Request::AddAuth { scheme, auth: credentials } => {
                let id = match scheme.as_str() {
                    "digest" => Id::new("digest", &acl::digest_id(&credentials)),
                    "ip" => Id::new("ip", "127.0.0.1"),
                    _ => {
                        // The server answers AuthFailed and drops the connection; the session
                        // itself stays until it expires.
                        if let Some(s) = self.sessions.get_mut(&session) {
                            s.client_alive = false;
                            s.last_heard_ms = self.now_ms;
                        }
                        return Err(ZkError::AuthFailed);
                    }
                };
                if let Some(s) = self.sessions.get_mut(&session) {
                    if !s.auth.contains(&id) {
                        let mut ids = s.auth.to_vec();
                        ids.push(id);
                        s.auth = ids.into();
                    }
                }
                Ok(Response::Done)
            }
            Request::WhoAmI => {
                Ok(Response::Auth(self.sessions.get(&session).map(|s| s.auth.to_vec()).unwrap_or_default()))
            }
            Request::GetConfig { watch } => {
                let node = self.tree.get(tree::CONFIG).ok_or(ZkError::NoNode)?;
                let response = Response::Data { data: node.data.clone(), stat: node.stat() };
                if watch {
                    self.tree.add_watch(tree::CONFIG, Table::Data, session, WatchMode::Standard);
                }
                Ok(response)
            }
            Request::Write(_) | Request::Multi(_) | Request::SetAcl { .. } | Request::Reconfig => {
                Err(ZkError::BadArguments)
            }
        }
    }

    /// Keeps every `zookeeper_stats` node equal to its subtree's node count and data bytes, as the
    /// server does outside any transaction (`DataTree.updateCountBytes`).
    fn refresh_quota_stats(&mut self) {
        if !self.tree.has_quotas() {
            return;
        }
        let prefix = format!("{}/", tree::QUOTA);
        let stats: Vec<String> = self
            .tree
            .paths()
            .filter(|p| p.starts_with(&prefix) && p.ends_with("/zookeeper_stats"))
            .map(str::to_string)
            .collect();
        for stats_path in stats {
            let target = &stats_path[tree::QUOTA.len()..stats_path.len() - "/zookeeper_stats".len()];
            let target = if target.is_empty() { "/" } else { target };
            let (mut count, mut bytes) = (0i64, 0i64);
            let mut stack = vec![target.to_string()];
            while let Some(p) = stack.pop() {
                if let Some(node) = self.tree.get(&p) {
                    count += 1;
                    bytes += node.data_len() as i64;
                    stack.extend(node.children.iter().map(|c| path::join(&p, c)));
                }
            }
            if let Some(node) = self.tree.get_mut(&stats_path) {
                node.data = Some(format!("count={count},bytes={bytes}").into_bytes()).into();
            }
        }
    }

    /// Fires the watches of committed changes, in order (`DataTree.createNode/deleteNode/setData`).
    fn fire(&mut self, triggers: Vec<(Change, String)>) -> Vec<WatchEvent> {
        let mut events = Vec::new();
        for (change, path) in triggers {
            self.fire_one(Some(change), &path, &mut events);
        }
        events
    }

    /// Fires the watches of one change on `p`, appending the notifications to `events`.
    fn fire_one(&mut self, change: Option<Change>, p: &str, events: &mut Vec<WatchEvent>) {
        let Some(change) = change else { return };
        let mut fired = Vec::new();
        let (kind, at_parent) = match change {
            Change::Created => {
                self.tree.fire_watches(p, Table::Data, EventType::NodeCreated, &mut fired);
                (EventType::NodeCreated, true)
            }
            Change::Deleted => {
                self.tree.fire_watches(p, Table::Data, EventType::NodeDeleted, &mut fired);
                self.tree.fire_watches(p, Table::Child, EventType::NodeDeleted, &mut fired);
                (EventType::NodeDeleted, true)
            }
            Change::DataChanged => {
                self.tree.fire_watches(p, Table::Data, EventType::NodeDataChanged, &mut fired);
                (EventType::NodeDataChanged, false)
            }
        };
        push_events(&mut fired, kind, p, events);
        if at_parent {
            let parent = path::parent(p);
            self.tree.fire_watches(parent, Table::Child, EventType::NodeChildrenChanged, &mut fired);
            push_events(&mut fired, EventType::NodeChildrenChanged, parent, events);
        }
    }
}

/// One notification per fired session, in session order (the server's watcher sets are sorted
/// here so that runs are deterministic); empties `fired`.
fn push_events(fired: &mut Vec<SessionId>, kind: EventType, path: &str, events: &mut Vec<WatchEvent>) {
    if fired.is_empty() {
        return;
    }
    crate::sorting::sort(fired);
    fired.dedup();
    events.extend(fired.drain(..).map(|session| WatchEvent { session, kind, path: path.to_string() }));
}

fn op_path(op: &Op) -> String {
    match op {
        Op::Create { path, .. } | Op::Delete { path, .. } | Op::SetData { path, .. } | Op::Check { path, .. } => {
            path.clone()
        }
    }
}

#[cfg(test)]
mod tests;
