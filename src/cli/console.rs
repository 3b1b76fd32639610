//! One zkCli process: its prompt and numbering, history, `printwatches`, its client library's
//! watch records, and every command of zkCli 3.8 with its exact output.

use crate::vec_map::VecMap;

use super::commands;
use super::format::watcher_block;
use super::parse::tokenize;
use crate::engine::watch::{AddWatchMode, ClientWatches, EventType, SessionId, WatchEvent};
use crate::engine::{Engine, Request, Response, Txn, ZkError};

/// The Java client's connection state, as the prompt shows it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ClientState {
    Connecting,
    Connected,
    Closed,
    AuthFailed,
}

impl ClientState {
    pub fn name(self) -> &'static str {
        match self {
            ClientState::Connecting => "CONNECTING",
            ClientState::Connected => "CONNECTED",
            ClientState::Closed => "CLOSED",
            ClientState::AuthFailed => "AUTH_FAILED",
        }
    }

    /// `States.isAlive()`.
    pub fn is_alive(self) -> bool {
        matches!(self, ClientState::Connecting | ClientState::Connected)
    }
}

/// What one typed line produced.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Executed {
    /// Everything the client printed before its next prompt (own notifications included).
    pub lines: Vec<String>,
    /// Notifications for other sessions, to route to their clients.
    pub events: Vec<WatchEvent>,
    /// Transactions the command caused, for the event log.
    pub txns: Vec<Txn>,
    /// Lines this client prints by itself right after (a reconnect's SyncConnected).
    pub later: Vec<String>,
    /// Notifications this client printed within its own output.
    pub notified: Vec<WatchEvent>,
    /// The process ended (quit or an uncaught exception).
    pub exited: bool,
}

/// A started zkCli process.
pub struct Opened {
    pub console: Console,
    /// What it printed before its first prompt (or before it exited, when it ran a command).
    pub banner: Vec<String>,
    pub txns: Vec<Txn>,
    /// Notifications its command caused for other sessions.
    pub events: Vec<WatchEvent>,
}

/// What `exec` of a command tells the read loop.
pub(crate) enum Flow {
    Continue,
    Quit,
    /// An uncaught exception: the stack trace is printed and the JVM exits.
    Crash(Vec<String>),
}

/// zkCli's default request timeout.
pub const DEFAULT_TIMEOUT_MS: i64 = 30_000;

/// One zkCli process and its client library state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Console {
    pub connect_string: String,
    pub state: ClientState,
    pub session: Option<SessionId>,
    pub requested_timeout_ms: i64,
    pub negotiated_timeout_ms: i64,
    /// Which server of the ensemble the client talks to (0-based).
    pub server: usize,
    pub(crate) count: i32,
    pub(crate) history: VecMap<i32, String>,
    pub(crate) printwatches: bool,
    /// zkCli's `addWatch -m` value sticks for the life of the process.
    pub(crate) addwatch_mode: AddWatchMode,
    pub watches: ClientWatches,
    last_tokens: Vec<String>,
    /// When the client last sent anything (requests and pings keep the session alive).
    pub last_send_ms: i64,
    /// The prompt printed after the last command (what the user types after).
    pub prompt_shown: String,
    pub exited: bool,
}

/// Output of one command while it runs.
#[derive(Default)]
pub(crate) struct Out {
    pub lines: Vec<String>,
    pub own_events: Vec<String>,
    pub notified: Vec<WatchEvent>,
    pub events: Vec<WatchEvent>,
    pub txns: Vec<Txn>,
    pub later: Vec<String>,
}

impl Out {
    pub fn line(&mut self, s: impl Into<String>) {
        self.lines.push(s.into());
    }

    pub fn extend(&mut self, lines: impl IntoIterator<Item = String>) {
        self.lines.extend(lines);
    }
}

