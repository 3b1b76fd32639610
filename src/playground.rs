//! Several simulated zkCli clients on one engine: the API that the replay tool, the UI and the
//! tutorials drive. Time is an argument (`now_ms`, virtual milliseconds since the Unix epoch);
//! nothing here reads a clock.

use std::collections::VecDeque;

use crate::vec_map::VecMap;

use crate::cli::{ClientState, Console};
use crate::engine::watch::{EventType, SessionId, WatchEvent};
use crate::engine::{Engine, ServerConfig, Timed, Txn};

/// How many entries the event log keeps.
pub const LOG_LIMIT: usize = 5000;

/// What the learner did, in order: enough to replay the playground (scenario export) or to
/// type the same commands into a real zkCli.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    pub time: i64,
    pub what: Did,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Did {
    Open {
        client: String,
        connect: String,
        extra_args: Vec<String>,
    },
    Line {
        client: String,
        line: String,
    },
    Kill {
        client: String,
    },
    ServerStop {
        index: usize,
    },
    ServerStart {
        index: usize,
    },
    /// The client was given another name.
    Rename {
        from: String,
        to: String,
    },
    /// The client was removed from the playground (its process killed).
    Remove {
        client: String,
    },
}

/// One line of the event log: a transaction or a notification, with the client behind it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LogEntry {
    pub time: i64,
    /// The client whose session it was (none for the server's own deletes of containers).
    pub client: Option<String>,
    pub what: Logged,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Logged {
    Txn(Txn),
    Notification {
        kind: EventType,
        path: String,
    },
    /// A client process was killed (its session lives on).
    Crashed,
}

/// Lines that one client printed by itself (watch notifications), outside any command of its own.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub client: String,
    pub lines: Vec<String>,
    /// The event behind the lines, if it was a watch notification.
    pub event: Option<WatchEvent>,
}

/// What a typed line produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CommandOutcome {
    /// The prompt that was shown before the input.
    pub prompt: String,
    /// What the client printed before its next prompt.
    pub output: Vec<String>,
    /// Notifications that other clients (or this one, after its output) printed.
    pub deliveries: Vec<Delivery>,
    /// Transactions the line caused (also failed writes, which use a zxid too).
    pub txns: Vec<Txn>,
    /// The client process ended (quit, or a crash such as zkCli's NumberFormatException).
    pub exited: bool,
}

/// One simulated zkCli process.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Client {
    pub name: String,
    pub console: Console,
}

/// The simulated world: one ZooKeeper service and its zkCli clients.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Playground {
    engine: Engine,
    clients: Vec<Client>,
    /// Sessions are spread over the ensemble's servers in turn.
    next_server: usize,
    /// The service's hosts, in connect-string order.
    hosts: Vec<String>,
    /// Which client each session belonged to (also after the client went away).
    session_names: VecMap<SessionId, String>,
    log: VecDeque<LogEntry>,
    /// How many entries were ever logged (marks stay valid when old entries are dropped).
    log_total: u64,
    /// Everything the learner did, for export and for rebuilding the playground by replay.
    actions: Vec<Action>,
    /// The connect string and the virtual time it was created with (where a replay starts).
    server: String,
    started_ms: u64,
}

fn ms(now_ms: u64) -> i64 {
    i64::try_from(now_ms).unwrap_or(i64::MAX)
}

impl Playground {
    /// A fresh service. A connect string with several hosts is an ensemble (epoch 1), one host a
    /// standalone server (epoch 0).
    pub fn new(server: &str, now_ms: u64) -> Self {
        Playground {
            engine: Engine::new(ServerConfig::from_connect_string(server), ms(now_ms)),
            clients: Vec::new(),
            next_server: 0,
            hosts: server.split(',').map(|h| h.trim().to_string()).filter(|h| !h.is_empty()).collect(),
            session_names: VecMap::new(),
            log: VecDeque::new(),
            log_total: 0,
            actions: Vec::new(),
            server: server.to_string(),
            started_ms: now_ms,
        }
    }

