//! The live playground with what the page shows of it: every client's console (scrollback and
//! history), the tabs and the virtual clock. Each learner action is one method here, used both
//! by the page's reducer and by the replay that rebuilds a saved playground from its journal, so
//! a reload shows the same consoles (see `persist`).

use crate::vec_map::VecMap;

use super::clock::VirtualClock;
use super::i18n::{fill, strings};
use super::persist::{ConsoleLog, LineKind};
use crate::engine::{Txn, TxnKind};
use crate::playground::{Action, Delivery, Did, Playground};
use crate::tutorial::Lang;

/// The connect string of the simulated 3-server ensemble (as in the reference recordings).
pub const ENSEMBLE: &str = "127.0.0.1:2182,127.0.0.1:2183,127.0.0.1:2184";

/// A playground that began as an imported scenario: its first `actions` journal entries were
/// replayed without console output, up to `at_ms`, and each console then showed `note`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Imported {
    pub actions: usize,
    pub at_ms: u64,
    pub note: String,
}

/// Everything that changes in place: the playground, the consoles and the virtual clock.
pub struct World {
    pub playground: Playground,
    pub clock: VirtualClock,
    /// The clients in tab order.
    pub tabs: Vec<String>,
    pub consoles: VecMap<String, ConsoleLog>,
    /// Bumped whenever a console's scrollback or prompt changes (its component re-renders).
    pub console_revs: VecMap<String, u64>,
    /// Bumped when the playground is reset (scrollback line ids start again).
    pub epoch: u64,
    /// Set when the playground came from an imported scenario.
    pub imported: Option<Imported>,
}

impl World {
    /// A world without clients on `playground`, its clock at `now_ms`.
    pub fn new(playground: Playground, now_ms: u64) -> World {
        World {
            playground,
            clock: VirtualClock::new(now_ms),
            tabs: Vec::new(),
            consoles: VecMap::new(),
            console_revs: VecMap::new(),
            epoch: 0,
            imported: None,
        }
    }

    /// A world on a playground that an imported scenario built (clock at `now_ms`, the end of
    /// the import): every client gets a tab whose console shows `note`.
    pub fn imported(playground: Playground, now_ms: u64, note: &str) -> World {
        let names: Vec<String> = playground.clients().iter().map(|c| c.name.clone()).collect();
        let actions = playground.actions().len();
        let mut world = World::new(playground, now_ms);
        for name in &names {
            world.console(name).push(LineKind::Note, note.to_string());
            world.touch(name);
        }
        world.tabs = names;
        world.imported = Some(Imported { actions, at_ms: now_ms, note: note.to_string() });
        world
    }

    pub fn touch(&mut self, client: &str) {
        let rev = self.console_revs.get_or_insert_with(client.to_string(), u64::default);
        *rev = rev.wrapping_add(1);
    }

    pub fn console(&mut self, client: &str) -> &mut ConsoleLog {
        self.consoles.get_or_insert_with(client.to_string(), ConsoleLog::default)
    }

    /// Appends notifications to the consoles they were printed in.
    fn deliver(&mut self, deliveries: &[Delivery]) {
        for d in deliveries {
            if d.lines.is_empty() {
                continue;
            }
            let kind = if d.event.is_some() { LineKind::Event } else { LineKind::Output };
            self.console(&d.client).extend(kind, d.lines.iter().cloned());
            self.touch(&d.client);
        }
    }

    /// The earliest expiry of a session whose client is gone.
    pub fn next_expiry(&self) -> Option<i64> {
        let engine = self.playground.engine();
        engine.sessions().keys().filter_map(|id| engine.expiry_of(*id)).min()
    }

    /// Starts a zkCli process named `name` (a new tab, or a new process in an existing one).
    pub fn open(&mut self, name: &str, connect: &str, extra_args: &[String]) -> Vec<Delivery> {
        let now = self.clock.now_ms();
        let (banner, _txns, deliveries) = self.playground.open_client_with_txns(name, connect, extra_args, now);
        if !self.tabs.iter().any(|t| t == name) {
            self.tabs.push(name.to_string());
        }
        self.console(name).extend(LineKind::Output, banner);
        self.touch(name);
        self.deliver(&deliveries);
        deliveries
    }

    /// A new zkCli process for a client that has a console already (the console says so).
    pub fn reconnect(&mut self, name: &str, connect: &str, extra_args: &[String], lang: Lang) -> Vec<Delivery> {
        self.console(name).push(LineKind::Note, fill(strings(lang).note_new_process, &[name]));
        self.open(name, connect, extra_args)
    }