impl Console {
    /// Starts `zkCli.sh -server CONNECT [extra args]`: a session is created and the banner
    /// printed. Arguments after the options are a command to run non-interactively: zkCli runs
    /// it (its tokens as they are, no quote stripping) and exits without closing the session.
    pub fn open(engine: &mut Engine, connect: &str, extra_args: &[String], server: usize, now_ms: i64) -> Opened {
        let mut requested = DEFAULT_TIMEOUT_MS;
        let mut command = Vec::new();
        let mut args = extra_args.iter();
        while let Some(arg) = args.next() {
            match arg.as_str() {
                "-timeout" => {
                    requested = args.next().and_then(|t| t.parse::<i64>().ok()).unwrap_or(DEFAULT_TIMEOUT_MS);
                }
                "-client-configuration" | "-server" => {
                    args.next();
                }
                "-r" | "-waitforconnection" => {}
                _ => {
                    command.push(arg.clone());
                    command.extend(args.by_ref().cloned());
                }
            }
        }
        let mut console = Console {
            connect_string: connect.to_string(),
            state: ClientState::Connected,
            session: None,
            requested_timeout_ms: requested,
            negotiated_timeout_ms: requested,
            server,
            count: 0,
            history: VecMap::new(),
            printwatches: true,
            addwatch_mode: AddWatchMode::PersistentRecursive,
            watches: ClientWatches::default(),
            last_tokens: Vec::new(),
            last_send_ms: now_ms,
            prompt_shown: String::new(),
            exited: false,
        };
        let txn = console.start_session(engine, now_ms);
        let mut banner = vec![format!("Connecting to {connect}")];
        if command.is_empty() {
            banner.extend(["Welcome to ZooKeeper!".to_string(), "JLine support is enabled".to_string()]);
            banner.extend(watcher_block("SyncConnected", EventType::None, None));
            console.prompt_shown = console.prompt();
            return Opened { console, banner, txns: vec![txn], events: Vec::new() };
        }
        banner.extend(watcher_block("SyncConnected", EventType::None, None));
        let mut out = Out::default();
        let flow = commands::process(&mut console, engine, command, now_ms, &mut out);
        banner.extend(out.lines);
        banner.extend(out.own_events);
        if let Flow::Crash(trace) = flow {
            banner.extend(trace);
        }
        // The JVM exits without closing the session (no shutdown hook).
        if console.state.is_alive() {
            if let Some(session) = console.session {
                engine.client_gone(session, console.last_packet_ms(now_ms));
            }
        }
        console.exited = true;
        console.state = ClientState::Closed;
        let mut txns = vec![txn];
        txns.extend(out.txns);
        Opened { console, banner, txns, events: out.events }
    }

    fn start_session(&mut self, engine: &mut Engine, now_ms: i64) -> Txn {
        let (id, timeout, txn) = engine.create_session(self.requested_timeout_ms, self.server, now_ms);
        self.session = Some(id);
        self.negotiated_timeout_ms = timeout;
        self.state = ClientState::Connected;
        self.watches = ClientWatches::default();
        self.last_send_ms = now_ms;
        txn
    }

    /// `[zk: <connect string>(<STATE>) <N>] `
    pub fn prompt(&self) -> String {
        format!("[zk: {}({}) {}] ", self.connect_string, self.state.name(), self.count)
    }

    /// The commands typed so far, by number.
    pub fn history(&self) -> &VecMap<i32, String> {
        &self.history
    }

    /// The last moment the server heard from this client if it dies at `now_ms`: an idle client
    /// pings every third of its session timeout.
    pub fn last_packet_ms(&self, now_ms: i64) -> i64 {
        let interval = (self.negotiated_timeout_ms / 3).max(1);
        let idle = (now_ms - self.last_send_ms).max(0);
        self.last_send_ms + idle / interval * interval
    }

    /// The client prints a notification the server sent it, if its watch records still want it.
    pub fn notify(&mut self, event: &WatchEvent) -> Option<Vec<String>> {
        if self.exited || Some(event.session) != self.session {
            return None;
        }
        let wanted = self.watches.materialize(event.kind, &event.path);
        (wanted && self.printwatches).then(|| watcher_block("SyncConnected", event.kind, Some(&event.path)))
    }

    pub(crate) fn print_state_event(&self, out: &mut Vec<String>, state: &str) {
        if self.printwatches {
            out.extend(watcher_block(state, EventType::None, None));
        }
    }

    /// Sends a request to the server: own notifications are kept for after the output, the
    /// rest returned for routing.
    pub(crate) fn request(
        &mut self,
        engine: &mut Engine,
        request: Request,
        now_ms: i64,
        out: &mut Out,
    ) -> Result<Response, ZkError> {
        let Some(session) = self.session else {
            return Err(ZkError::SessionExpired);
        };
        if self.state == ClientState::Connecting && !engine.serving(self.server) {
            // The request waits for a connection that does not come back in time.
            return Err(ZkError::ConnectionLoss);
        }
        self.last_send_ms = now_ms;
        let outcome = engine.apply(session, request, now_ms);
        out.txns.extend(outcome.txn);
        for event in outcome.events {
            if event.session == session {
                if let Some(lines) = self.notify(&event) {
                    out.own_events.extend(lines);
                    out.notified.push(event);
                }
            } else {
                out.events.push(event);
            }
        }
        outcome.result
    }

    /// Closes the session (`quit`, `close`, `connect`): own notifications first, then `Closed`.
    pub(crate) fn close_session(&mut self, engine: &mut Engine, now_ms: i64, out: &mut Out) {
        if self.state == ClientState::Connecting && !engine.serving(self.server) {
            // closeSession cannot reach a server: the session lives on until it expires.
            if let Some(session) = self.session {
                engine.client_gone(session, self.last_packet_ms(now_ms));
            }
        } else if let Some(session) = self.session {
            if let Some(timed) = engine.close_session(session, now_ms) {
                out.txns.push(timed.txn);
                for event in timed.events {
                    if event.session == session {
                        if let Some(lines) = self.notify(&event) {
                            out.own_events.extend(lines);
                            out.notified.push(event);
                        }
                    } else {
                        out.events.push(event);
                    }
                }
            }
        }
        self.state = ClientState::Closed;
        let mut closed = Vec::new();
        self.print_state_event(&mut closed, "Closed");
        out.own_events.extend(closed);
    }