    pub fn engine(&self) -> &Engine {
        &self.engine
    }

    /// The event log, oldest first (at most [`LOG_LIMIT`] entries).
    pub fn log(&self) -> &VecDeque<LogEntry> {
        &self.log
    }

    /// What the learner did so far, oldest first.
    pub fn actions(&self) -> &[Action] {
        &self.actions
    }

    /// The connect string the playground was created with.
    pub fn server(&self) -> &str {
        &self.server
    }

    /// The virtual time the playground was created at.
    pub fn started_ms(&self) -> u64 {
        self.started_ms
    }

    /// The service's hosts, in connect-string order.
    pub fn hosts(&self) -> &[String] {
        &self.hosts
    }

    fn did(&mut self, now_ms: u64, what: Did) {
        self.actions.push(Action { time: ms(now_ms), what });
    }

    /// The client a session belongs (or belonged) to.
    pub fn client_of(&self, session: SessionId) -> Option<&str> {
        self.session_names.get(&session).map(String::as_str)
    }

    fn push_log(&mut self, entry: LogEntry) {
        if self.log.len() >= LOG_LIMIT {
            self.log.pop_front();
        }
        self.log.push_back(entry);
        self.log_total += 1;
    }

    /// A mark in the event log: [`Playground::log_since`] yields what was logged after it.
    pub fn log_mark(&self) -> u64 {
        self.log_total
    }

    /// The entries logged since `mark` (as far as the log still holds them).
    pub fn log_since(&self, mark: u64) -> impl Iterator<Item = &LogEntry> {
        let first_kept = self.log_total - self.log.len() as u64;
        let skip = mark.saturating_sub(first_kept).min(self.log.len() as u64) as usize;
        self.log.iter().skip(skip)
    }

    fn log_txns(&mut self, txns: &[Txn]) {
        for txn in txns {
            let client = self.session_names.get(&txn.session).cloned();
            self.push_log(LogEntry { time: txn.time, client, what: Logged::Txn(txn.clone()) });
        }
    }

    fn log_deliveries(&mut self, deliveries: &[Delivery]) {
        let time = self.engine.now();
        for d in deliveries {
            if let Some(event) = &d.event {
                let what = Logged::Notification { kind: event.kind, path: event.path.clone() };
                self.push_log(LogEntry { time, client: Some(d.client.clone()), what });
            }
        }
    }

    pub fn clients(&self) -> &[Client] {
        &self.clients
    }

    pub fn client(&self, name: &str) -> Option<&Client> {
        self.clients.iter().find(|c| c.name == name)
    }

    fn index(&self, name: &str) -> Option<usize> {
        self.clients.iter().position(|c| c.name == name)
    }

    /// Starts an interactive zkCli named `client` (like `zkCli.sh -server CONNECT extra_args…`);
    /// returns its banner. A running client of the same name is killed first.
    pub fn open_client(&mut self, client: &str, connect: &str, extra_args: &[String], now_ms: u64) -> Vec<String> {
        self.open_client_with_txns(client, connect, extra_args, now_ms).0
    }

    /// [`Playground::open_client`], also returning the transactions and the notifications that
    /// a non-interactive command caused.
    pub fn open_client_with_txns(
        &mut self,
        client: &str,
        connect: &str,
        extra_args: &[String],
        now_ms: u64,
    ) -> (Vec<String>, Vec<Txn>, Vec<Delivery>) {
        let now = ms(now_ms);
        let open =
            Did::Open { client: client.to_string(), connect: connect.to_string(), extra_args: extra_args.to_vec() };
        self.did(now_ms, open);
        let servers = usize::from(self.engine.config().servers).max(1);
        // Ensemble clients land on a server picked by the client library; go round the servers.
        let server = (servers - 1 + self.next_server) % servers;
        self.next_server += 1;
        if let Some(i) = self.index(client) {
            self.clients[i].console.kill(&mut self.engine, now);
            self.clients.remove(i);
        }
        let opened = Console::open(&mut self.engine, connect, extra_args, server, now);
        if let Some(session) = opened.console.session {
            self.session_names.insert(session, client.to_string());
        }
        self.clients.push(Client { name: client.to_string(), console: opened.console });
        let deliveries = self.route(opened.events);
        self.log_txns(&opened.txns);
        self.log_deliveries(&deliveries);
        (opened.banner, opened.txns, deliveries)
    }