    /// Enter in `client`'s console (in an ended one it starts a new zkCli, as its note says).
    pub fn submit(&mut self, client: &str, line: &str, lang: Lang) -> Vec<Delivery> {
        let exited = self.playground.client(client).is_none_or(|c| c.console.exited);
        if exited {
            return self.reconnect(client, ENSEMBLE, &[], lang);
        }
        let now = self.clock.now_ms();
        let outcome = self.playground.type_line(client, line, now);
        let log = self.console(client);
        log.remember(line);
        log.push(LineKind::Echo { prompt: outcome.prompt }, line);
        log.extend(LineKind::Output, outcome.output);
        if outcome.exited {
            log.push(LineKind::Note, fill(strings(lang).note_exited, &[client]));
        }
        self.touch(client);
        self.deliver(&outcome.deliveries);
        outcome.deliveries
    }

    /// The client's process is killed; returns whether it was running.
    pub fn crash(&mut self, client: &str, lang: Lang) -> bool {
        if self.playground.client(client).is_none_or(|c| c.console.exited) {
            return false;
        }
        let now = self.clock.now_ms();
        self.playground.kill(client, now);
        let session = self.playground.client(client).and_then(|c| c.console.session);
        let expiry = session.and_then(|s| self.playground.engine().expiry_of(s));
        let s = strings(lang);
        let note = match expiry {
            Some(at) => {
                fill(s.note_killed_expires, &[client, &super::clock::countdown_label(at.saturating_sub(now as i64))])
            }
            None => fill(s.note_killed, &[client]),
        };
        self.console(client).push(LineKind::Note, note);
        self.touch(client);
        true
    }

    /// The client's tab is closed: its process is killed and its console dropped.
    pub fn close(&mut self, client: &str) {
        let now = self.clock.now_ms();
        self.playground.remove_client(client, now);
        self.tabs.retain(|t| t != client);
        self.consoles.remove(client);
        self.console_revs.remove(client);
    }

    /// Gives a client another name (its tab and console move along).
    pub fn rename(&mut self, from: &str, to: &str) -> Result<(), String> {
        let now = self.clock.now_ms();
        self.playground.rename_client(from, to, now)?;
        for t in &mut self.tabs {
            if t == from {
                *t = to.to_string();
            }
        }
        if let Some(log) = self.consoles.remove(from) {
            self.consoles.insert(to.to_string(), log);
        }
        let rev = self.console_revs.remove(from).unwrap_or(0);
        self.console_revs.insert(to.to_string(), rev.wrapping_add(1));
        Ok(())
    }

    /// Moves the playground to the clock's now: notifications go to their consoles, and a
    /// crashed client's console tells when its session expired.
    pub fn advance(&mut self, lang: Lang) -> (Vec<Delivery>, Vec<Txn>) {
        let now = self.clock.now_ms();
        let (deliveries, txns) = self.playground.advance_with_txns(now);
        self.deliver(&deliveries);
        for txn in &txns {
            if !matches!(txn.kind, TxnKind::ExpireSession) {
                continue;
            }
            let Some(name) = self.playground.client_of(txn.session).map(str::to_string) else {
                continue;
            };
            if self.playground.client(&name).is_some_and(|c| c.console.session == Some(txn.session)) {
                let note = fill(strings(lang).note_expired, &[&crate::engine::zxid::hex(txn.session), &name]);
                self.console(&name).push(LineKind::Note, note);
                self.touch(&name);
            }
        }
        (deliveries, txns)
    }

    /// Redoes one journal entry the way the page did it: time moves to the entry's, then the
    /// client acts and its console shows what it showed then.
    pub fn redo(&mut self, action: &Action, lang: Lang) {
        self.clock.skip_to(u64::try_from(action.time).unwrap_or(0));
        self.advance(lang);
        match &action.what {
            Did::Open { client, connect, extra_args } => {
                // Only a client that already has a tab is reopened (reconnect, Enter after quit).
                if self.tabs.iter().any(|t| t == client) {
                    self.reconnect(client, connect, extra_args, lang);
                } else {
                    self.open(client, connect, extra_args);
                }
            }
            Did::Line { client, line } => {
                self.submit(client, line, lang);
            }
            Did::Kill { client } => {
                self.crash(client, lang);
            }
            Did::Remove { client } => self.close(client),
            Did::Rename { from, to } => {
                let _ = self.rename(from, to);
            }
            Did::ServerStop { index } => {
                let deliveries = self.playground.stop_server(*index, self.clock.now_ms());
                self.deliver(&deliveries);
            }
            Did::ServerStart { index } => {
                let deliveries = self.playground.start_server(*index, self.clock.now_ms());
                self.deliver(&deliveries);
            }
        }
    }
}