    /// `connect host:port`: the old session closes, a new one is made; the prompt shows
    /// CONNECTING until the client hears back, which it prints by itself right after.
    pub(crate) fn reconnect(&mut self, engine: &mut Engine, connect: &str, now_ms: i64, out: &mut Out) {
        if self.state.is_alive() {
            self.close_session(engine, now_ms, out);
        }
        self.connect_string = connect.to_string();
        out.txns.push(self.start_session(engine, now_ms));
        self.state = ClientState::Connecting;
        let mut later = Vec::new();
        self.print_state_event(&mut later, "SyncConnected");
        out.later.extend(later);
    }

    /// The connection completes (after `connect`), if the server is there.
    pub fn finish_connecting(&mut self, engine: &Engine) {
        if self.state == ClientState::Connecting && engine.serving(self.server) {
            self.state = ClientState::Connected;
        }
    }

    /// The client's server went away: it prints `Disconnected` and keeps trying.
    pub fn lose_connection(&mut self) -> Vec<String> {
        let mut lines = Vec::new();
        if self.exited || !self.state.is_alive() {
            return lines;
        }
        self.state = ClientState::Connecting;
        self.print_state_event(&mut lines, "Disconnected");
        lines
    }

    /// A disconnected client finds a serving server among its hosts: it resumes its session
    /// (`SyncConnected`) or learns that the session expired meanwhile (`Expired`, then CLOSED).
    pub fn try_reconnect(&mut self, engine: &Engine, now_ms: i64) -> Vec<String> {
        let mut lines = Vec::new();
        if self.exited || self.state != ClientState::Connecting || engine.serving(self.server) {
            if !self.exited && self.state == ClientState::Connecting && engine.serving(self.server) {
                self.state = ClientState::Connected;
                self.last_send_ms = now_ms;
                self.print_state_event(&mut lines, "SyncConnected");
            }
            return lines;
        }
        let count = engine.server_count();
        let Some(server) = (1..=count).map(|k| (self.server + k) % count).find(|s| engine.serving(*s)) else {
            return lines;
        };
        self.server = server;
        if self.session.is_some_and(|s| engine.session(s).is_some()) {
            self.state = ClientState::Connected;
            self.last_send_ms = now_ms;
            self.print_state_event(&mut lines, "SyncConnected");
        } else {
            self.state = ClientState::Closed;
            self.watches = ClientWatches::default();
            self.print_state_event(&mut lines, "Expired");
        }
        lines
    }

    /// The user types a line and presses Enter.
    pub fn execute(&mut self, engine: &mut Engine, line: &str, now_ms: i64) -> Executed {
        if self.exited {
            return Executed { exited: true, ..Default::default() };
        }
        let mut out = Out::default();
        let mut flow = Flow::Continue;
        // executeLine: an empty line is not a command and does not count.
        if !line.is_empty() {
            let tokens = tokenize(line);
            if !tokens.is_empty() {
                self.last_tokens = tokens;
            }
            self.history.insert(self.count, line.to_string());
            let tokens = self.last_tokens.clone();
            flow = commands::process(self, engine, tokens, now_ms, &mut out);
            self.count += 1;
        }
        let mut lines = out.lines;
        lines.extend(out.own_events);
        let exited = match flow {
            Flow::Continue => false,
            Flow::Quit => true,
            Flow::Crash(trace) => {
                lines.extend(trace);
                true
            }
        };
        if exited {
            self.exited = true;
            if self.state.is_alive() {
                if let Some(session) = self.session {
                    // An uncaught exception: the JVM dies without closing the session.
                    engine.client_gone(session, self.last_packet_ms(now_ms));
                }
            }
            self.state = ClientState::Closed;
        }
        self.prompt_shown = self.prompt();
        // A terminal shows an embedded newline (from a typed line or data) as a line break.
        let lines = lines.iter().flat_map(|l| l.split('\n')).map(str::to_string).collect();
        Executed { lines, events: out.events, txns: out.txns, later: out.later, notified: out.notified, exited }
    }

    /// The process is killed (kill -9, SIGTERM, Ctrl-C): nothing is sent; the server keeps the
    /// session until it expires.
    pub fn kill(&mut self, engine: &mut Engine, now_ms: i64) {
        if self.exited {
            return;
        }
        self.exited = true;
        if self.state.is_alive() {
            if let Some(session) = self.session {
                engine.client_gone(session, self.last_packet_ms(now_ms));
            }
        }
    }

    pub(crate) fn set_state(&mut self, state: ClientState) {
        self.state = state;
    }
}