    /// The prompt the client would print now (`[zk: …(CONNECTED) N] `).
    pub fn prompt(&self, client: &str) -> String {
        self.client(client).map(|c| c.console.prompt()).unwrap_or_default()
    }

    /// The client types `line` and presses Enter.
    pub fn type_line(&mut self, client: &str, line: &str, now_ms: u64) -> CommandOutcome {
        let now = ms(now_ms);
        let mut deliveries = self.advance(now_ms);
        let Some(i) = self.index(client) else {
            return CommandOutcome { exited: true, deliveries, ..Default::default() };
        };
        if self.clients[i].console.exited {
            return CommandOutcome { exited: true, deliveries, ..Default::default() };
        }
        self.did(now_ms, Did::Line { client: client.to_string(), line: line.to_string() });
        let prompt = self.clients[i].console.prompt_shown.clone();
        let executed = self.clients[i].console.execute(&mut self.engine, line, now);
        if let Some(session) = self.clients[i].console.session {
            // `connect` makes a new session for the same client.
            self.session_names.insert(session, client.to_string());
        }
        let routed = self.route(executed.events);
        let own: Vec<Delivery> = executed
            .notified
            .iter()
            .map(|e| Delivery { client: client.to_string(), lines: Vec::new(), event: Some(e.clone()) })
            .collect();
        self.log_txns(&executed.txns);
        self.log_deliveries(&own);
        self.log_deliveries(&routed);
        deliveries.extend(routed);
        // A reconnect completes right after the command that started it.
        self.clients[i].console.finish_connecting(&self.engine);
        if !executed.later.is_empty() {
            deliveries.push(Delivery { client: client.to_string(), lines: executed.later, event: None });
        }
        CommandOutcome { prompt, output: executed.lines, deliveries, txns: executed.txns, exited: executed.exited }
    }

    /// Notifications go to the clients whose sessions they are for.
    fn route(&mut self, events: Vec<WatchEvent>) -> Vec<Delivery> {
        let mut out = Vec::new();
        for event in events {
            for client in &mut self.clients {
                if client.console.session == Some(event.session) && !client.console.exited {
                    if let Some(lines) = client.console.notify(&event) {
                        out.push(Delivery { client: client.name.clone(), lines, event: Some(event.clone()) });
                    }
                }
            }
        }
        out
    }

    /// Virtual time moves to `now_ms`: sessions of dead clients expire, containers are reaped.
    pub fn advance(&mut self, now_ms: u64) -> Vec<Delivery> {
        self.advance_with_txns(now_ms).0
    }

    /// [`Playground::advance`], also returning the transactions time caused.
    pub fn advance_with_txns(&mut self, now_ms: u64) -> (Vec<Delivery>, Vec<Txn>) {
        let timed: Vec<Timed> = self.engine.advance(ms(now_ms));
        let mut deliveries = Vec::new();
        let mut txns = Vec::new();
        for t in timed {
            self.log_txns(std::slice::from_ref(&t.txn));
            txns.push(t.txn);
            let routed = self.route(t.events);
            self.log_deliveries(&routed);
            deliveries.extend(routed);
        }
        (deliveries, txns)
    }

    /// When something will next happen by itself (an expiry, a container check).
    pub fn next_deadline(&self) -> i64 {
        self.engine.next_deadline()
    }

    /// The client's process is killed (kill -9, SIGTERM, Ctrl-C): no closeSession is sent.
    pub fn kill(&mut self, client: &str, now_ms: u64) {
        if let Some(i) = self.index(client) {
            if !self.clients[i].console.exited {
                self.did(now_ms, Did::Kill { client: client.to_string() });
                self.clients[i].console.kill(&mut self.engine, ms(now_ms));
                self.push_log(LogEntry { time: ms(now_ms), client: Some(client.to_string()), what: Logged::Crashed });
            }
        }
    }

    /// Gives a client another name (its sessions' log entries keep the old one).
    pub fn rename_client(&mut self, from: &str, to: &str, now_ms: u64) -> Result<(), String> {
        if to.trim().is_empty() || to.chars().any(char::is_control) {
            return Err("a client name must not be empty".to_string());
        }
        if self.index(to).is_some() {
            return Err(format!("there is already a client named {to}"));
        }
        let Some(i) = self.index(from) else {
            return Err(format!("there is no client named {from}"));
        };
        self.did(now_ms, Did::Rename { from: from.to_string(), to: to.to_string() });
        self.clients[i].name = to.to_string();
        if let Some(session) = self.clients[i].console.session {
            self.session_names.insert(session, to.to_string());
        }
        Ok(())
    }

    /// Removes a client from the playground (killing its process if it still runs).
    pub fn remove_client(&mut self, client: &str, now_ms: u64) {
        if let Some(i) = self.index(client) {
            self.did(now_ms, Did::Remove { client: client.to_string() });
            self.clients[i].console.kill(&mut self.engine, ms(now_ms));
            self.clients.remove(i);
        }
    }

    /// Which server (0-based) a host:port or a port names: its place in the ensemble's connect
    /// string. A standalone service has only server 0.
    pub fn server_index(&self, server_or_port: &str) -> Option<usize> {
        if self.engine.server_count() == 1 {
            return Some(0);
        }
        let port = server_or_port.rsplit(':').next().unwrap_or(server_or_port).trim();
        self.hosts.iter().position(|h| h == server_or_port || h.rsplit(':').next() == Some(port))
    }

    /// A server process stops: its clients (all clients, if the leader or the quorum is lost)
    /// print `Disconnected` and move to another server if one serves.
    pub fn stop_server(&mut self, index: usize, now_ms: u64) -> Vec<Delivery> {
        let now = ms(now_ms);
        let mut deliveries = self.advance(now_ms);
        self.did(now_ms, Did::ServerStop { index });
        let change = self.engine.stop_server(index, now);
        for client in &mut self.clients {
            let console = &mut client.console;
            if console.exited || !console.state.is_alive() {
                continue;
            }
            if change.all_disconnected || console.server == index {
                let mut lines = console.lose_connection();
                lines.extend(console.try_reconnect(&self.engine, now));
                if !lines.is_empty() {
                    deliveries.push(Delivery { client: client.name.clone(), lines, event: None });
                }
            }
        }
        deliveries
    }

    /// A server process starts: disconnected clients reconnect if the service is back.
    pub fn start_server(&mut self, index: usize, now_ms: u64) -> Vec<Delivery> {
        let now = ms(now_ms);
        let mut deliveries = self.advance(now_ms);
        self.did(now_ms, Did::ServerStart { index });
        self.engine.start_server(index, now);
        for client in &mut self.clients {
            let lines = client.console.try_reconnect(&self.engine, now);
            if !lines.is_empty() {
                deliveries.push(Delivery { client: client.name.clone(), lines, event: None });
            }
        }
        deliveries
    }

    /// Does one journal entry again (time first moves to the entry's): a playground made with
    /// the same connect string and start time that redoes another's journal ends up the same.
    pub fn redo(&mut self, action: &Action) {
        let now = u64::try_from(action.time).unwrap_or(0);
        self.advance(now);
        match &action.what {
            Did::Open { client, connect, extra_args } => {
                self.open_client_with_txns(client, connect, extra_args, now);
            }
            Did::Line { client, line } => {
                self.type_line(client, line, now);
            }
            Did::Kill { client } => self.kill(client, now),
            Did::Remove { client } => self.remove_client(client, now),
            Did::Rename { from, to } => {
                let _ = self.rename_client(from, to, now);
            }
            Did::ServerStop { index } => {
                self.stop_server(*index, now);
            }
            Did::ServerStart { index } => {
                self.start_server(*index, now);
            }
        }
    }

    /// The client's connection state, if it exists.
    pub fn state(&self, client: &str) -> Option<ClientState> {
        self.client(client).map(|c| c.console.state)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

    #[test]
    fn lock_tutorial_runs_end_to_end() {
        let mut p = Playground::new(ENSEMBLE, 0);
        for name in ["A", "B", "C"] {
            p.open_client(name, ENSEMBLE, &[], 0);
        }
        assert_eq!(p.type_line("A", "create -e /lock \"lock\"", 1).output, ["Created /lock"]);
        assert_eq!(p.type_line("B", "create -e /lock \"lock\"", 2).output, ["Node already exists: /lock"]);
        let stat = p.type_line("B", "stat -w /lock", 3);
        assert!(stat.output.contains(&"cZxid = 0x100000004".to_string()));
        let quit = p.type_line("A", "quit", 4);
        assert!(quit.exited);
        assert_eq!(quit.output.last().map(String::as_str), Some("WatchedEvent state:Closed type:None path:null"));
        assert_eq!(quit.deliveries.len(), 1);
        assert_eq!(quit.deliveries[0].client, "B");
        assert_eq!(
            quit.deliveries[0].lines.last().map(String::as_str),
            Some("WatchedEvent state:SyncConnected type:NodeDeleted path:/lock")
        );
        let created = p.type_line("B", "create -e /lock \"lock\"", 5);
        assert_eq!(created.prompt, format!("[zk: {ENSEMBLE}(CONNECTED) 2] "));
        assert_eq!(created.output, ["Created /lock"]);
    }

    #[test]
    fn a_killed_clients_lock_outlives_it_until_expiry() {
        let mut p = Playground::new("127.0.0.1:2181", 0);
        p.open_client("A", "127.0.0.1:2181", &[], 0);
        p.open_client("B", "127.0.0.1:2181", &[], 0);
        p.type_line("A", "create -e /lock x", 0);
        p.type_line("B", "stat -w /lock", 0);
        p.kill("A", 0);
        assert!(p.advance(29_000).is_empty());
        assert!(p.engine().tree().contains("/lock"));
        let deliveries = p.advance(33_000);
        assert_eq!(deliveries.len(), 1);
        assert!(!p.engine().tree().contains("/lock"));
    }

    #[test]
    fn the_log_names_clients_for_transactions_and_notifications() {
        let mut p = Playground::new("127.0.0.1:2181", 0);
        p.open_client("A", "127.0.0.1:2181", &[], 0);
        p.open_client("B", "127.0.0.1:2181", &[], 0);
        p.type_line("B", "stat -w /x", 1);
        p.type_line("A", "create /x 1", 2);
        p.type_line("A", "create /x 1", 3);
        let summary: Vec<String> = p
            .log()
            .iter()
            .map(|e| match &e.what {
                Logged::Txn(t) => {
                    format!("{} {:?} {} {:?}", e.client.as_deref().unwrap_or("-"), t.kind, t.path, t.error)
                }
                Logged::Notification { kind, path } => {
                    format!("{} got {} {path}", e.client.as_deref().unwrap_or("-"), kind.name())
                }
                Logged::Crashed => "crash".to_string(),
            })
            .collect();
        assert_eq!(
            summary,
            [
                "A CreateSession  None",
                "B CreateSession  None",
                "A Create /x None",
                "B got NodeCreated /x",
                "A Create /x Some(NodeExists)",
            ]
        );
        assert!(p.rename_client("A", "B", 4).is_err());
        assert!(p.rename_client("A", "Alice", 4).is_ok());
        assert_eq!(p.type_line("Alice", "ls /", 4).output, ["[x, zookeeper]"]);
    }
}
